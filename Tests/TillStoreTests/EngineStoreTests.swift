import BigInt
import Foundation
import Testing
import TillCore
import TillStore
import TillStorePostgres

/// The store's contract, run against both engines: SQLite (one till) and PostgreSQL (a lane of a shop).
@Suite struct EngineStoreTests {
    static func derive(_ index: Int) -> IndexedAddress {
        IndexedAddress(address: "bc1qtest\(index)", path: "m/84'/0'/0'/0/\(index)")
    }

    func allocate(_ store: any SaleStore, sale: String, gap: Int = 20, at: Date = Fixture.noon,
                  unused: (String) -> Bool = { _ in true }) throws -> AllocatedAddress {
        try store.allocateAddress(AddressRequest(walletID: "btc", gapLimit: gap, saleID: sale, at: at),
                                  derive: Self.derive, isUnusedOnChain: unused)
    }

    @Test(arguments: Engine.allCases) func aSavedSaleReloadsEqual(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let sale = try Fixture.sale(id: "S-1", status: .paid, lines: [(Fixture.coffee, 2), (Fixture.laptop, 1)],
                                    paid: 2000, flags: [.overpaid])
        try ledger.store.save(sale, effects: [], reason: "paid", at: Fixture.noon)
        #expect(try ledger.store.sale(id: "S-1") == sale)
        #expect(try ledger.lane("back-2").sale(id: "S-1") == sale)
        #expect(try ledger.store.sale(id: "S-404") == nil)
        // Saving again updates the same sale (a later state), never a second copy.
        let expired = try Fixture.sale(id: "S-1", status: .expired)
        try ledger.store.save(expired, effects: [], reason: "expired", at: Fixture.noon.addingTimeInterval(60))
        #expect(try ledger.store.sale(id: "S-1") == expired)
        #expect(try ledger.store.listSales(.all, after: nil, limit: 10).rows.map(\.status) == [.expired])
    }

