import BigInt
import Foundation
import Testing
import TillConfig
import TillCore
import TillStore
import TillTestSupport
@testable import TillStorePostgres

/// What only a shared ledger has in `LedgerStore`: each lane's own watcher state and cursor, observations once
/// whichever lane commits them, a cursor saved before lanes had their own kept by the migration.
@Suite struct PostgresLaneStateTests {
    static func row(_ key: String, _ value: String) -> WatcherStateRow {
        WatcherStateRow(kind: "script", key: key, value: Data(value.utf8))
    }

    static func commit(height: Int, rows: [WatcherStateRow]) -> WatcherCommit {
        var commit = WatcherCommit(cursor: ChainCursor(backendID: "BTC", height: height, blockHash: "h\(height)"))
        commit.upserts = rows
        return commit
    }

    @Test func twoLanesWatchingOneBackendKeepTheirOwnStateAndCursor() throws {
        let ledger = try EngineLedger(.postgresql)
        let front = ledger.store, back = try ledger.lane("back-2")
        try front.commitWatcher(backendID: "BTC", Self.commit(height: 7, rows: [Self.row("shared", "front"), Self.row("f", "1")]),
                                at: Fixture.noon)
        try back.commitWatcher(backendID: "BTC", Self.commit(height: 9, rows: [Self.row("shared", "back")]), at: Fixture.noon)
        #expect(try front.watcherState(backendID: "BTC").cursor?.height == 7)
        #expect(try back.watcherState(backendID: "BTC").cursor?.height == 9)
        #expect(try front.watcherState(backendID: "BTC").rows == [Self.row("f", "1"), Self.row("shared", "front")])
        #expect(try back.watcherState(backendID: "BTC").rows == [Self.row("shared", "back")])
        // A removal and a cursor saved by one lane leave the other's alone.
        var removal = WatcherCommit()
        removal.removals = [(kind: "script", key: "shared")]
        try back.commitWatcher(backendID: "BTC", removal, at: Fixture.noon)
        try back.saveChainCursor(ChainCursor(backendID: "BTC", height: 10, blockHash: "h10"), at: Fixture.noon)
        #expect(try back.watcherState(backendID: "BTC").rows.isEmpty)
        #expect(try front.watcherState(backendID: "BTC").rows.count == 2)
        #expect(try front.chainCursor(backendID: "BTC") == ChainCursor(backendID: "BTC", height: 7, blockHash: "h7"))
        #expect(try back.chainCursor(backendID: "BTC")?.height == 10)
        // A lane that never polled starts without a cursor, not with another lane's.
        #expect(try ledger.lane("side-3").chainCursor(backendID: "BTC") == nil)
    }

    @Test func anOutputCommittedByTwoLanesIsRecordedOnce() throws {
        let ledger = try EngineLedger(.postgresql)
        let front = ledger.store, back = try ledger.lane("back-2")
        var commit = WatcherCommit()
        commit.observations = [LedgerLaneStateEngineTests.observation("payment", txid: "aa", address: "bc1qpaid", confirmations: 0)]
        try front.commitWatcher(backendID: "BTC", commit, at: Fixture.noon)
        // The adopting lane saw the same output: its commit still succeeds (state and cursor), the row stays one.
        commit.cursor = ChainCursor(backendID: "BTC", height: 3, blockHash: "h3")
        try back.commitWatcher(backendID: "BTC", commit, at: Fixture.noon)
        #expect(try back.observations(forAddresses: ["bc1qpaid"]).count == 1)
        #expect(try back.chainCursor(backendID: "BTC")?.height == 3)
    }

