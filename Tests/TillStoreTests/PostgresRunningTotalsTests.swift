import Foundation
import Testing
import TillConfig
import TillCore
import TillStore
@testable import TillStorePostgres
import TillStoreTestSupport
import TillTestSupport

/// The running totals (`sale_totals`, kept by a trigger) must always equal a scan of the sales: after a migration's
/// bulk copy, after sales change status and amounts, on every filter and grouping the manager can ask for. Filters
/// the running totals cannot answer exactly (a bound inside a day, flags) must fall back to the scan.
@Suite struct PostgresRunningTotalsTests {
    static let zone = TimeZone(identifier: "UTC")!
    static let firstDay = Date(timeIntervalSince1970: 1_767_225_600)

    static func ledger() async throws -> PostgresStore {
        let directory = try TemporaryDirectory(prefix: "till-totals")
        let source = try TillDatabase(path: directory.file("till.sqlite").path, timeZone: zone)
        _ = try source.storeGenerated(SalesGenerator(.init(count: 3_000, firstDay: firstDay, days: 30), timeZone: zone)) { _ in }
        let server = try await PostgresServer.shared()
        let url = server.url(database: try server.createDatabase(prefix: "totals"))
        let store = try PostgresStore(location: try PostgresLocation.parse(url, environment: [:]), lane: "front-1",
                                      keyDirectory: directory.url.path, timeZone: zone)
        try LedgerCopy.copy(from: source, to: store)
        return store
    }

    static func day(_ number: Int) -> Date { firstDay.addingTimeInterval(Double(number) * 86_400) }

    static let filters: [SaleFilter] = [
        .all, SaleFilter(from: day(3), to: day(10)), SaleFilter(from: day(29)), SaleFilter(to: day(1)),
        SaleFilter(statuses: [.paid]), SaleFilter(statuses: [.expired, .cancelled]), SaleFilter(assetID: "BTC"),
        SaleFilter(cashier: "alice"), SaleFilter(lane: "front-1"), SaleFilter(lane: "front-2"),
        SaleFilter(from: day(5), to: day(6), assetID: "LTC", statuses: [.paid], cashier: "bob"),
    ]
    static let groupings: [Set<TotalsGrouping>] = [[], [.day], [.asset], [.cashier], [.day, .asset, .cashier]]

    static func expectSameAsScan(_ store: PostgresStore, _ note: String) throws {
        for filter in filters {
            for grouping in groupings {
                let read = try store.totals(filter, groupedBy: grouping)
                #expect(read == (try store.scannedTotals(filter, lane: nil, groupedBy: grouping)), "\(note): \(filter) by \(grouping)")
            }
        }
    }

    @Test func runningTotalsEqualAScanAfterACopyAndAfterChanges() async throws {
        let store = try await Self.ledger()
        #expect(try store.totals(.all, groupedBy: []).first?.count == 3_000)
        // The copy filled every running-totals table in one pass, and turned their triggers back on.
        #expect(try store.runningTotalsDifferences() == [:])
        try Self.expectSameAsScan(store, "after the copy")
        // Every filter above with whole days is answered from the running totals, not by the fallback.
        for filter in Self.filters {
            #expect(try store.runningTotals(filter, grouping: [.day]) != nil, "\(filter)")
        }

        // Sales change status: open ones are cancelled or voided (each save moves a sale between running-total rows).
        let open = try store.listSales(SaleFilter(statuses: [.awaitingPayment, .building, .confirming, .underpaid]),
                                       after: nil, limit: 20).rows
        #expect(!open.isEmpty)
        for (number, row) in open.enumerated() {
            var sale = try #require(try store.sale(id: row.id))
            _ = sale.handle(number % 2 == 0 ? .cancel(at: Self.day(31)) : .managerVoid(reason: "test", at: Self.day(31)))
            try store.save(sale, effects: [], reason: "test", at: Self.day(31))
        }
        #expect(try store.runningTotalsDifferences() == [:])
        try Self.expectSameAsScan(store, "after changes")
        // The comparison notices a group whose coin sum is off by one base unit.
        try store.link.withSession("test") { session in
            try session.execute("UPDATE sale_day_totals SET due = due + 1 WHERE opened_day = '2026-01-02' AND cashier = 'alice' AND asset_id = 'BTC'")
        }
        #expect(try store.runningTotalsDifferences() == ["sale_day_totals": 1])
    }

