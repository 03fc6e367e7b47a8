import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A stand-in network printer: listens on 127.0.0.1, accepts connections one by one and keeps what each sent
/// (until the sender closes its side). Runs on its own thread; `stop()` closes it.
final class TCPSink: @unchecked Sendable {
    let port: Int
    private let listener: Int32
    private let lock = NSLock()
    private var jobs: [[UInt8]] = []

    /// Listens on `port` (0 = any free port); with `accepting` false it never accepts (a stalled printer).
    init(port: Int = 0, accepting: Bool = true) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0, listen(fd, 8) == 0 else {
            let code = errno
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: code) ?? .EADDRINUSE)
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        listener = fd
        self.port = Int(UInt16(bigEndian: address.sin_port))
        guard accepting else { return }
        let thread = Thread { [self] in acceptLoop() }
        thread.start()
    }

    /// Every job received so far, in order.
    var received: [[UInt8]] { lock.lock(); defer { lock.unlock() }; return jobs }

    /// Waits (polling, at most `seconds`) until `count` jobs arrived.
    func waitForJobs(_ count: Int, seconds: Double = 30) -> [[UInt8]] {
        let deadline = Date().addingTimeInterval(seconds)
        while received.count < count, Date() < deadline { usleep(10_000) }
        return received
    }

    func stop() { shutdown(listener, Int32(SHUT_RDWR)); close(listener) }

    deinit { stop() }

    private func acceptLoop() {
        while true {
            let client = accept(listener, nil, nil)
            guard client >= 0 else { return }
            var job: [UInt8] = [], buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = recv(client, &buffer, buffer.count, 0)
                if count <= 0 { break }
                job += buffer[0..<count]
            }
            close(client)
            lock.lock()
            jobs.append(job)
            lock.unlock()
        }
    }
}

extension Array where Element == UInt8 {
    /// True when `needle` occurs as a contiguous run.
    func contains(bytes needle: [UInt8]) -> Bool {
        guard !needle.isEmpty, needle.count <= count else { return needle.isEmpty }
        return (0...(count - needle.count)).contains { self[$0..<$0 + needle.count].elementsEqual(needle) }
    }
}
