import Foundation

/// One line on standard error while the till prepares something slow before its screen opens (a changed large
/// catalog), so the terminal is never blank; on a terminal each message replaces the previous one.
enum StartProgress {
    /// Shows `message` ("till: checked 25000 of 370000 products").
    static func show(_ message: String) {
        let onTerminal = isatty(STDERR_FILENO) == 1
        let line = onTerminal ? "\r\u{1B}[K till: \(message)" : "till: \(message)\n"
        FileHandle.standardError.write(Data(line.utf8))
    }
}