    /// A ledger made before pg3-lane-state, with its one shop-wide cursor, then opened by this version.
    @Test func theMigrationKeepsTheShopsCursorForEveryLaneUntilItSavesItsOwn() throws {
        let server = try PostgresServer.shared()
        let name = try server.createDatabase(prefix: "pg2")
        let old = PostgresSchema.migrations.prefix { $0.id != "pg3-lane-state" }
        #expect(old.count == 4)
        try server.psql("""
            CREATE TABLE till_migrations (
                id TEXT PRIMARY KEY, applied_order BIGINT NOT NULL, applied_at BIGINT NOT NULL, applied_by TEXT NOT NULL);
            \(old.map(\.sql).joined(separator: ";\n"));
            \(old.enumerated().map { "INSERT INTO till_migrations VALUES ('\($0.element.id)', \($0.offset), 0, 'old');" }.joined(separator: "\n"))
            INSERT INTO chain_cursor (backend_id, height, block_hash, updated_at) VALUES ('BTC', 812, 'h812', 0);
            INSERT INTO sales (id, lane, watcher, cashier, opened_at, opened_day, updated_at, status, asset_id, currency,
                               fiat_total_minor, coin_due_units, coin_received_units)
            VALUES ('S-1', 'main', 'main', 'alice', 1000, '1970-01-01', 1000, 'paid', 'BTC', 'USD', 450, '7500', '7500'),
                   ('S-2', 'main', 'main', 'alice', 2000, '1970-01-01', 2000, 'paid', 'BTC', 'USD', 550, '123456789012345678901234567890', '0'),
                   ('S-3', 'main', 'main', 'bob', 3000, '1970-01-01', 3000, 'cancelled', NULL, 'USD', 100, NULL, NULL);
            """, database: name)
        let keys = try TemporaryDirectory(prefix: "till-pg-key")
        func lane(_ lane: String) throws -> PostgresStore {
            try PostgresStore(location: try PostgresLocation.parse(server.url(database: name), environment: [:]), lane: lane,
                              keyDirectory: keys.url.path, timeZone: EngineLedger.utc)
        }
        let front = try lane("front-1"), back = try lane("back-2")
        #expect(try front.appliedMigrations().suffix(4) == ["pg3-lane-state", "pg4-sale-totals", "pg5-day-and-all-time-totals", "pg6-lane-rescans"])
        // pg4 and pg5 add up the sales already there into the running totals, exactly (a 30-digit amount too).
        #expect(try front.runningTotalsDifferences() == [:])
        for grouping: Set<TotalsGrouping> in [[], [.asset], [.cashier], [.day, .asset, .cashier]] {
            #expect(try front.totals(.all, groupedBy: grouping) == (try front.scannedTotals(.all, lane: nil, groupedBy: grouping)))
        }
        #expect(try front.runningTotals(.all, grouping: [.asset]) != nil)
        #expect(try front.totals(SaleFilter(statuses: [.paid]), groupedBy: []).first?.coins["BTC"]?.due
                == BigUInt("123456789012345678901234567890", radix: 10)! + 7_500)
        let shops = ChainCursor(backendID: "BTC", height: 812, blockHash: "h812")
        #expect(try front.chainCursor(backendID: "BTC") == shops)
        #expect(try back.watcherState(backendID: "BTC").cursor == shops)
        try front.saveChainCursor(ChainCursor(backendID: "BTC", height: 813, blockHash: "h813"), at: Fixture.noon)
        #expect(try front.chainCursor(backendID: "BTC")?.height == 813)
        #expect(try back.chainCursor(backendID: "BTC") == shops)
    }

    @Test func theLedgerIsDescribedByURLAndLaneNeverWithThePassword() throws {
        let server = try PostgresServer.shared()
        let url = server.url(database: try server.createDatabase(prefix: "describe"))
        let keys = try TemporaryDirectory(prefix: "till-pg-key")
        let store = try PostgresStore(location: try PostgresLocation.parse(url, environment: [PostgresLocation.passwordVariable: "s3cret-pw"]),
                                      lane: "front-1", keyDirectory: keys.url.path)
        let ledger: any LedgerStore = store
        #expect(ledger.ledgerDescription.hasPrefix("postgresql://till@127.0.0.1:"))
        #expect(ledger.ledgerDescription.hasSuffix(" lane front-1"))
        #expect(!ledger.ledgerDescription.contains("s3cret-pw"))
        #expect(ledger.isReachable())
        #expect(try ledger.renewLease(at: Fixture.noon).isEmpty)
        #expect(try store.laneHeartbeats().map(\.lane) == ["front-1"])
    }

    @Test func anExportInManyBatchesIsTheSameAsInOne() throws {
        let ledger = try EngineLedger(.postgresql)
        let store = ledger.store as! PostgresStore
        // Two sales opened in the same millisecond: the batch key is (opened_at, id), never the time alone.
        let times = [0, 60, 60, 120, 180].map { Fixture.noon.addingTimeInterval(Double($0)) }
        for (index, time) in times.enumerated() {
            try store.save(try Fixture.sale(id: "S-\(index)", at: time, status: .paid, paid: BigUInt(1000 + index)),
                           effects: [], reason: "paid", at: time)
        }
        var whole: [ExportedSale] = [], batched: [ExportedSale] = []
        try store.forEachExportedSale(.all) { whole.append($0) }
        try store.forEachExportedSale(.all, batchSales: 2) { batched.append($0) }
        #expect(whole.map(\.summary.id) == ["S-0", "S-1", "S-2", "S-3", "S-4"])
        #expect(batched == whole)
        #expect(whole.map { $0.payments.map(\.amountUnits) } == (0..<5).map { [BigUInt(1000 + $0)] })
    }

    @Test func eachLaneHasItsOwnCustomerDisplay() throws {
        let ledger = try EngineLedger(.postgresql)
        let front = ledger.store as! PostgresStore, back = try ledger.lane("back-2") as! PostgresStore
        try front.save(try Fixture.sale(id: "S-1", status: .awaitingPayment), effects: [], reason: "quote", at: Fixture.noon)
        let snapshot = LaneSnapshot(shopName: "Shop", training: false, cart: Cart(currency: .usd), saleID: "S-1")
        try front.publishLane(snapshot, at: Fixture.noon)
        #expect(try back.laneView().snapshot == nil)
        let view = try back.laneView(lane: "front-1")
        #expect(view.snapshot == snapshot && view.sale?.id == "S-1")
    }
}
