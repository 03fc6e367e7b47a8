import Foundation

/// Decodes a QR code drawn with half blocks (`█ ▀ ▄`, dark on light) in captured terminal text:
/// the text becomes a greyscale image, 8 pixels per module, and `zbarimg` reads it.
public enum QRScreenDecoder {
    /// Why decoding could not even be tried.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// The module matrix seen in `lines`: each character is one module column and two module rows
    /// (`█` both dark, `▀` top dark, `▄` bottom dark, anything else light). Rows are padded to equal width.
    /// Wide characters left of the QR on the same row would shift it; screens keep them away.
    public static func modules(fromHalfBlocks lines: [String]) -> [[Bool]] {
        let width = lines.map(\.count).max() ?? 0
        var rows: [[Bool]] = []
        for line in lines {
            var top = [Bool](repeating: false, count: width), bottom = top
            for (index, character) in line.enumerated() {
                switch character {
                case "█": top[index] = true; bottom[index] = true
                case "▀": top[index] = true
                case "▄": bottom[index] = true
                default: break
                }
            }
            rows.append(top)
            rows.append(bottom)
        }
        return rows
    }

    /// A binary PGM (P5) image of `modules`, `scale` pixels per module, with a white border of `border` modules.
    public static func pgm(modules: [[Bool]], scale: Int = 8, border: Int = 4) -> Data {
        let columns = modules.first?.count ?? 0
        let width = (columns + 2 * border) * scale, height = (modules.count + 2 * border) * scale
        var pixels = [UInt8](repeating: 255, count: width * height)
        for (row, line) in modules.enumerated() {
            for (column, dark) in line.enumerated() where dark {
                let left = (column + border) * scale, top = (row + border) * scale
                for y in top..<(top + scale) {
                    let start = y * width + left
                    pixels.replaceSubrange(start..<(start + scale), with: repeatElement(0, count: scale))
                }
            }
        }
        var data = Data("P5\n\(width) \(height)\n255\n".utf8)
        data.append(contentsOf: pixels)
        return data
    }

    /// The text of the QR code(s) in `lines` as `zbarimg --raw` prints it (one line per symbol, no final
    /// newline), or nil when zbarimg finds no symbol. Throws when zbarimg is missing or fails otherwise.
    public static func decode(lines: [String]) throws -> String? {
        guard let zbarimg = Processes.which("zbarimg") else {
            throw Failure(description: "zbarimg not found on PATH: run `bash .ci/test` (it installs zbar-tools)")
        }
        let directory = try TemporaryDirectory(prefix: "till-qr")
        let image = directory.file("screen.pgm")
        try pgm(modules: modules(fromHalfBlocks: lines)).write(to: image)
        // zbarimg prints a harmless D-Bus connection warning on stderr; only the exit code matters.
        let result = try withExtendedLifetime(directory) { try TmuxProcess.run(zbarimg, ["--raw", "-q", image.path]) }
        switch result.status {
        case 0:
            var text = result.stdout
            if text.hasSuffix("\n") { text.removeLast() }
            return text
        case 4:
            return nil
        default:
            throw Failure(description: "zbarimg exited \(result.status): \(result.stderr)")
        }
    }

    /// Like `decode(lines:)` for a whole captured screen.
    public static func decode(screen: String) throws -> String? {
        try decode(lines: screen.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    }
}
