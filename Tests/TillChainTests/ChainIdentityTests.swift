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
                let watcher = BitcoinNodeWatcher(backend: try backend(node, network), sink: recorder, store: RegtestCursorStore())
                #expect(await watcher.pollOnce() == false)
                let reason = await watcher.offlineReason ?? ""
                #expect(reason.contains("is on the wrong chain"), "\(network): \(reason)")
                #expect(reason.contains(network) || reason.contains("\"regtest\" chain"), "\(network): \(reason)")
                let events = await recorder.events
                #expect(events.count == 1, "\(network): only the offline event: \(events)")
            }
            // The right network is accepted.
            let watcher = BitcoinNodeWatcher(backend: try backend(node, "bitcoin-regtest"), sink: RegtestRecorder(), store: RegtestCursorStore())
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

    /// Esplora has no chain name: its genesis block (`/block-height/0`) must be the coin's network's, before the first
    /// request and again after a failure; a wrong one answers every request with `.wrongChain`.
    @Test func anEsploraServerOnAnotherNetworkIsRefusedAndCheckedAgainAfterAFailure() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let regtestGenesis = "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"
        try await server.script("/api/block-height/0", .text(regtestGenesis))
        try await server.script("/api/blocks/tip/height", .text("150"))
        func client(_ network: String) throws -> EsploraClient {
            EsploraClient(baseURL: server.baseURL.appendingPathComponent("api"), name: "esplora", timeoutSeconds: 5,
                          identity: try #require(BitcoinChainIdentity.named(network)))
        }
        let mainnet = try client("bitcoin")
        let refused = await #expect(throws: EsploraError.self) { _ = try await mainnet.tipHeight() }
        #expect(refused?.message.contains("wrong network") == true && refused?.message.contains("bitcoin") == true,
                "\(String(describing: refused))")
        #expect(try await server.requests().map(\.path) == ["/api/block-height/0"], "nothing else was asked")

        let regtest = try client("bitcoin-regtest")
        #expect(try await regtest.tipHeight() == 150)
        #expect(try await regtest.tipHeight() == 150)
        #expect(try await server.requests().filter { $0.path == "/api/block-height/0" }.count == 2, "checked once per client")
        // An outage, then the same URL reaches a mainnet server: the check runs again and refuses it.
        try await server.script("/api/blocks/tip/height", [.text("down", status: 503), .text("151")])
        await #expect(throws: EsploraError.self) { _ = try await regtest.tipHeight() }
        try await server.script("/api/block-height/0", .text("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"))
        let afterOutage = await #expect(throws: EsploraError.self) { _ = try await regtest.tipHeight() }
        #expect(afterOutage?.message.contains("wrong network") == true, "\(String(describing: afterOutage))")
    }
}
