import Foundation

/// Appends timestamped lines to a log file; never writes to the screen. Secrets must never be passed in.
public final class FileLog: @unchecked Sendable {
    private let lock = NSLock()
    private let handle: FileHandle?
    public let path: String

    public init(path: String) {
        self.path = path
        let url = URL(fileURLWithPath: path)
        try? FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        handle = try? FileHandle(forWritingTo: url)
        _ = try? handle?.seekToEnd()
    }

    /// Writes one line: `2026-11-25T13:04:58Z level message`.
    public func write(_ level: String, _ message: String) {
        let line = "\(ISO8601DateFormatter().string(from: Date())) \(level) \(message)\n"
        lock.lock()
        defer { lock.unlock() }
        handle?.write(Data(line.utf8))
    }

    public func info(_ message: String) { write("info", message) }
    public func error(_ message: String) { write("error", message) }
}
