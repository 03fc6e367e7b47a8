import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Blocking writes to sockets and files with deadlines; run off the cooperative thread pool.
enum PrinterIO {
    /// Connects to host:port within `timeout` seconds; returns the connected (non-blocking) socket.
    static func connect(printer: String, host: String, port: Int, timeout: Int) throws(PrinterError) -> Int32 {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else {
            throw .unknownHost(printer: printer, host: host)
        }
        defer { freeaddrinfo(list) }
        var lastError: PrinterError = .refused(printer: printer, host: host, port: port)
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let info = cursor {
            cursor = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype | Int32(SOCK_CLOEXEC.rawValue), info.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
            if Glibc.connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
            var code = errno
            if code == EINPROGRESS {
                switch waitFor(fd, events: Int16(POLLOUT), timeout: timeout) {
                case .ready:
                    var soError: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length)
                    if soError == 0 { return fd }
                    code = soError
                case .timedOut:
                    close(fd)
                    throw .timedOut(printer: printer, target: "\(host):\(port)", seconds: timeout)
                }
            }
            close(fd)
            lastError = code == ECONNREFUSED
                ? .refused(printer: printer, host: host, port: port)
                : .ioFailed(printer: printer, target: "\(host):\(port)", reason: String(cString: strerror(code)))
        }
        throw lastError
    }

    /// Sends the job over raw TCP, half-closes, and waits briefly for the printer to close its side.
    static func sendTCP(_ bytes: [UInt8], printer: String, host: String, port: Int, timeout: Int) throws(PrinterError) {
        let fd = try connect(printer: printer, host: host, port: port, timeout: timeout)
        defer { close(fd) }
        try writeAll(bytes, to: fd, printer: printer, target: "\(host):\(port)", timeout: timeout)
        shutdown(fd, Int32(SHUT_WR))
        // Drain anything the printer says until it closes, so closing never resets a job still in flight.
        var scratch = [UInt8](repeating: 0, count: 256)
        while case .ready = waitFor(fd, events: Int16(POLLIN), timeout: min(timeout, 2)),
              recv(fd, &scratch, scratch.count, 0) > 0 {}
    }

    /// Writes to a device file (`append: false`) or appends to a text file (created when missing).
    static func writeFile(_ bytes: [UInt8], printer: String, path: String, append: Bool, timeout: Int) throws(PrinterError) {
        let flags = O_WRONLY | O_NOCTTY | O_NONBLOCK | O_CLOEXEC | (append ? O_APPEND | O_CREAT : 0)
        // A text-file printer's receipts are private like the rest of the till's files (a device keeps its mode).
        let fd = open(path, flags, 0o600)
        guard fd >= 0 else {
            let code = errno
            switch code {
            case ENOENT, ENODEV, ENXIO, ENOTDIR: throw .noSuchDevice(printer: printer, path: path)
            case EACCES, EPERM, EROFS: throw .permissionDenied(printer: printer, path: path)
            default: throw .ioFailed(printer: printer, target: path, reason: String(cString: strerror(code)))
            }
        }
        defer { close(fd) }
        var status = stat()
        if append, fstat(fd, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size == 0 { _ = fchmod(fd, 0o600) }
        try writeAll(bytes, to: fd, printer: printer, target: path, timeout: timeout)
    }

    private static func writeAll(_ bytes: [UInt8], to fd: Int32, printer: String, target: String, timeout: Int) throws(PrinterError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { buffer in
                // send() with MSG_NOSIGNAL on sockets so a closed printer is an error, not SIGPIPE.
                let sent = Glibc.send(fd, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL))
                return sent < 0 && errno == ENOTSOCK ? Glibc.write(fd, buffer.baseAddress, buffer.count) : sent
            }
            if written > 0 { offset += written; continue }
            let code = errno
            if written < 0 && (code == EAGAIN || code == EWOULDBLOCK || code == EINTR) {
                if code == EINTR { continue }
                guard case .ready = waitFor(fd, events: Int16(POLLOUT), timeout: timeout) else {
                    throw .timedOut(printer: printer, target: target, seconds: timeout)
                }
                continue
            }
            throw .ioFailed(printer: printer, target: target, reason: String(cString: strerror(code)))
        }
    }

    enum Wait { case ready, timedOut }

    private static func waitFor(_ fd: Int32, events: Int16, timeout: Int) -> Wait {
        var entry = pollfd(fd: fd, events: events, revents: 0)
        var result: Int32
        repeat { result = poll(&entry, 1, Int32(timeout * 1000)) } while result < 0 && errno == EINTR
        return result > 0 ? .ready : .timedOut
    }
}
