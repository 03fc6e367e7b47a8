import CQRencode
import Foundation

/// A QR code symbol: a square matrix of dark and light modules, encoded by libqrencode.
public struct QRCode: Hashable, Sendable {
    /// Error-correction levels (M is what the till uses: 15 % of the symbol may be damaged).
    public enum Level: String, CaseIterable, Sendable { case low = "L", medium = "M", quartile = "Q", high = "H" }

    /// The text that was encoded.
    public let payload: String
    /// The error-correction level it was encoded at.
    public let level: Level
    /// The QR version, 1…40.
    public let version: Int
    /// Modules per side (17 + 4 × version), without quiet zone.
    public let size: Int
    /// Row-major, `size * size`, true for a dark module.
    public let modules: [Bool]

    /// Encodes `payload` case-sensitively, letting libqrencode split it into numeric, alphanumeric and
    /// byte segments, so an upper-cased URI gets the denser alphanumeric mode where it can.
    public init(_ payload: String, level: Level = .medium) throws(QRCodeError) {
        guard !payload.isEmpty else { throw QRCodeError.emptyPayload }
        let ecLevel: QRecLevel = switch level {
        case .low: QR_ECLEVEL_L
        case .medium: QR_ECLEVEL_M
        case .quartile: QR_ECLEVEL_Q
        case .high: QR_ECLEVEL_H
        }
        // Version 0 asks for the smallest version that fits; hint QR_MODE_8 keeps UTF-8 bytes as they are.
        guard let code = QRcode_encodeString(payload, 0, ecLevel, QR_MODE_8, 1) else {
            throw QRCodeError.tooLong(characters: payload.count, utf8Bytes: payload.utf8.count, errno: errno)
        }
        defer { QRcode_free(code) }
        let width = Int(code.pointee.width)
        // Bit 0 of each libqrencode byte is the module's colour; the other bits describe its role.
        let buffer = UnsafeBufferPointer(start: code.pointee.data, count: width * width)
        self.payload = payload
        self.level = level
        self.version = Int(code.pointee.version)
        self.size = width
        self.modules = buffer.map { $0 & 1 == 1 }
    }

    /// True when the module at column x, row y is dark; outside the symbol (the quiet zone) is light.
    @inline(__always)
    public func isDark(x: Int, y: Int) -> Bool {
        x >= 0 && y >= 0 && x < size && y < size && modules[y * size + x]
    }
}

/// Why a QR code could not be made.
public enum QRCodeError: Error, Equatable, Sendable {
    case emptyPayload
    /// The payload does not fit even version 40 at the chosen level (or libqrencode failed).
    case tooLong(characters: Int, utf8Bytes: Int, errno: Int32)

    /// A sentence for the screen or the log.
    public var message: String {
        switch self {
        case .emptyPayload:
            "QR code: nothing to encode (the payload is empty)"
        case let .tooLong(characters, bytes, code):
            "QR code: the payload of \(characters) characters (\(bytes) bytes) could not be encoded "
                + "(libqrencode errno \(code)); it is longer than a QR code holds"
        }
    }
}
