import Foundation
#if canImport(Glibc)
import Glibc
import TillCore
#endif

/// A minimal ZeroMQ SUB socket (ZMTP 3.0, NULL security) for a node's `zmqpubhashtx`/`zmqpubhashblock`: it only
/// wakes the watcher early; polling stays the source of truth, so a lost or forged notice costs a poll, nothing more.
/// Runs on its own thread with blocking reads, reconnecting (1 s, doubling to 4 s) until `stop()`.
public final class ZMQSubscriber: @unchecked Sendable {
    /// What the node announced.
    public enum Notice: Sendable, Equatable {
        /// A transaction entered the mempool (txid in RPC hex order).
        case transaction(String)
        /// A new block (its hash in RPC hex order).
        case block(String)
    }

    public let host: String
    public let port: Int
    private let lock = NSLock()
    private var pending: [Notice] = []
    private var stopped = false
    private var socketFD: Int32 = -1
    private var subscribed = false
    /// Frames larger than this end the connection (hashes are 32 bytes; a hostile peer must not make us allocate).
    static let frameLimit = 1 << 16
    /// Notices kept between drains at most.
    static let pendingLimit = 10_000

    /// `endpoint` as in the node's option: `tcp://127.0.0.1:28332`.
    public init?(endpoint: String) {
        guard endpoint.hasPrefix("tcp://") else { return nil }
        let rest = endpoint.dropFirst("tcp://".count)
        guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]), (1...65_535).contains(port)
        else { return nil }
        let host = String(rest[..<colon])
        guard !host.isEmpty else { return nil }
        self.host = host
        self.port = port
    }

    /// Starts the reader thread.
    public func start() {
        Thread.detachNewThread { [self] in self.readLoop() }
    }

    /// Stops reading and closes the connection.
    public func stop() {
        lock.withLock {
            stopped = true
            if socketFD >= 0 { shutdown(socketFD, Int32(SHUT_RDWR)) }
        }
    }

    /// The notices received since the last call.
    public func drain() -> [Notice] {
        lock.withLock {
            defer { pending.removeAll() }
            return pending
        }
    }

    private var isStopped: Bool { lock.withLock { stopped } }

    /// True while connected with both subscriptions sent.
    public var isSubscribed: Bool { lock.withLock { subscribed } }

    private func readLoop() {
        var delay: UInt32 = 1
        while !isStopped {
            if let fd = connectSocket() {
                lock.withLock { socketFD = fd }
                if (try? handshakeAndRead(fd)) != nil { delay = 1 }
                lock.withLock { socketFD = -1; subscribed = false }
                close(fd)
            }
            guard !isStopped else { return }
            sleep(delay)
            delay = min(delay * 2, 4)
        }
    }

    private func connectSocket() -> Int32? {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let first = result else { return nil }
        defer { freeaddrinfo(result) }
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            if fd >= 0 {
                if connect(fd, info.pointee.ai_addr, info.pointee.ai_addrlen) == 0 { return fd }
                close(fd)
            }
            entry = info.pointee.ai_next
        }
        return nil
    }

    /// Greeting, READY both ways, the two subscriptions, then messages until the connection ends.
    private func handshakeAndRead(_ fd: Int32) throws {
        // Signature, version 3.0 (so the publisher takes subscriptions as messages), NULL, not a server, filler.
        var greeting = [UInt8](repeating: 0, count: 64)
        greeting[0] = 0xFF
        greeting[9] = 0x7F
        greeting[10] = 3
        greeting[11] = 0
        for (index, byte) in "NULL".utf8.enumerated() { greeting[12 + index] = byte }
        try send(fd, greeting)
        let theirs = try receive(fd, 64)
        guard theirs[0] == 0xFF, theirs[9] == 0x7F, theirs[10] >= 3 else { throw ZMQError.protocolViolation }
        try send(fd, ZMTPFrame.command(name: "READY", properties: [("Socket-Type", Array("SUB".utf8))]))
        let ready = try readFrame(fd)
        guard ready.isCommand, ready.body.starts(with: [5] + Array("READY".utf8)) else { throw ZMQError.protocolViolation }
        for topic in ["hashtx", "hashblock"] { try send(fd, ZMTPFrame.message([1] + Array(topic.utf8), more: false)) }
        lock.withLock { subscribed = true }
        var parts: [[UInt8]] = []
        while !isStopped {
            let frame = try readFrame(fd)
            if frame.isCommand { continue }
            parts.append(frame.body)
            guard !frame.more else { continue }
            if let notice = Self.notice(parts) {
                // Nobody drains while the watcher cannot poll (wrong password, RPC down, ZMQ up): keep the newest only;
                // what is dropped is found by the polls anyway.
                lock.withLock {
                    if pending.count >= Self.pendingLimit { pending.removeFirst(pending.count / 2) }
                    pending.append(notice)
                }
            }
            parts = []
        }
    }

    /// [topic, 32-byte hash, sequence] → a notice; anything else is ignored.
    static func notice(_ parts: [[UInt8]]) -> Notice? {
        guard parts.count >= 2, parts[1].count == 32 else { return nil }
        let hex = Hex.encode(parts[1])
        switch String(decoding: parts[0], as: UTF8.self) {
        case "hashtx": return .transaction(hex)
        case "hashblock": return .block(hex)
        default: return nil
        }
    }

    private func readFrame(_ fd: Int32) throws -> ZMTPFrame {
        let flags = try receive(fd, 1)[0]
        let size: Int
        if flags & 0x02 != 0 {
            size = try receive(fd, 8).reduce(0) { $0 << 8 | Int($1) }
        } else {
            size = Int(try receive(fd, 1)[0])
        }
        guard size >= 0, size <= Self.frameLimit else { throw ZMQError.protocolViolation }
        return ZMTPFrame(flags: flags, body: size == 0 ? [] : try receive(fd, size))
    }

    private func send(_ fd: Int32, _ bytes: [UInt8]) throws {
        var offset = 0
        while offset < bytes.count {
            let wrote = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard wrote > 0 else { throw ZMQError.closed }
            offset += wrote
        }
    }

    private func receive(_ fd: Int32, _ count: Int) throws -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: count)
        var offset = 0
        while offset < count {
            let got = buffer[offset...].withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            guard got > 0 else { throw ZMQError.closed }
            offset += got
        }
        return buffer
    }
}

