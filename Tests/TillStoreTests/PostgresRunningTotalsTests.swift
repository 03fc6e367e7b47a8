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
        try Self.expectSameAsScan(store, "after changes")
    }

    @Test func boundsInsideADayAndFlagFiltersAreScanned() async throws {
        let store = try await Self.ledger()
        let inside = SaleFilter(from: Self.day(3).addingTimeInterval(3_600), to: Self.day(4).addingTimeInterval(7_200))
        #expect(try store.runningTotals(inside, grouping: []) == nil)
        #expect(try store.runningTotals(SaleFilter(flaggedOnly: true), grouping: []) == nil)
        #expect(try store.totals(inside, groupedBy: [.asset]) == (try store.scannedTotals(inside, lane: nil, groupedBy: [.asset])))
    }
}
