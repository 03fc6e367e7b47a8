import BigInt
import Foundation
import Testing
import TillCore
import TillStore
import TillStorePostgres

/// The running till's half of `LedgerStore` on both engines: replayed observations, reusable addresses, stock,
/// the catalog, the watcher's state, the customer display.
@Suite struct LedgerLaneStateEngineTests {
    static let later = Fixture.noon.addingTimeInterval(3_600)

    static func observation(_ kind: String, txid: String?, address: String?, confirmations: Int? = nil,
                            height: Int? = nil) -> ChainObservationRecord {
        ChainObservationRecord(at: Fixture.noon, backend: "BTC node", kind: kind, txid: txid, output: txid == nil ? nil : 0,
                               address: address, amountUnits: address == nil ? nil : 25_000, height: height,
                               blockHash: height.map { "h\($0)" }, rawJSON: "{\"k\":\"\(kind)\"}", confirmations: confirmations)
    }

    @Test(arguments: Engine.allCases) func aRestartReplaysAnAddressesObservationsAndItsPaymentsConfirmations(engine: Engine) throws {
        let store = try EngineLedger(engine).store
        #expect(try store.observations(forAddresses: []).isEmpty)
        let payment = Self.observation("payment", txid: "aa", address: "bc1qpaid", confirmations: 0)
        let confirmed = Self.observation("confirmations", txid: "aa", address: nil, confirmations: 2, height: 9)
        try store.recordObservation(payment)
        try store.recordObservation(Self.observation("payment", txid: "cc", address: "bc1qother"))
        try store.recordObservation(Self.observation("confirmations", txid: "cc", address: nil, confirmations: 1, height: 9))
        try store.recordObservation(Self.observation("block", txid: nil, address: nil, height: 9))
        try store.recordObservation(confirmed)
        let found = try store.observations(forAddresses: ["bc1qpaid", "bc1qnever"])
        #expect(found.map(\.record) == [payment, confirmed])
        #expect(found[0].id < found[1].id, "oldest first")
        #expect(try store.observations(forAddresses: ["bc1qpaid", "bc1qother"]).map(\.record.txid) == ["aa", "cc", "cc", "aa"])
    }

    @Test(arguments: Engine.allCases) func everyNewConfirmationCountIsKeptForTheReplay(engine: Engine) throws {
        let store = try EngineLedger(engine).store
        try store.recordObservation(Self.observation("payment", txid: "aa", address: "bc1qpaid", confirmations: 0))
        // The block stays the same while the chain grows on top of it: only the count changes.
        for count in 1...3 {
            try store.recordObservation(Self.observation("confirmations", txid: "aa", address: nil, confirmations: count, height: 9))
        }
        let replayed = try store.observations(forAddresses: ["bc1qpaid"])
        #expect(replayed.map(\.record.confirmations) == [0, 1, 2, 3])
    }

