import BigInt
import Foundation
import Testing
import TillChain
import TillCore
import TillTestSupport

/// The Esplora watcher against a fixture server playing a scripted chain in Esplora's documented shapes
/// (Blockstream/esplora `API.md`, "Transaction format" and the address/tip/status endpoints).
@Suite struct EsploraWatcherTests {
    typealias E = EsploraFixtures
    static let ref1 = PaymentRef(txid: E.txid(1), output: 0)

    private func seen(_ n: Int, sats: Int, replaceable: Bool = true, confirmations: Int = 0, height: Int? = nil,
                      hash: String? = nil) -> ChainEvent {
        .paymentSeen(PaymentObservation(
            ref: PaymentRef(txid: E.txid(n), output: 0), address: E.merchantAddress, amount: CoinAmount(units: BigUInt(sats), asset: .btc),
            replaceable: replaceable, confirmations: confirmations, blockHeight: height, blockHash: hash))
    }

    @Test func paymentInTheMempoolIsSeenWithExactAmountAndOutput() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server)
        try await w.tip(840_000, E.block(840_000))
        try await w.address(mempool: [E.transaction(1, sats: 123_400)])
        try await w.watcher.watch(EsploraWatching.merchant)
        #expect(await w.tick() == [seen(1, sats: 123_400), .backendOnline])
        // Same tip: only the tip hash and the address's mempool are read, and nothing new is reported.
        let before = try await server.requests().count
        #expect(await w.tick().isEmpty)
        #expect(try await w.paths(after: before) == ["/api/blocks/tip/hash", "/api/address/\(E.merchantAddress)/txs/mempool"])
        #expect(await w.store.snapshot?.payments.map(\.ref) == [Self.ref1])
        #expect(await w.store.snapshot?.watched == [EsploraWatching.merchant])
    }

    @Test func confirmationsRiseAsTheScriptedTipRises() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server)
        try await w.tip(840_000, E.block(840_000))
        try await w.address(mempool: [E.transaction(1, sats: 50_000, sequence: 4_294_967_295)])
        try await w.watcher.watch(EsploraWatching.merchant)
        #expect(await w.tick().paymentEvents == [seen(1, sats: 50_000, replaceable: false)])
        let mined = E.transaction(1, sats: 50_000, height: 840_001, sequence: 4_294_967_295, in: E.block(840_001))
        for height in 840_001...840_006 {
            try await w.tip(height, E.block(height))
            try await w.address(chain: [mined])
            #expect(await w.tick() == [.confirmationsChanged(Self.ref1, confirmations: height - 840_000, height: 840_001,
                                                            hash: E.block(840_001))])
        }
        let tracked = try #require(await w.watcher.payments.first)
        #expect(tracked.state == .confirmed && tracked.confirmations == 6 && tracked.blockHash == E.block(840_001))
        #expect(await w.watcher.cursor == ChainTip(height: 840_006, hash: E.block(840_006)))
    }

    @Test func reorgToAnotherBlockAtTheSameHeightIsReportedThenReconfirmed() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server)
        try await w.tip(840_002, E.block(840_002))
        try await w.address(chain: [E.transaction(1, sats: 70_000, height: 840_001, in: E.block(840_001))])
        try await w.watcher.watch(EsploraWatching.merchant)
        #expect(await w.tick().paymentEvents == [seen(1, sats: 70_000, confirmations: 2, height: 840_001, hash: E.block(840_001))])
        // A competing branch replaced blocks 840,001 and 840,002; the payment is in the new 840,001.
        let forkHash = E.block(0x1_000_000 + 840_001)
        try await w.tip(840_002, E.block(0x1_000_000 + 840_002))
        try await w.address(chain: [E.transaction(1, sats: 70_000, height: 840_001, in: forkHash)])
        #expect(await w.tick() == [
            .reorged(Self.ref1), .confirmationsChanged(Self.ref1, confirmations: 0, height: nil, hash: nil),
            .confirmationsChanged(Self.ref1, confirmations: 2, height: 840_001, hash: forkHash),
        ])
        try await w.tip(840_003, E.block(840_003))
        #expect(await w.tick() == [.confirmationsChanged(Self.ref1, confirmations: 3, height: 840_001, hash: forkHash)])
    }

    @Test func paymentBackInTheMempoolIsReorgedThenConfirmsAgain() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server)
        try await w.tip(840_001, E.block(840_001))
        try await w.address(chain: [E.transaction(1, sats: 9_000, height: 840_001, in: E.block(840_001))])
        try await w.watcher.watch(EsploraWatching.merchant)
        #expect(await w.tick().paymentEvents == [seen(1, sats: 9_000, confirmations: 1, height: 840_001, hash: E.block(840_001))])
        // Block 840,001 was replaced by one without the payment, which went back to the mempool.
        try await w.tip(840_001, E.block(0x2_000_000))
        try await w.address(mempool: [E.transaction(1, sats: 9_000)])
        #expect(await w.tick() == [.reorged(Self.ref1), .confirmationsChanged(Self.ref1, confirmations: 0, height: nil, hash: nil)])
        #expect(await w.watcher.payments.first?.state == .unconfirmed)
        try await w.tip(840_002, E.block(840_002))
        try await w.address(chain: [E.transaction(1, sats: 9_000, height: 840_002, in: E.block(840_002))])
        #expect(await w.tick() == [.confirmationsChanged(Self.ref1, confirmations: 1, height: 840_002, hash: E.block(840_002))])
    }

    @Test func paymentGoneFromMempoolAndChainVanishesAfterTheConfiguredPolls() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server, configuration: .init(pollInterval: .milliseconds(100), vanishAfterMissingPolls: 3))
        try await w.tip(840_000, E.block(840_000))
        try await w.address(mempool: [E.transaction(1, sats: 20_000)])
        try await server.script("/api/tx/\(E.txid(1))/status", .text("Transaction not found", status: 404))
        try await w.watcher.watch(EsploraWatching.merchant)
        #expect(await w.tick().paymentEvents.count == 1)
        try await w.address(mempool: [])
        #expect(await w.tick().isEmpty)
        #expect(await w.tick().isEmpty)
        #expect(try await w.paths().filter { $0.hasPrefix("/api/tx/") }.isEmpty)
        #expect(await w.tick() == [.vanished(Self.ref1)])
        #expect(try await w.paths().filter { $0.hasPrefix("/api/tx/") } == ["/api/tx/\(E.txid(1))/status"])
        #expect(await w.watcher.payments.first?.state == .vanished)
        #expect(await w.tick().isEmpty)
    }

    @Test func missingPaymentThatWasMinedMeanwhileConfirmsInsteadOfVanishing() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server, configuration: .init(pollInterval: .milliseconds(100), vanishAfterMissingPolls: 1))
        try await w.tip(840_000, E.block(840_000))
        try await w.address(mempool: [E.transaction(1, sats: 20_000)])
        try await w.watcher.watch(EsploraWatching.merchant)
        #expect(await w.tick().paymentEvents.count == 1)
        // The server's tip has not moved yet, but the transaction is already in block 840,001.
        try await w.address(mempool: [])
        try await server.script("/api/tx/\(E.txid(1))/status",
                                .json(#"{"confirmed":true,"block_height":840001,"block_hash":"\#(E.block(840_001))","block_time":1711356000}"#))
        #expect(await w.tick() == [.confirmationsChanged(Self.ref1, confirmations: 1, height: 840_001, hash: E.block(840_001))])
    }

    @Test func replacementSpendingTheSameInputMakesThePaymentVanishAtOnce() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server)
        try await w.tip(840_000, E.block(840_000))
        try await w.address(mempool: [E.transaction(1, sats: 20_000)])
        try await w.watcher.watch(EsploraWatching.merchant)
        #expect(await w.tick().paymentEvents == [seen(1, sats: 20_000)])
        try await w.address(mempool: [E.transaction(2, sats: 19_000, spending: 100_001)])
        #expect(await w.tick() == [.vanished(Self.ref1), seen(2, sats: 19_000)])
    }

    @Test func restartFromTheCursorStoreCatchesPaymentsMadeWhileDown() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let store = RegtestCursorStore()
        let before = EsploraWatching(server: server, store: store)
        try await before.tip(840_000, E.block(840_000))
        try await before.address(mempool: [E.transaction(1, sats: 30_000)])
        try await before.watcher.watch(EsploraWatching.merchant)
        #expect(await before.tick().paymentEvents == [seen(1, sats: 30_000)])
        // While the till is off: the first payment confirms in 840,002, a second one lands in 840,003.
        try await before.tip(840_004, E.block(840_004))
        try await before.address(chain: [
            E.transaction(2, sats: 12_000, height: 840_003, in: E.block(840_003)),
            E.transaction(1, sats: 30_000, height: 840_002, in: E.block(840_002)),
        ])
        let after = EsploraWatching(server: server, store: store)
        #expect(await after.tick() == [
            .confirmationsChanged(Self.ref1, confirmations: 3, height: 840_002, hash: E.block(840_002)),
            seen(2, sats: 12_000, confirmations: 2, height: 840_003, hash: E.block(840_003)),
            .backendOnline,
        ])
        #expect(await after.watcher.payments.map(\.ref.txid) == [E.txid(1), E.txid(2)])
        #expect(await store.snapshot?.cursor == ChainTip(height: 840_004, hash: E.block(840_004)))
    }

    @Test func unwatchForgetsTheAddressAndItsPayments() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server)
        try await w.tip(840_000, E.block(840_000))
        try await w.address(mempool: [E.transaction(1, sats: 30_000)])
        try await w.watcher.watch(EsploraWatching.merchant)
        await w.tick()
        try await w.watcher.unwatch(address: E.merchantAddress)
        let count = try await server.requests().count
        #expect(await w.tick().isEmpty)
        #expect(try await w.paths(after: count) == ["/api/blocks/tip/hash"])
        let snapshot = try #require(await w.store.snapshot)
        #expect(snapshot.watched.isEmpty && snapshot.payments.isEmpty)
    }
}
