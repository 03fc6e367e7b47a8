import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Everything the till writes holds PIN hashes, sales or secrets, so its data directory is 0700 and its files
/// 0600, set explicitly (`fchmod`/`chmod`), never left to the umask. The one place the till creates files.
public enum PrivateFiles {
    /// Owner read/write only.
    public static let fileMode: mode_t = 0o600
    /// Owner only.
    public static let directoryMode: mode_t = 0o700

    /// Creates `path` and its missing parents, each 0700. An existing folder is left as it is (a log in /var/log
    /// must not close /var/log), unless `tightening`: the till's own data directory is made 0700 at every start.
    public static func directory(_ path: String, tightening: Bool = false) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw NSError(domain: NSPOSIXErrorDomain, code: Int(ENOTDIR),
                                                             userInfo: [NSLocalizedDescriptionKey: "\(path) is not a directory"]) }
        } else {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != path { try directory(parent) }
            if mkdir(path, directoryMode) != 0, errno != EEXIST { throw failure("cannot create \(path)") }
            guard chmod(path, directoryMode) == 0 else { throw failure("cannot make \(path) private") }
            return
        }
        if tightening, chmod(path, directoryMode) != 0 { throw failure("cannot make \(path) private") }
    }

    /// Makes `path` a 0600 file without ever opening an existing one: creates it (O_EXCL) when missing, else only
    /// `chmod`s it. For SQLite files: closing any descriptor of a database file drops every POSIX lock this process
    /// holds on it (SQLite's "how to corrupt", 2.2), so a second open of a database already open here must not
    /// `open`/`close` the file behind SQLite's back.
    public static func createWithoutOpening(_ path: String) throws {
        try directory((path as NSString).deletingLastPathComponent)
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        if fd >= 0 {
            defer { close(fd) }
            guard fchmod(fd, fileMode) == 0 else { throw failure("cannot make \(path) private") }
            return
        }
        guard errno == EEXIST else { throw failure("cannot create \(path)") }
        guard chmod(path, fileMode) == 0 else { throw failure("cannot make \(path) private") }
    }

    /// Sets an existing file to 0600; a missing one is fine.
    public static func tighten(_ path: String) {
        if FileManager.default.fileExists(atPath: path) { _ = chmod(path, fileMode) }
    }

    /// Writes `data` to `path` atomically (a 0600 temporary file renamed over it), creating the directory 0700.
    public static func write(_ data: Data, to path: String) throws {
        let folder = (path as NSString).deletingLastPathComponent
        try directory(folder.isEmpty ? "." : folder)
        let temporary = path + ".tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw failure("cannot create \(temporary)") }
        var ok = fchmod(fd, fileMode) == 0
        data.withUnsafeBytes { buffer in
            var offset = 0
            while ok, offset < buffer.count {
                let written = Glibc.write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 { if errno == EINTR { continue }; ok = false } else { offset += written }
            }
        }
        ok = ok && fsync(fd) == 0
        close(fd)
        guard ok, rename(temporary, path) == 0 else {
            let error = failure("cannot write \(path)")
            unlink(temporary)
            throw error
        }
    }

    /// A handle appending to `path` (created 0600 when missing, tightened when not).
    public static func appending(_ path: String) throws -> FileHandle {
        try createWithoutOpening(path)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        _ = try handle.seekToEnd()
        return handle
    }

    /// A handle writing `path` from its start (created 0600, or emptied; a regular file is also set to 0600).
    public static func truncating(_ path: String) throws -> FileHandle {
        let folder = (path as NSString).deletingLastPathComponent
        if !folder.isEmpty { try directory(folder) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, fileMode)
        guard fd >= 0 else { throw failure("cannot create \(path)") }
        var status = stat()
        if fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, fchmod(fd, fileMode) != 0 {
            let error = failure("cannot make \(path) private")
            close(fd)
            throw error
        }
        return FileHandle(fileDescriptor: fd, closeOnDealloc: true)
    }

    private static func failure(_ what: String) -> NSError {
        let code = errno
        return NSError(domain: NSPOSIXErrorDomain, code: Int(code),
                       userInfo: [NSLocalizedDescriptionKey: "\(what): \(String(cString: strerror(code)))"])
    }
}
