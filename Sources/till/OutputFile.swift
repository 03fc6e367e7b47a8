import Foundation
import TillStore
#if canImport(Glibc)
import Glibc
#endif

/// An `-o` file. Written to a 0600 temporary file in the same directory and renamed into place by `commit()`, so a
/// command that fails leaves no half-written file (and an earlier file of that name untouched); the temporary file
/// is removed when the writer goes away uncommitted. A path that exists and is not a regular file (`/dev/stdout`,
/// a FIFO) is written directly; a symbolic link is followed.
final class OutputFile {
    let path: String
    private let temporary: String?
    private let fd: Int32
    private var open = true

    init(_ requested: String) throws(CommandFailure) {
        var path = requested
        var status = stat()
        if lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFLNK {
            path = URL(fileURLWithPath: path).resolvingSymlinksInPath().path
        }
        self.path = path
        if stat(path, &status) == 0, (status.st_mode & S_IFMT) != S_IFREG {
            temporary = nil
            fd = Glibc.open(path, O_WRONLY | O_CLOEXEC)
            guard fd >= 0 else { throw Self.failure("cannot open \(requested)") }
            return
        }
        let folder = (path as NSString).deletingLastPathComponent
        do { try PrivateFiles.directory(folder.isEmpty ? "." : folder) } catch {
            throw CommandFailure("cannot create \(requested): \(error.localizedDescription)")
        }
        let name = (path as NSString).lastPathComponent
        let temporary = (folder.isEmpty ? "" : folder + "/") + ".\(name).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        fd = Glibc.open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, PrivateFiles.fileMode)
        guard fd >= 0 else { throw Self.failure("cannot create \(requested)") }
        self.temporary = temporary
        guard fchmod(fd, PrivateFiles.fileMode) == 0 else { throw Self.failure("cannot make \(requested) private") }
    }

    func write(_ text: String) throws(CommandFailure) {
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(fd, $0.baseAddress! + offset, $0.count - offset) }
            if written < 0 {
                if errno == EINTR { continue }
                throw Self.failure("cannot write \(path)")
            }
            offset += written
        }
        bytes.removeAll()
    }

    /// Flushes the file to disk and renames it into place.
    func commit() throws(CommandFailure) {
        guard open else { return }
        open = false
        guard let temporary else {
            close(fd)
            return
        }
        let synced = fsync(fd) == 0
        let error = synced ? 0 : errno
        close(fd)
        guard synced else {
            unlink(temporary)
            errno = error
            throw Self.failure("cannot write \(path)")
        }
        guard rename(temporary, path) == 0 else {
            let failure = Self.failure("cannot write \(path)")
            unlink(temporary)
            throw failure
        }
    }

    deinit {
        guard open else { return }
        close(fd)
        if let temporary { unlink(temporary) }
    }

    private static func failure(_ what: String) -> CommandFailure {
        CommandFailure("\(what): \(String(cString: strerror(errno)))")
    }
}