/// One ZMTP frame: flags (bit 0 more, bit 1 long, bit 2 command) and body.
struct ZMTPFrame {
    let flags: UInt8
    let body: [UInt8]
    var more: Bool { flags & 0x01 != 0 }
    var isCommand: Bool { flags & 0x04 != 0 }

    /// A message frame's bytes on the wire.
    static func message(_ body: [UInt8], more: Bool) -> [UInt8] {
        encode(flags: more ? 0x01 : 0x00, body)
    }

    /// A command frame: name length, name, then properties (name length, name, 4-byte value length, value).
    static func command(name: String, properties: [(String, [UInt8])]) -> [UInt8] {
        var body = [UInt8(name.utf8.count)] + Array(name.utf8)
        for (key, value) in properties {
            body += [UInt8(key.utf8.count)] + Array(key.utf8)
            let length = UInt32(value.count)
            body += [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)] + value
        }
        return encode(flags: 0x04, body)
    }

    private static func encode(flags: UInt8, _ body: [UInt8]) -> [UInt8] {
        if body.count > 255 {
            let size = UInt64(body.count)
            return [flags | 0x02] + (0..<8).reversed().map { UInt8(size >> (UInt64($0) * 8) & 0xFF) } + body
        }
        return [flags, UInt8(body.count)] + body
    }
}

enum ZMQError: Error {
    case closed
    case protocolViolation
}
