import Foundation
import Testing
import TillApp
import TillChain
import TillChainTestSupport
import TillConfig
import TillCore
import TillStore
import TillTestSupport

/// The quote maker's reuse past the gap limit with a backend that can prove an address unused (Esplora, from the
/// fixture server with Esplora's shapes), over the SQLite file a live till left behind: two sales cancelled on
/// the regtest till, gap limit 2.
@Suite(.serialized) struct GapLimitReuseEsploraTests {
    typealias Gap = GapLimitReuseTests

    /// Runs the live till until two BTC sales are cancelled, then stops it.
    static func twoCancelledSales(_ node: RegtestNode) async throws -> LiveTill {
        let till = try LiveTill(node: node, coinExtra: "gap_limit = 2")
        let runner = try LiveRunnerRegtestTests.runner(till)
        let terminal = ScriptedTerminal(steps: LiveRunnerRegtestTests.sell(Gap.cancel) + [.on("sale cancelled", .enter)]
            + [.on("Total", type: "c")] + Gap.cancel + [.on("sale cancelled", type: "q")])
        _ = await runOnOwnThread(runner, terminal)
        try #require(terminal.failure == nil, "\(terminal.failure ?? "")")
        return till
    }

    /// The quote maker as the live till builds it, with the Esplora check pointed at `server`.
    static func maker(_ till: LiveTill, _ server: FixtureHTTPServer, log: FileLog) throws -> (LiveQuoteMaker, CoinSettings) {
        let configuration = try ConfigLoader.load(commandLine: till.configPath, environment: [:])
        let coin = try #require(configuration.coins.first)
        let store = try TillDatabase(path: till.databasePath)
        let esplora = EsploraClient(baseURL: server.baseURL.appendingPathComponent("api"), name: "esplora", timeoutSeconds: 5)
        let rates = RateBook(sources: [], fixed: FixedRateSource(rates: [RatePair(coin.asset, .usd): try DecimalNumber(parsing: "60000")]))
        let maker = LiveQuoteMaker(store: store, coins: [coin.asset.id: QuotableCoin(wallet: try WalletBridge.wallet(for: coin), gapLimit: coin.gapLimit)],
                                   rates: rates, shopName: "E2E Shop",
                                   reuse: .live(store: store, checks: [coin.asset.id: EsploraUnusedAddressCheck(client: esplora)], log: log))
        return (maker, coin)
    }

    static func request(_ saleID: String, _ coin: CoinSettings) -> QuoteRequest {
        QuoteRequest(saleID: saleID, asset: coin.asset, fiat: FiatAmount(minor: 450, currency: .usd), remainder: nil,
                     reuseAddress: nil, previous: nil, policy: coin.policy, now: Date())
    }

    @Test func anAddressTheChainShowsUnusedIsReusedAndAFundedOneIsMarkedAndSkipped() async throws {
        try await RegtestNode.with { node in
            let till = try await Self.twoCancelledSales(node)
            let before = try Gap.addresses(till)
            try #require(before.map(\.index) == [0, 1])
            let server = try await FixtureHTTPServer.start()
            defer { server.stop() }
            for address in before.map(\.address) {
                try await server.script("/api/address/\(address)/txs/mempool", .json("[]"))
                try await server.script("/api/address/\(address)/txs/chain", .json("[]"))
            }
            let log = FileLog(path: till.directory.file("reuse.log").path)
            let (maker, coin) = try Self.maker(till, server, log: log)

            // Past the gap limit of 2: index 0's address, which the chain shows unused, goes to the new sale.
            let reused = try await maker.makeQuote(Self.request("S-REUSE-1", coin))
            #expect(reused.address == before[0].address)
            #expect(reused.derivationPath == before[0].path)
            let after = try Gap.addresses(till)
            #expect(after.map(\.index) == [0, 1] && after[0].reused && !after[1].reused)
            let logged = try String(contentsOfFile: log.path, encoding: .utf8)
            #expect(logged.contains("reusing address index 0 (\(before[0].address))"), "\(logged)")

            // Index 1's address received a payment the till never saw: it is marked funded, not reused, and the
            // gap window moves past it so a fresh index is allowed.
            try await server.script("/api/address/\(before[1].address)/txs/mempool",
                                    .json(EsploraShapes.oneMempoolTransaction(paying: before[1].address)))
            let fresh = try await maker.makeQuote(Self.request("S-REUSE-2", coin))
            let final = try Gap.addresses(till)
            #expect(final.map(\.index) == [0, 1, 2])
            #expect(fresh.address == final[2].address && !final[2].reused)
            #expect(try TillDatabase(path: till.databasePath).reusableAddresses(walletID: final[0].walletID, at: Date()).isEmpty)
        }
    }

    @Test func withoutAnyProofTheQuoteFailsWithTheGapLimitMessage() async throws {
        try await RegtestNode.with { node in
            let till = try await Self.twoCancelledSales(node)
            let server = try await FixtureHTTPServer.start()
            defer { server.stop() }
            try await server.script("/api/address/", .text("upstream down", status: 502), prefix: true)
            let (maker, coin) = try Self.maker(till, server, log: FileLog(path: till.directory.file("reuse.log").path))
            let walletID = try #require(try Gap.addresses(till).first?.walletID)
            await #expect(throws: StoreError.gapLimitReached(walletID: walletID, chain: 0, gapLimit: 2)) {
                try await maker.makeQuote(Self.request("S-REUSE-1", coin))
            }
            let addresses = try Gap.addresses(till)
            #expect(addresses.map(\.index) == [0, 1] && !addresses.contains { $0.reused })
            #expect(try TillDatabase(path: till.databasePath).reusableAddresses(walletID: addresses[0].walletID, at: Date()).count == 2)
        }
    }
}

/// Esplora's transaction JSON (Blockstream/esplora `API.md`), unconfirmed, paying one address.
enum EsploraShapes {
    static func oneMempoolTransaction(paying address: String) -> String {
        """
        [{"txid":"\(String(repeating: "cd", count: 32))","version":2,"locktime":0,"size":120,"weight":480,"fee":500,
          "vin":[{"txid":"\(String(repeating: "01", count: 32))","vout":0,"prevout":null,"scriptsig":"","scriptsig_asm":"",
                  "is_coinbase":false,"sequence":4294967295}],
          "vout":[{"scriptpubkey":"76a91462e907b15cbf27d5425399ebf6f0fb50ebb88f1888ac","scriptpubkey_asm":"",
                   "scriptpubkey_type":"p2pkh","scriptpubkey_address":"\(address)","value":120000}],
          "status":{"confirmed":false}}]
        """
    }
}
