import TillHTTP
import BigInt
import Foundation
import TillChain
import TillTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// Why the test EVM could not be started or driven.
public struct EVMNodeError: Error, CustomStringConvertible {
    public let description: String
    public init(description: String) { self.description = description }
}

/// A private eth-tester chain behind `Tests/Support/eth_rpc_server.py` (shared by the chain and end-to-end tests), one per test (free port, own process).
/// Outages are real: `goDown()` closes the listening socket (connection refused) while the chain stays in memory,
/// `comeUp()` listens again on the same port, so a watcher sees the very same chain come back.
public final class EVMNode: @unchecked Sendable {
    public let url: URL
    public let client: EthereumRPCClient
    /// eth-tester's fixed chain id.
    public static let chainID: UInt64 = 131_277_322_940_537
    private let process: SpawnedChild
    private let lock = NSLock()

    public static func start() async throws -> EVMNode {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(with: Result { try EVMNode() }) }
        }
    }

    private init() throws {
        let python = try TestPeers.require(TestPeers.python, what: "the peers venv (eth-tester, web3, vyper)")
        process = try Spawn.piped(python.path, ["-u", TestPeers.repositoryRoot.appendingPathComponent("Tests/Support/eth_rpc_server.py").path],
                                  stdinPipe: true, stdoutPipe: true)
        let line = (process.readLine() ?? "").trimmingCharacters(in: .whitespaces)
        guard let port = Int(line) else {
            process.stop()
            throw EVMNodeError(description: "eth_rpc_server.py did not start (got \"\(line)\"): run `bash .ci/test` to install eth-tester, web3 and vyper")
        }
        url = URL(string: "http://127.0.0.1:\(port)")!
        client = EthereumRPCClient(url: url, timeoutSeconds: 30)
    }

    /// Sends a stdin command and waits for its "ok" line.
    private func command(_ word: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, Error>) in
            DispatchQueue.global().async { [self] in
                lock.lock()
                defer { lock.unlock() }
                process.input?.write(Data((word + "\n").utf8))
                let reply = (process.readLine() ?? "").trimmingCharacters(in: .whitespaces)
                if reply == "ok \(word)" { continuation.resume() } else {
                    continuation.resume(throwing: EVMNodeError(description: "server answered \"\(reply)\" to \(word)"))
                }
            }
        }
    }

    /// Stops answering: connections are refused until `comeUp()`.
    public func goDown() async throws { try await command("down") }
    /// Listens again on the same port; the chain is unchanged.
    public func comeUp() async throws { try await command("up") }

    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        process.stop()
    }

    deinit { stop() }

    public func rpc(_ method: String, _ params: [JSONValue] = []) async throws -> JSONValue {
        try await client.call(method, params)
    }

    private func string(_ method: String, _ params: [JSONValue]) async throws -> String {
        let value = try await rpc(method, params)
        guard let text = value.stringValue else { throw EVMNodeError(description: "\(method) returned \(value.text)") }
        return text
    }

    /// The ten funded, unlocked accounts.
    public func accounts() async throws -> [String] {
        (try await rpc("till_accounts").arrayValue ?? []).compactMap(\.stringValue)
    }

    /// Deploys `Tests/Support/Token.vy` (compiled now with the venv's vyper); the supply goes to account 0.
    public func deployToken(name: String, symbol: String, decimals: Int, supply: BigUInt) async throws -> String {
        try await string("till_deployToken", [.string(name), .string(symbol), .number(String(decimals)),
                                              .string(EthereumHex.quantityText(supply))])
    }

    /// A plain ETH transfer (its own block, as eth-tester mines each transaction); returns the tx hash.
    @discardableResult
    public func sendEth(from: String, to: String, wei: BigUInt) async throws -> String {
        try await string("till_sendEth", [.string(from), .string(to), .string(EthereumHex.quantityText(wei))])
    }

    /// ETH that reaches `to` only through an internal call of the `contract` (a Token.vy instance).
    @discardableResult
    public func forwardEth(through contract: String, from: String, to: String, wei: BigUInt) async throws -> String {
        try await string("till_forwardEth", [.string(contract), .string(from), .string(to), .string(EthereumHex.quantityText(wei))])
    }

    /// `token.transfer(to, units)` sent by `from`; returns the tx hash.
    @discardableResult
    public func transferToken(_ token: String, from: String, to: String, units: BigUInt) async throws -> String {
        try await string("till_tokenTransfer", [.string(token), .string(from), .string(to), .string(EthereumHex.quantityText(units))])
    }

    /// A signed ETH transfer from `from` (an eth-tester account) with its next nonce, not sent: `sendRaw` it, and
    /// again after a `revert`, to have the very same transaction mined in both histories.
    public func signEth(from: String, to: String, wei: BigUInt) async throws -> String {
        try await string("till_signEth", [.string(from), .string(to), .string(EthereumHex.quantityText(wei))])
    }

    /// `eth_sendRawTransaction` (eth-tester mines it at once); returns the tx hash.
    @discardableResult
    public func sendRaw(_ raw: String) async throws -> String {
        try await string("eth_sendRawTransaction", [.string(raw)])
    }

    public func snapshot() async throws -> String { try await string("evm_snapshot", []) }
    public func revert(to snapshot: String) async throws { _ = try await rpc("evm_revert", [.string(snapshot)]) }

    /// Mines `count` empty blocks; returns the new head number.
    @discardableResult
    public func mine(_ count: Int = 1) async throws -> Int {
        EthereumHex.int(try await string("evm_mine", [.number(String(count))])) ?? -1
    }
}