    @Test func boundsInsideADayAndFlagFiltersAreScanned() async throws {
        let store = try await Self.ledger()
        let inside = SaleFilter(from: Self.day(3).addingTimeInterval(3_600), to: Self.day(4).addingTimeInterval(7_200))
        #expect(try store.runningTotals(inside, grouping: []) == nil)
        #expect(try store.runningTotals(SaleFilter(flaggedOnly: true), grouping: []) == nil)
        #expect(try store.totals(inside, groupedBy: [.asset]) == (try store.scannedTotals(inside, lane: nil, groupedBy: [.asset])))
    }

    /// A lane killed with SIGKILL inside a transaction that inserted a sale and voided others (the triggers moved
    /// their totals inside it) counts nothing: nobody sees the change meanwhile, the server rolls it back when the
    /// connection drops, and the rows it had locked take the next sale at once.
    @Test(.timeLimit(.minutes(2))) func aLaneKilledInsideATransactionCountsNothing() async throws {
        let store = try await Self.ledger()
        let server = try await PostgresServer.shared()
        let before = try store.totals(.all, groupedBy: [.day, .asset, .cashier])
        let psql = TestPeers.root.appendingPathComponent("postgres/bin/psql").path
        let child = try Spawn.piped(psql, ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", "-h", "127.0.0.1",
                                           "-p", String(server.port), "-U", server.user, "-d", store.location.database],
                                    stdinPipe: true, stdoutPipe: true)
        child.input?.write(Data("""
            BEGIN;
            INSERT INTO sales (id, lane, watcher, cashier, opened_at, opened_day, updated_at, status, asset_id, currency,
                               fiat_total_minor, coin_due_units, coin_received_units)
            VALUES ('S-killed', 'front-1', 'front-1', 'alice', \(Self.day(4).millis + 1), '2026-01-05', 0, 'paid', 'BTC',
                    'USD', 450, '7500', '7500');
            UPDATE sales SET status = 'voided', coin_received_units = '1' WHERE opened_day = '2026-01-05' AND status = 'paid';
            SELECT 'staged';

            """.utf8))
        var staged = false
        while let line = child.readLine() { if line == "staged" { staged = true; break } }
        #expect(staged)
        #expect(try store.totals(.all, groupedBy: [.day, .asset, .cashier]) == before)
        child.signal(SIGKILL)
        _ = child.awaitExit()
        // The backend ends (rolling back) once it reads the closed connection.
        var open = 1
        while open > 0 {
            open = Int(try server.psql("SELECT COUNT(*) FROM pg_stat_activity WHERE datname = '\(store.location.database)' "
                + "AND application_name = 'psql'")) ?? 1
        }
        #expect(try store.totals(.all, groupedBy: [.day, .asset, .cashier]) == before)
        #expect(try store.sale(id: "S-killed") == nil)
        let paid = try #require(try store.listSales(SaleFilter(from: Self.day(4), to: Self.day(5), statuses: [.paid]),
                                                    after: nil, limit: 1).rows.first)
        var sale = try #require(try store.sale(id: paid.id))
        _ = sale.handle(.managerVoid(reason: "after the kill", at: Self.day(31)))
        try store.save(sale, effects: [], reason: "void", at: Self.day(31))
        #expect(try store.runningTotalsDifferences() == [:])
        try Self.expectSameAsScan(store, "after the kill")
    }
}
