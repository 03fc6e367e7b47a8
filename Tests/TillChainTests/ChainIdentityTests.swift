import Foundation
import Testing
import TillChain
import TillChainTestSupport
import TillTestSupport

/// The node must serve the coin's network: the real regtest node is refused for a mainnet or testnet coin.
@Suite struct ChainIdentityTests {
    func backend(_ node: RegtestNode, _ network: String) throws -> BitcoinRPCBackend {
        BitcoinRPCBackend(url: node.rpcURL, credentials: .userPassword(user: RegtestNode.user, password: RegtestNode.password),
                          identity: try #require(BitcoinChainIdentity.named(network)))
    }

    @Test func aRegtestNodeIsRefusedForAMainnetOrTestnetCoinAndNothingReachesTheSink() async throws {
        try await RegtestNode.with { node in
            for network in ["bitcoin", "bitcoin-testnet", "bitcoin-signet", "litecoin", "litecoin-regtest"] {
                let recorder = RegtestRecorder()
                let watcher = ChainWatcher(backend: try backend(node, network), sink: recorder, store: RegtestCursorStore())
                #expect(await watcher.pollOnce() == false)
                let reason = await watcher.offlineReason ?? ""
                #expect(reason.contains("is on the wrong chain"), "\(network): \(reason)")
                #expect(reason.contains(network) || reason.contains("\"regtest\" chain"), "\(network): \(reason)")
                let events = await recorder.events
                #expect(events.count == 1, "\(network): only the offline event: \(events)")
            }
            // The right network is accepted.
            let watcher = ChainWatcher(backend: try backend(node, "bitcoin-regtest"), sink: RegtestRecorder(), store: RegtestCursorStore())
            let ok = await watcher.pollOnce()
            let reason = await watcher.offlineReason ?? ""
            #expect(ok, "\(reason)")
        }
    }

    @Test func theIdentityIsCheckedAgainAfterAFailure() async throws {
        // A fake node that first says regtest, then (after an outage, as a different host would) says main.
        let server = try await HostileNodeTests.node(transaction: HostileNodeTests.transaction(value: "1"))
        defer { server.stop() }
        let identity = try #require(BitcoinChainIdentity.named("bitcoin-regtest"))
        let backend = BitcoinRPCBackend(url: server.baseURL, credentials: .userPassword(user: "u", password: "p"), identity: identity)
        _ = try await backend.tip()
        try await server.script("/", .json("{\"result\":null,\"error\":null}", status: 500), method: "POST", bodyContains: "\"getbestblockhash\"")
        await #expect(throws: ChainBackendError.self) { _ = try await backend.tip() }
        try await server.script("/", .json(#"{"result":"\#(HostileNodeTests.tip)","error":null}"#), method: "POST",
                                bodyContains: "\"getbestblockhash\"")
        try await server.script("/", .json(#"{"result":{"chain":"main"},"error":null}"#), method: "POST", bodyContains: "\"getblockchaininfo\"")
        let error = await #expect(throws: ChainBackendError.self) { _ = try await backend.tip() }
        #expect(error?.message.contains("is on the wrong chain") == true, "\(String(describing: error))")
    }
}