    @Test(arguments: Engine.allCases) func effectsBecomeOutboxRowsAndStockMovesOnce(engine: Engine) throws {
        let store = try EngineLedger(engine).store
        try store.upsertProducts([Fixture.coffee, Fixture.laptop], at: Fixture.noon)
        let sale = try Fixture.sale(id: "S-4", status: .paid, paid: 2000)
        let effects: [SaleEffect] = [
            .notify(.paid), .adjustStock([StockChange(productID: "COF-1", delta: -2)]),
            .unwatch(address: "addr-S-4", asset: .btc),
            .requestQuote(asset: .eth, amount: FiatAmount(minor: 5, currency: .usd),
                          remainder: CoinAmount(units: BigUInt(10).power(20), asset: .eth), reuseAddress: "0xabc"),
        ]
        try store.save(sale, effects: effects, reason: "paid", at: Fixture.noon)
        #expect(try store.stock(productID: "COF-1") == 8)
        #expect(try store.stock(productID: "LAP-14-PRO") == 3)
        #expect(try store.stock(productID: "NOPE") == nil)
        let pending = try store.pendingOutbox(at: Fixture.noon, limit: 100)
        #expect(pending.map(\.kind) == ["notify", "unwatch", "requestQuote"])
        #expect(pending.compactMap { EffectPayload.decode(kind: $0.kind, json: $0.payloadJSON) }
            == [effects[0], effects[2], effects[3]])
        try store.markAttemptFailed(outboxID: pending[0].id, error: "timeout",
                                    nextAttemptAt: Fixture.noon.addingTimeInterval(30))
        try store.markDelivered(outboxID: pending[1].id, at: Fixture.noon)
        #expect(try store.pendingOutbox(at: Fixture.noon, limit: 100).map(\.id) == [pending[2].id])
        let retried = try store.pendingOutbox(at: Fixture.noon.addingTimeInterval(31), limit: 100)
        #expect(retried.map(\.id) == [pending[0].id, pending[2].id])
        #expect(retried.first?.attempts == 1 && retried.first?.lastError == "timeout")
        // The catalog's count wins only when the catalog changed it (a restock).
        try store.upsertProducts([Fixture.coffee], at: Fixture.noon)
        #expect(try store.stock(productID: "COF-1") == 8)
        let restocked = Product(id: "COF-1", name: "Flat white", price: Fixture.coffee.price, category: "Coffee", stock: 50)
        try store.upsertProducts([restocked], at: Fixture.noon)
        #expect(try store.stock(productID: "COF-1") == 50)
    }

    @Test(arguments: Engine.allCases) func openSalesAreThoseStillWorkedOnOrInsideTheirLateWindow(engine: Engine) throws {
        let store = try EngineLedger(engine).store
        let statuses: [SaleStatus] = [.building, .awaitingPayment, .underpaid, .confirming, .paid, .expired,
                                      .cancelled, .voided]
        for (number, status) in statuses.enumerated() {
            try store.save(try Fixture.sale(id: "S-\(number)", at: Fixture.noon.addingTimeInterval(Double(number)),
                                            status: status), effects: [], reason: "t", at: Fixture.noon)
        }
        let inWindow = try store.openSales(at: Fixture.noon.addingTimeInterval(3600))
        #expect(inWindow.map(\.id) == ["S-0", "S-1", "S-2", "S-3", "S-5"])
        let afterWindow = try store.openSales(at: Fixture.noon.addingTimeInterval(900 + 86_400 + 60))
        #expect(afterWindow.map(\.id) == ["S-0", "S-1", "S-2", "S-3"])
        #expect(try store.reorgWatchedSales().isEmpty)
    }

    @Test(arguments: Engine.allCases) func saleIDsNeverRepeatAcrossTills(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let other = try ledger.lane("back-2")
        let ids = try (0..<3).flatMap { _ in
            [try ledger.store.nextSaleID(at: Fixture.noon), try other.nextSaleID(at: Fixture.noon)]
        }
        #expect(Set(ids).count == 6)
        #expect(ids.allSatisfy { $0.hasPrefix("S-20261125-") })
        if engine == .postgresql {
            #expect(ids.first == "S-20261125-front-1-0001")
            #expect(ids[1] == "S-20261125-back-2-0002")
        }
    }

    @Test(arguments: Engine.allCases) func pagesAndTotalsCoverEverySale(engine: Engine) throws {
        let store = try EngineLedger(engine).store
        let cashiers = ["alice", "bob"]
        for number in 0..<7 {
            let sale = try Fixture.sale(id: "S-\(number)", cashier: cashiers[number % 2],
                                        at: Fixture.noon.addingTimeInterval(Double(number * 60)),
                                        status: number < 5 ? .paid : .cancelled, paid: number < 5 ? 1000 : nil)
            try store.save(sale, effects: [], reason: "t", at: Fixture.noon)
        }
        var ids: [String] = [], cursor: SaleCursor?
        repeat {
            let page = try store.listSales(.all, after: cursor, limit: 3)
            ids += page.rows.map(\.id)
            cursor = page.next
        } while cursor != nil
        #expect(ids == (0..<7).reversed().map { "S-\($0)" })
        let paid = try store.listSales(SaleFilter(statuses: [.paid], cashier: "bob"), after: nil, limit: 10)
        #expect(paid.rows.map(\.id) == ["S-3", "S-1"])
        let totals = try store.totals(.all, groupedBy: [.cashier])
        #expect(totals.map(\.cashier) == ["alice", "bob"])
        #expect(totals.map(\.count) == [4, 3])
        #expect(totals.map(\.fiatTotalMinor) == [3600, 2700])
        let coins = try store.totals(SaleFilter(statuses: [.paid]), groupedBy: [.asset])
        #expect(coins.count == 1 && coins.first?.coins[Asset.btc.id]?.received == 5000)
    }

    @Test(arguments: Engine.allCases) func allocationFollowsOnIsIdempotentAndStopsAtTheGap(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let first = try (0..<3).map { try allocate(ledger.store, sale: "S-\($0)", gap: 3) }
        #expect(first.map(\.index) == [0, 1, 2])
        #expect(try allocate(ledger.lane("back-2"), sale: "S-1", gap: 3) == first[1])
        #expect(throws: StoreError.gapLimitReached(walletID: "btc", chain: 0, gapLimit: 3)) {
            try allocate(ledger.lane("back-2"), sale: "S-9", gap: 3)
        }
        try ledger.store.markFunded(address: first[0].address, at: Fixture.noon)
        #expect(try allocate(ledger.lane("back-2"), sale: "S-9", gap: 3).index == 3)
    }

    @Test(arguments: Engine.allCases) func aQuoteWhoseBuildFailsTakesNoAddress(engine: Engine) throws {
        let store = try EngineLedger(engine).store
        struct Refused: Error {}
        let request = AddressRequest(walletID: "btc", saleID: "S-1", at: Fixture.noon)
        // Both engines report the failed write as a StoreError naming the sale; what matters is that nothing stayed.
        #expect(throws: (any Error).self) {
            _ = try store.saveQuoted(request, reason: "quote", derive: Self.derive, isUnusedOnChain: { _ in true },
                                     build: { _ in throw Refused() })
        }
        #expect(try store.sale(id: "S-1") == nil)
        let quoted = try store.saveQuoted(request, reason: "quote", derive: Self.derive, isUnusedOnChain: { _ in true },
                                          build: { address in
            (try Fixture.sale(id: "S-1", status: .awaitingPayment, address: address.address), [.notify(.quoted)])
        })
        #expect(quoted.address.index == 0)
        #expect(try store.sale(id: "S-1")?.currentQuote?.address == "bc1qtest0")
    }

    @Test(arguments: Engine.allCases) func observationsAndCursorsPersist(engine: Engine) throws {
        let store = try EngineLedger(engine).store
        try store.recordObservation(ChainObservationRecord(at: Fixture.noon, backend: "regtest", kind: "mempool",
                                                           txid: "aa", output: 0, address: "bc1qtest0", amountUnits: 1500))
        #expect(try store.chainCursor(backendID: "regtest") == nil)
        try store.saveChainCursor(ChainCursor(backendID: "regtest", height: 7, blockHash: "00ff"), at: Fixture.noon)
        try store.saveChainCursor(ChainCursor(backendID: "regtest", height: 8, blockHash: "0100"), at: Fixture.noon)
        #expect(try store.chainCursor(backendID: "regtest") == ChainCursor(backendID: "regtest", height: 8, blockHash: "0100"))
    }

    /// Two tills quoting at once on one wallet, 100 quotes each from its own thread: 200 different addresses, each
    /// the one derived for its index, each handed to exactly one sale.
    @Test(arguments: Engine.allCases) func twoTillsQuotingAtOnceNeverShareAnAddress(engine: Engine) async throws {
        let ledger = try EngineLedger(engine)
        let lanes = [ledger.store, try ledger.lane("back-2")]
        let results = try await withThrowingTaskGroup(of: [AllocatedAddress].self) { group in
            for (number, store) in lanes.enumerated() {
                group.addTask {
                    try await Self.offCooperativePool {
                        try (0..<100).map { index in
                            let request = AddressRequest(walletID: "btc", gapLimit: 1000, saleID: "L\(number)-\(index)",
                                                         at: Fixture.noon)
                            return try store.saveQuoted(request, reason: "quote", derive: Self.derive,
                                                        isUnusedOnChain: { _ in true }, build: { address in
                                (try Fixture.sale(id: request.saleID, status: .awaitingPayment, address: address.address),
                                 [])
                            }).address
                        }
                    }
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(results.count == 200)
        #expect(Set(results.map(\.address)).count == 200)
        #expect(Set(results.map(\.index)) == Set(0..<200))
        for address in results { #expect(address == address.with(Self.derive(address.index))) }
        // Every sale holds the address it was given, and no two sales hold one.
        let page = try ledger.store.listSales(.all, after: nil, limit: 500)
        #expect(page.rows.count == 200)
        #expect(Set(page.rows.compactMap(\.address)).count == 200)
    }

    /// Runs blocking store work on a thread of its own (the store waits synchronously, as the runner's calls do).
    static func offCooperativePool<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread { continuation.resume(with: Result { try body() }) }.start()
        }
    }
}

extension AllocatedAddress {
    /// The same allocation with the address and path of `derived` (to compare against an independent derivation).
    func with(_ derived: IndexedAddress) -> AllocatedAddress {
        .restored(walletID: walletID, chain: chain, index: index, address: derived.address, path: derived.path,
                  reused: reused)
    }
}
