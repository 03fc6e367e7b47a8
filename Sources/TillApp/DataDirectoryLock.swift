import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// One till per data directory: an exclusive `flock` on `<data>/till.lock`, held until the process exits (the
/// kernel releases it on any exit, `kill -9` included, so a crash never leaves a stale lock). The file holds the
/// owner's pid, so a refused second till can name it.
///
/// Only the till itself takes it: `till config check`, `till audit verify`, exports and the other manager commands
/// read or write the database in short SQLite transactions that are safe next to a running till.
public final class DataDirectoryLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    /// Locks are kept for the life of the process.
    nonisolated(unsafe) private static var held: [DataDirectoryLock] = []

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    /// Takes the lock of `directory` for the rest of the process, or throws naming the till that holds it.
    @discardableResult
    public static func acquire(_ directory: URL) throws -> DataDirectoryLock {
        let path = directory.appendingPathComponent("till.lock").path
        // O_CLOEXEC: a command hook or printer started by the till must not inherit (and outlive it with) the lock.
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw TillAppError("cannot open the lock file \(path): \(String(cString: strerror(errno)))")
        }
        // The data directory is private; so is every file in it, whatever an earlier version left (it holds a pid only).
        fchmod(fd, 0o600)
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let reason = errno
            let owner = Self.owner(fd)
            close(fd)
            guard reason == EWOULDBLOCK else {
                throw TillAppError("cannot lock \(path): \(String(cString: strerror(reason)))")
            }
            let who = owner.map { "another till (pid \($0))" } ?? "another till"
            throw TillAppError("\(who) is already running on the data directory \(directory.path); "
                + "stop it first (one till per data directory; \(path) is its lock)")
        }
        let pid = "\(getpid())\n"
        _ = ftruncate(fd, 0)
        _ = pid.withCString { pwrite(fd, $0, strlen($0), 0) }
        let lock = DataDirectoryLock(path: path, descriptor: fd)
        held.append(lock)
        return lock
    }

    /// The pid written by the holder, if readable.
    private static func owner(_ fd: Int32) -> Int32? {
        var buffer = [UInt8](repeating: 0, count: 32)
        let count = pread(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
