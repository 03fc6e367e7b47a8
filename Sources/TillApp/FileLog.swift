import Foundation
import TillCore
import TillStore

/// Appends timestamped lines to a log file (0600); never writes to the screen. Secrets must never be passed in.
/// Every message is one line: control characters, newlines and bidi controls from untrusted text (node replies,
/// catalog names, hook stderr) are written as visible escapes, so nothing forges a line or drives a terminal.
public final class FileLog: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle?
    public let path: String

    public init(path: String) {
        self.path = path
        handle = try? PrivateFiles.appending(path)
    }

    /// The line `write` appends for `message`: `2026-11-25T13:04:58Z level message`.
    public static func line(_ level: String, _ message: String, at date: Date = Date()) -> String {
        "\(ISO8601DateFormatter().string(from: date)) \(level) \(UntrustedText.escaped(message))\n"
    }

    /// Writes one line: `2026-11-25T13:04:58Z level message`.
    public func write(_ level: String, _ message: String) {
        let line = Self.line(level, message)
        lock.lock()
        defer { lock.unlock() }
        handle?.write(Data(line.utf8))
    }

    public func info(_ message: String) { write("info", message) }
    public func error(_ message: String) { write("error", message) }
}
