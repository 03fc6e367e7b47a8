import Foundation
import TillStore

/// The log file (0600), rotated by size: past `maxBytes` it becomes `till.log.1` (the older ones shift up to
/// `till.log.<keep>`, the oldest dropped) and a new file starts, so a till that runs for years cannot fill its disk.
final class RotatingLogFile: @unchecked Sendable {
    let path: String
    let maxBytes: Int
    let keep: Int
    private let lock = NSLock()
    private var handle: FileHandle?
    private var size: Int

    init(path: String, maxBytes: Int, keep: Int) {
        self.path = path
        self.maxBytes = max(4_096, maxBytes)
        self.keep = max(1, keep)
        handle = try? PrivateFiles.appending(path)
        size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    }

    /// Appends one line (already escaped and ended with a newline), rotating first when it would not fit.
    func append(_ line: String) {
        let data = Data(line.utf8)
        lock.lock()
        defer { lock.unlock() }
        if size > 0, size + data.count > maxBytes { rotate() }
        handle?.write(data)
        size += data.count
    }

    private func rotate() {
        try? handle?.close()
        let files = FileManager.default
        try? files.removeItem(atPath: "\(path).\(keep)")
        for index in stride(from: keep - 1, through: 1, by: -1) {
            try? files.moveItem(atPath: "\(path).\(index)", toPath: "\(path).\(index + 1)")
        }
        try? files.moveItem(atPath: path, toPath: "\(path).1")
        handle = try? PrivateFiles.appending(path)
        size = 0
    }
}