    @Test(arguments: Engine.allCases) func closedSalesUnusedAddressesAreOfferedForReuseLowestFirst(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let store = ledger.store
        let statuses: [SaleStatus] = [.cancelled, .expired, .awaitingPayment, .voided, .cancelled]
        for (index, status) in statuses.enumerated() {
            // Allocated by two lanes: reuse is shop-wide, as the gap limit is.
            let lane = index.isMultiple(of: 2) ? store : try ledger.lane("back-2")
            let address = try lane.allocateAddress(AddressRequest(walletID: "btc", saleID: "S-\(index)", at: Fixture.noon),
                                                   derive: EngineStoreTests.derive, isUnusedOnChain: { _ in true })
            try lane.save(try Fixture.sale(id: "S-\(index)", status: status, address: address.address),
                          effects: [], reason: "t", at: Fixture.noon)
        }
        // S-4's address saw a payment once (recorded by the watcher): never handed out again.
        try store.recordObservation(Self.observation("payment", txid: "dd", address: "bc1qtest4"))
        let inLateWindow = try store.reusableAddresses(walletID: "btc", chain: 0, at: Self.later)
        #expect(inLateWindow == [ReusableAddress(index: 0, address: "bc1qtest0", path: "m/84'/0'/0'/0/0"),
                                 ReusableAddress(index: 3, address: "bc1qtest3", path: "m/84'/0'/0'/0/3")])
        let pastIt = try store.reusableAddresses(walletID: "btc", chain: 0, at: Fixture.noon.addingTimeInterval(2 * 86_400))
        #expect(pastIt.map(\.index) == [0, 1, 3])
        #expect(try store.reusableAddresses(walletID: "eth", chain: 0, at: Self.later).isEmpty)
        #expect(try store.reusableAddresses(walletID: "btc", chain: 1, at: Self.later).isEmpty)
    }

    static let tea = Product(id: "TEA", name: "Tea", price: FiatAmount(minor: 300, currency: .usd), category: "Tea")

    @Test(arguments: Engine.allCases) func stockLevelsAreTheCountedProductsLiveCounts(engine: Engine) throws {
        let store = try EngineLedger(engine).store
        #expect(try store.stockLevels().isEmpty)
        try store.syncProducts([Fixture.coffee, Fixture.laptop, Self.tea], fingerprint: "v1", at: Fixture.noon)
        #expect(try store.stockLevels() == ["COF-1": 10, "LAP-14-PRO": 3])
        try store.save(try Fixture.sale(id: "S-1", status: .paid, paid: 2000),
                       effects: [.adjustStock([StockChange(productID: "COF-1", delta: -2)])], reason: "paid", at: Fixture.noon)
        #expect(try store.stockLevels() == ["COF-1": 8, "LAP-14-PRO": 3])
    }

    static func coffee(stock: Int?, name: String = "Flat white") -> Product {
        Product(id: "COF-1", name: name, price: Fixture.coffee.price, category: "Coffee", stock: stock)
    }

    @Test(arguments: Engine.allCases) func theCatalogIsWrittenOnlyWhenItsFingerprintChanges(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let store = ledger.store
        #expect(try store.syncProducts([Self.coffee(stock: 10)], fingerprint: "a", at: Fixture.noon))
        // Same fingerprint: nothing is written, even from another lane and whatever the products say.
        #expect(try ledger.lane("back-2").syncProducts([Self.coffee(stock: 50), Self.tea], fingerprint: "a", at: Self.later) == false)
        #expect(try store.stockLevels() == ["COF-1": 10])
        try store.save(try Fixture.sale(id: "S-1", status: .paid, paid: 2000),
                       effects: [.adjustStock([StockChange(productID: "COF-1", delta: -2)])], reason: "paid", at: Fixture.noon)
        // A changed catalog with the same stock number: the sales since keep counting.
        #expect(try store.syncProducts([Self.coffee(stock: 10, name: "Flat white (large)"), Self.tea], fingerprint: "b",
                                       at: Self.later))
        #expect(try store.stock(productID: "COF-1") == 8)
        // A restock (the catalog's number changed): the catalog's number is the new count.
        #expect(try store.syncProducts([Self.coffee(stock: 40)], fingerprint: "c", at: Self.later))
        #expect(try store.stock(productID: "COF-1") == 40)
        // Going back to an earlier catalog is a change too.
        #expect(try store.syncProducts([Self.coffee(stock: 10)], fingerprint: "a", at: Self.later))
        #expect(try store.stock(productID: "COF-1") == 10)
    }

    static let row = WatcherStateRow(kind: "payment", key: "aa:0", value: Data([0, 1, 2, 0xff]))

    static func commit(_ txid: String, height: Int, address: String = "bc1qtest0") -> WatcherCommit {
        var commit = WatcherCommit(cursor: ChainCursor(backendID: "BTC", height: height, blockHash: "h\(height)"))
        commit.observations = [Self.observation("payment", txid: txid, address: address, confirmations: 0)]
        commit.funded = [address]
        commit.upserts = [WatcherStateRow(kind: "payment", key: "\(txid):0", value: Data([0, 1, 2, 0xff])),
                          WatcherStateRow(kind: "script", key: address, value: Data("{}".utf8))]
        return commit
    }

    @Test(arguments: Engine.allCases) func aWatcherCommitRoundTripsAndFailsAsAWhole(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let store = ledger.store
        func allocate(_ sale: String) throws -> AllocatedAddress {
            try store.allocateAddress(AddressRequest(walletID: "btc", gapLimit: 1, saleID: sale, at: Fixture.noon),
                                      derive: EngineStoreTests.derive, isUnusedOnChain: { _ in true })
        }
        #expect(try store.watcherState(backendID: "BTC").cursor == nil)
        #expect(try store.watcherState(backendID: "BTC").rows.isEmpty)
        _ = try allocate("S-0")
        #expect(throws: StoreError.gapLimitReached(walletID: "btc", chain: 0, gapLimit: 1)) { try allocate("S-1") }
        try store.commitWatcher(backendID: "BTC", Self.commit("aa", height: 7), at: Fixture.noon)
        let (cursor, rows) = try store.watcherState(backendID: "BTC")
        #expect(cursor == ChainCursor(backendID: "BTC", height: 7, blockHash: "h7"))
        #expect(try store.chainCursor(backendID: "BTC") == cursor)
        #expect(Set(rows) == Set(Self.commit("aa", height: 7).upserts))
        #expect(try store.observations(forAddresses: ["bc1qtest0"]).map(\.record.txid) == ["aa"])
        #expect(try allocate("S-1").index == 1, "the funded mark moved the gap window")
        #expect(try store.watcherState(backendID: "LTC").rows.isEmpty, "another backend's state is its own")
        // Upserts replace a row's value; removals delete only their rows.
        var change = WatcherCommit()
        change.upserts = [WatcherStateRow(kind: "payment", key: "aa:0", value: Data("confirmed".utf8))]
        change.removals = [(kind: "script", key: "bc1qtest0"), (kind: "script", key: "never-there")]
        try store.commitWatcher(backendID: "BTC", change, at: Fixture.noon)
        #expect(try store.watcherState(backendID: "BTC").rows == change.upserts)
        #expect(try store.watcherState(backendID: "BTC").cursor?.height == 7, "a commit without a cursor keeps it")

        // The state write fails after the observation and the funded mark were written in the same transaction.
        try ledger.failInserts(into: "watcher_state")
        #expect(throws: (any Error).self) {
            try store.commitWatcher(backendID: "BTC", Self.commit("bb", height: 8, address: "bc1qtest1"), at: Fixture.noon)
        }
        #expect(try store.observations(forAddresses: ["bc1qtest1"]).isEmpty, "the observation of the failed commit is not there")
        #expect(try store.watcherState(backendID: "BTC").cursor?.height == 7, "nor its cursor")
        #expect(try store.watcherState(backendID: "BTC").rows == change.upserts, "nor its rows")
        #expect(throws: StoreError.gapLimitReached(walletID: "btc", chain: 0, gapLimit: 1), "nor its funded mark") {
            try allocate("S-2")
        }
        // An empty commit writes nothing (and so cannot fail).
        try store.commitWatcher(backendID: "BTC", WatcherCommit(), at: Fixture.noon)
    }

    @Test(arguments: Engine.allCases) func theCustomerDisplayShowsTheLastPublishedSnapshot(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        #expect(try ledger.laneSnapshot() == nil)
        var cart = Cart(currency: .usd)
        cart.add(Fixture.coffee, quantity: 3)
        let first = LaneSnapshot(shopName: "Corner Shop", training: false, cart: cart, saleID: nil)
        try ledger.store.publishLane(first, at: Fixture.noon)
        #expect(try ledger.laneSnapshot() == first)
        let second = LaneSnapshot(shopName: "Corner Shop", training: true, cart: Cart(currency: .eur), saleID: "S-9")
        try ledger.store.publishLane(second, at: Self.later)
        #expect(try ledger.laneSnapshot() == second)
    }
}
