/// One character cell of a `capture-pane -e` screen with the colours in force when it was printed.
public struct ScreenCell: Equatable, Sendable {
    public let character: Character
    /// 0–15 for the ANSI colours (0 black, 7 white, 8–15 bright), 16–255 for indexed, nil for the default.
    public let foreground: Int?
    public let background: Int?
    public let bold: Bool
    public let reverse: Bool
}

/// Parses the SGR escapes (`ESC[…m`) that `tmux capture-pane -p -e` emits into cells per row,
/// so tests can assert colours (for example: the QR is black on white whatever the theme).
public enum TmuxScreenColors {
    public static func parse(_ escapedScreen: String) -> [[ScreenCell]] {
        var rows: [[ScreenCell]] = []
        var foreground: Int?, background: Int?, bold = false, reverse = false
        for line in escapedScreen.split(separator: "\n", omittingEmptySubsequences: false) {
            var row: [ScreenCell] = []
            var index = line.startIndex
            while index < line.endIndex {
                let character = line[index]
                if character == "\u{1B}", line[line.index(after: index)...].hasPrefix("[") {
                    let start = line.index(index, offsetBy: 2)
                    guard let end = line[start...].firstIndex(where: { $0.isLetter }) else { break }
                    if line[end] == "m" {
                        apply(line[start..<end].split(separator: ";", omittingEmptySubsequences: false).map { Int($0) ?? 0 },
                              &foreground, &background, &bold, &reverse)
                    }
                    index = line.index(after: end)
                    continue
                }
                row.append(ScreenCell(character: character, foreground: foreground, background: background,
                                      bold: bold, reverse: reverse))
                index = line.index(after: index)
            }
            rows.append(row)
        }
        return rows
    }

    private static func apply(_ codes: [Int], _ foreground: inout Int?, _ background: inout Int?,
                              _ bold: inout Bool, _ reverse: inout Bool) {
        var iterator = codes.makeIterator()
        while let code = iterator.next() {
            switch code {
            case 0: foreground = nil; background = nil; bold = false; reverse = false
            case 1: bold = true
            case 22: bold = false
            case 7: reverse = true
            case 27: reverse = false
            case 30...37: foreground = code - 30
            case 90...97: foreground = code - 90 + 8
            case 39: foreground = nil
            case 40...47: background = code - 40
            case 100...107: background = code - 100 + 8
            case 49: background = nil
            case 38, 48:
                // 38;5;n (indexed) or 38;2;r;g;b (direct colour, kept as nil: tests here use indexed colours).
                let mode = iterator.next()
                var value: Int?
                if mode == 5 { value = iterator.next() } else if mode == 2 { _ = iterator.next(); _ = iterator.next(); _ = iterator.next() }
                if code == 38 { foreground = value } else { background = value }
            default: break
            }
        }
    }
}
