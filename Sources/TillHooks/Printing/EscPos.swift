import TillCore

/// ESC/POS command bytes (Epson's printer language, spoken by nearly every receipt printer).
public enum EscPos {
    /// ESC @: reset the printer to its power-on state.
    public static let initialize: [UInt8] = [0x1B, 0x40]
    /// GS V 65 n: feed to the cutter plus `n` lines, then a full cut.
    public static func feedAndCut(lines: UInt8 = 3) -> [UInt8] { [0x1D, 0x56, 0x41, lines] }
    /// ESC d n: print and feed `n` lines.
    public static func feed(lines: UInt8) -> [UInt8] { [0x1B, 0x64, lines] }
    /// ESC E n: emphasis (bold) on or off.
    public static func bold(_ on: Bool) -> [UInt8] { [0x1B, 0x45, on ? 1 : 0] }
    /// GS ! n: character size; 0x11 is double width and double height.
    public static func doubleSize(_ on: Bool) -> [UInt8] { [0x1D, 0x21, on ? 0x11 : 0x00] }
    /// ESC a n: 0 left, 1 centre, 2 right.
    public static func align(_ alignment: Alignment) -> [UInt8] { [0x1B, 0x61, alignment.rawValue] }
    /// ESC t n: select the character code table.
    public static func codeTable(_ n: UInt8) -> [UInt8] { [0x1B, 0x74, n] }

    public enum Alignment: UInt8, Sendable { case left = 0, centre = 1, right = 2 }

    /// The most bytes a QR code holds in byte mode at level M (version 40).
    public static let qrCapacity = 2_331

    /// GS ( k: a QR code, model 2, error correction M, `moduleSize` dots per module, then printed.
    /// `EscPosDocument.qr` leaves out data longer than `qrCapacity`.
    public static func qrCode(_ data: [UInt8], moduleSize: UInt8 = 6) -> [UInt8] {
        func function(_ fn: UInt8, _ parameters: [UInt8]) -> [UInt8] {
            let length = parameters.count + 2
            return [0x1D, 0x28, 0x6B, UInt8(length & 0xFF), UInt8(length >> 8), 0x31, fn] + parameters
        }
        return function(0x41, [0x32, 0x00])          // 165: model 2
            + function(0x43, [moduleSize])           // 167: module size
            + function(0x45, [0x31])                 // 169: error correction M (49)
            + function(0x50, [0x30] + data)          // 180: store the data
            + function(0x51, [0x30])                 // 181: print the stored symbol
    }
}

/// Builds one ESC/POS print job: starts with ESC @ and the code table, ends with feed and cut.
public struct EscPosDocument: Sendable {
    public let codePage: PrinterCodePage
    public private(set) var bytes: [UInt8]

    public init(codePage: PrinterCodePage) {
        self.codePage = codePage
        bytes = EscPos.initialize + (codePage.escposTable.map(EscPos.codeTable) ?? [])
    }

    /// One line of text, then LF.
    public mutating func line(_ text: String) {
        bytes += codePage.encode(text) + [0x0A]
    }

    /// A line centred, bold and double size (the shop's name). Double width halves the columns, so
    /// `text` should fit in half the paper's width.
    public mutating func title(_ text: String) {
        bytes += EscPos.align(.centre) + EscPos.bold(true) + EscPos.doubleSize(true)
        line(text)
        bytes += EscPos.doubleSize(false) + EscPos.bold(false) + EscPos.align(.left)
    }

    /// Bold lines (the total, the status).
    public mutating func boldLine(_ text: String) {
        bytes += EscPos.bold(true)
        line(text)
        bytes += EscPos.bold(false)
    }

    /// A centred QR code of `payload` (ASCII/UTF-8 text such as a payment URI or a txid). The data travels inside
    /// a length-prefixed block; control characters are replaced all the same, and a payload too long for any
    /// QR symbol (whose length would not fit the two length bytes either) is left out.
    public mutating func qr(_ payload: String) {
        let data = Array(UntrustedText.replacing(payload).utf8)
        guard data.count <= EscPos.qrCapacity else { return }
        bytes += EscPos.align(.centre) + EscPos.qrCode(data) + [0x0A] + EscPos.align(.left)
    }

    /// Feeds the paper past the cutter and cuts; the document is complete.
    public mutating func finish() {
        bytes += EscPos.feedAndCut()
    }
}
