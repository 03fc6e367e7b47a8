import Foundation
import Logging
import TillCore
import TillManager

/// The till's log: a swift-log `Logger` writing `till.log` (0600, rotated by size) through `TillLogHandler`; never the
/// screen. Every message is one line: control characters, newlines and bidi controls from untrusted text (node replies,
/// catalog names, hook stderr) are written as visible escapes, so nothing forges a line or drives a terminal.
/// Secrets must never be passed in.
public final class FileLog: @unchecked Sendable {
    public let path: String
    /// The logger itself, for code that wants levels and metadata directly.
    public let logger: Logger

    /// `level`: the least severe level written; `maxBytes`/`keep`: when to rotate and how many old files to keep.
    public init(path: String, level: Logger.Level = .info, maxBytes: Int = 10 * 1_024 * 1_024, keep: Int = 3) {
        self.path = path
        let file = RotatingLogFile(path: path, maxBytes: maxBytes, keep: keep)
        logger = Logger(label: "till") { _ in TillLogHandler(logLevel: level, file: file) }
    }

    /// The line the handler appends for `message`: `2026-11-25T13:04:58Z level message`.
    public static func line(_ level: String, _ message: String, at date: Date = Date()) -> String {
        "\(TimeText.utcSeconds(date)) \(level) \(UntrustedText.escaped(message))\n"
    }

    /// Writes one message at `level` ("info", "warning", "error", … as swift-log names them; unknown names are errors).
    public func write(_ level: String, _ message: String) {
        logger.log(level: Logger.Level(rawValue: level) ?? .error, "\(message)")
    }

    public func info(_ message: String) { logger.info("\(message)") }
    public func error(_ message: String) { logger.error("\(message)") }
}
