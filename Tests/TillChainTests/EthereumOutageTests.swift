import BigInt
import Foundation
import Testing
import TillChain
import TillChainTestSupport
import TillCore
import TillTestSupport

@Suite("Ethereum watcher: outages, restarts, refusals")
struct EthereumOutageTests {
    @Test("the node goes down mid-sale: offline once, backoff grows to its cap, then online and the payment is found")
    func nodeOutage() async throws {
        let node = try await EVMNode.start()
        let log = EVMEventLog()
        let watcher = makeWatcher(node, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: testETH)
        await watcher.tick()
        _ = await log.drain()
        let tx = try await node.sendEth(from: try await node.accounts()[3], to: sale, wei: 5)
        try await node.goDown()
        #expect(await watcher.tick() == false)
        #expect(await watcher.tick() == false)
        let down = await log.drain()
        #expect(down.count == 1, "one offline event, not one per failed tick")
        guard case .offline(let reason, _) = down.first else { Issue.record("got \(down)"); return }
        #expect(reason.contains("cannot reach the node"))
        for _ in 0..<6 { await watcher.tick() }
        #expect(await watcher.nextDelay == .seconds(8), "backoff capped at maxBackoff")
        try await node.comeUp()
        #expect(await watcher.tick())
        let back = await log.drain()
        #expect(back.first == .online)
        #expect(back.compactMap(\.observation).map(\.ref) == [PaymentRef(txid: tx, output: 0)])
        #expect(await watcher.nextDelay == .seconds(4))
    }

    /// Issue 12: the chain id was checked once at start; a reconnect that reaches another chain's node went unnoticed.
    @Test("after a failure the chain id is checked again, and another chain is told as the offline reason")
    func chainIDCheckedAgainAfterAFailure() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let answer = { (result: String) in FixtureResponse.json(#"{"jsonrpc":"2.0","id":1,"result":"\#(result)"}"#) }
        try await server.script("/", answer("0x539"), method: "POST", bodyContains: "\"eth_chainId\"")
        try await server.script("/", .text("busy", status: 503), method: "POST", bodyContains: "\"eth_blockNumber\"")
        let log = EVMEventLog()
        let watcher = EthereumWatcher(backend: EthereumRPCBackend(url: server.baseURL, timeoutSeconds: 5), native: testETH,
                                      tokens: [], settings: EthereumWatcherSettings(chainID: 1337, confirmations: 3),
                                      sink: log, cursorStore: EVMCursorMemory())
        #expect(await watcher.tick() == false)
        guard case .offline(let outage, _)? = await log.drain().first else { Issue.record("no offline event"); return }
        #expect(outage.contains("HTTP 503"))
        // The same URL now reaches a mainnet node.
        try await server.script("/", answer("0x1"), method: "POST", bodyContains: "\"eth_chainId\"")
        #expect(await watcher.tick() == false)
        let told = await log.drain()
        guard case .offline(let reason, _)? = told.first, told.count == 1 else { Issue.record("got \(told)"); return }
        #expect(reason.contains("serves chain id 1,") && reason.contains("expects chain id 1337"), "\(reason)")
        #expect(await watcher.offlineReason == reason)
        let asked = try await server.requests().filter { $0.body.contains("eth_chainId") }.count
        #expect(asked == 2)
    }

    @Test("a restarted watcher resumes from its stored cursor and catches a payment made while it was down")
    func restartFromCursor() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let token = try await node.deployToken(name: "Tether", symbol: "USDT", decimals: 6, supply: 1_000_000_000)
        let usdt = tokenAsset(token, symbol: "USDT")
        let store = EVMCursorMemory()
        let sale = freshEthereumAddress()
        do {
            let first = makeWatcher(node, tokens: [usdt], store: store)
            try await first.watch(sale, for: usdt)
            await first.tick()
        }
        let saved = await store.cursor
        #expect(saved != nil)
        let tx = try await node.transferToken(token, from: accounts[0], to: sale, units: 42)
        try await node.mine(4)
        let log = EVMEventLog()
        let second = makeWatcher(node, tokens: [usdt], store: store, log: log)
        try await second.watch(sale, for: usdt)
        #expect(await second.tick())
        let seen = await log.drain().compactMap(\.observation)
        #expect(seen.map(\.ref.txid) == [tx])
        #expect(seen.first?.confirmations == 5)
        #expect(await store.cursor?.blockNumber == (try await node.mine(0)))
    }

    @Test("a token whose decimals disagree with the config keeps the watcher offline with the reason")
    func tokenMismatchRefused() async throws {
        let node = try await EVMNode.start()
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1)
        let log = EVMEventLog()
        let watcher = makeWatcher(node, tokens: [tokenAsset(token, decimals: 18)], log: log)
        #expect(await watcher.tick() == false)
        let events = await log.drain()
        guard case .offline(let reason, _) = events.first else { Issue.record("got \(events)"); return }
        #expect(reason.contains("decimals = 18"))
        await #expect(throws: EthereumRPCError.self) { try await watcher.prepare() }
    }

    @Test("calls per tick do not grow with the number of watched addresses")
    func flatCallsPerTick() async throws {
        let node = try await EVMNode.start()
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1)
        var perTick: [Int] = []
        for count in [1, 200] {
            let watcher = makeWatcher(node, tokens: [tokenAsset(token)])
            for _ in 0..<count {
                let address = freshEthereumAddress()
                try await watcher.watch(address, for: testETH)
                try await watcher.watch(address, for: tokenAsset(token))
            }
            await watcher.tick()
            try await node.mine(1)
            let before = watcher.backend.client.sent.httpRequests
            #expect(await watcher.tick())
            perTick.append(watcher.backend.client.sent.httpRequests - before)
        }
        #expect(perTick[0] == perTick[1], "HTTP requests per tick: \(perTick)")
    }
}
