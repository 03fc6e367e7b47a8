import BigInt
import Foundation
import Testing
import TillCore
import GRDB
@testable import TillStore
import TillStoreTestSupport
import TillTestSupport

/// The running totals of both engines (every table: by day, by day and status, the whole history) must equal the
/// sales they add up through a ledger's life: sales of every status, coin and cashier saved by two lanes at once,
/// payments arriving, cancels and manager voids, reorgs and vanished payments, refunds, and a stopped lane's sales
/// adopted and paid on another lane. The totals the manager reads must equal a scan on every filter and grouping.
@Suite struct RunningTotalsEngineTests {
    static let firstDay = Date(timeIntervalSince1970: 1_767_225_600)
    static func day(_ number: Int) -> Date { firstDay.addingTimeInterval(Double(number) * 86_400) }
    static let later = day(13)

    static let filters: [SaleFilter] = [
        .all, SaleFilter(from: day(2), to: day(6)), SaleFilter(from: day(9)), SaleFilter(to: day(1)),
        SaleFilter(statuses: [.paid]), SaleFilter(statuses: [.expired, .cancelled, .voided]), SaleFilter(assetID: "ETH"),
        SaleFilter(cashier: "alice"), SaleFilter(lane: "back-2"), SaleFilter(assetID: "USDC", statuses: [.paid]),
        SaleFilter(from: day(3), to: day(5), assetID: "BTC", statuses: [.paid, .confirming], cashier: "bob"),
        SaleFilter(from: day(3).addingTimeInterval(3_600)), SaleFilter(flaggedOnly: true),
    ]
    static let groupings: [Set<TotalsGrouping>] = [[], [.day], [.asset], [.cashier], [.day, .asset, .cashier]]

    static func expectExact(_ ledger: EngineLedger, _ note: String) throws {
        #expect(try ledger.runningTotalsDifferences() == [:], "\(ledger.engine) \(note): tables differ from the sales")
        for filter in filters {
            for grouping in groupings {
                #expect(try ledger.store.totals(filter, groupedBy: grouping) == (try ledger.scannedTotals(filter, groupedBy: grouping)),
                        "\(ledger.engine) \(note): \(filter) by \(grouping)")
            }
        }
    }

    /// 1,200 generated sales over 12 days (every status, coin, cashier and exception, 40 left open).
    static func generated() throws -> [Sale] {
        let generator = SalesGenerator(.init(count: 1_200, firstDay: firstDay, days: 12, openAtEnd: 40),
                                       timeZone: EngineLedger.utc)
        var sales: [Sale] = []
        try generator.forEachSale { sales.append(try SyntheticSales.sale($0)) }
        return sales
    }

    @Test(arguments: Engine.allCases) func runningTotalsEqualTheSalesThroughALedgersLife(engine: Engine) async throws {
        let sales = try Self.generated()
        #expect(Set(sales.map(\.status)).isSuperset(of: [.paid, .expired, .cancelled, .voided, .confirming, .awaitingPayment]))
        let ledger = try await OffPool.run { try EngineLedger(engine) }
        let back = try await OffPool.run { try ledger.lane("back-2") }
        let lanes: [any LedgerStore] = [ledger.store, back]
        // Two lanes save at the same moment (on PostgreSQL they update the same shop's totals tables).
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (number, lane) in lanes.enumerated() {
                group.addTask {
                    try await OffPool.run {
                        for (index, sale) in sales.enumerated() where index % 2 == number {
                            try lane.save(sale, effects: [], reason: "generated", at: sale.openedAt)
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        try await OffPool.run {
            #expect(try ledger.store.totals(.all, groupedBy: []).map(\.count).reduce(0, +) == sales.count)
            try Self.expectExact(ledger, "after two lanes saved")
            try Self.changeOpenSales(ledger.store)
            try Self.expectExact(ledger, "after payments, cancels and voids")
            try Self.reorgPaidSales(ledger.store)
            try Self.expectExact(ledger, "after reorgs")
            for sale in sales.filter({ $0.status == .paid }).prefix(5) {
                let asset = try #require(sale.asset)
                _ = try ledger.store.recordRefund(saleID: sale.id, assetID: asset.id, txid: "refund-\(sale.id)",
                                                  amountUnits: 1_000, at: Self.later, by: "mona", note: "")
            }
            try Self.expectExact(ledger, "after refunds")
            // back-2 stops; front-1 adopts its open sales and records their payments.
            _ = try back.renewLease(at: Self.later)
            _ = try ledger.store.renewLease(at: Self.later.addingTimeInterval(3_600))
            let adopted = try ledger.store.adoptOrphanedSales(at: Self.later.addingTimeInterval(3_600))
            #expect(engine == .sqlite ? adopted.isEmpty : !adopted.isEmpty)
            for sale in adopted.sales { try Self.pay(sale, on: ledger.store, at: Self.later.addingTimeInterval(3_700)) }
            try Self.expectExact(ledger, "after adoption")
        }
    }

    /// Open sales get their payment (the whole amount, six confirmations), are cancelled, or voided by a manager.
    static func changeOpenSales(_ store: any LedgerStore) throws {
        let open = try store.listSales(SaleFilter(statuses: [.awaitingPayment, .underpaid, .confirming]), after: nil,
                                       limit: 24).rows
        #expect(open.count >= 12)
        for (number, row) in open.enumerated() {
            let sale = try #require(try store.sale(id: row.id))
            switch number % 3 {
            case 0: try pay(sale, on: store, at: later)
            case 1:
                var changed = sale
                _ = changed.handle(.cancel(at: later))
                try store.save(changed, effects: [], reason: "cancel", at: later)
            default:
                var changed = sale
                _ = changed.handle(.managerVoid(reason: "test", at: later))
                try store.save(changed, effects: [], reason: "void", at: later)
            }
        }
    }

    /// Paid sales' payments leave their block (still counted), or vanish (no longer counted: received drops).
    static func reorgPaidSales(_ store: any LedgerStore) throws {
        let paid = try store.listSales(SaleFilter(statuses: [.paid]), after: nil, limit: 10).rows
        #expect(paid.count == 10)
        for (number, row) in paid.enumerated() {
            var sale = try #require(try store.sale(id: row.id))
            let payment = try #require(sale.payments.first { $0.counts })
            _ = sale.handle(number % 2 == 0 ? .reorged(payment.ref, at: later) : .vanished(payment.ref, at: later))
            try store.save(sale, effects: [], reason: "reorg", at: later)
        }
    }

    /// The quote's whole amount arrives with six confirmations.
    static func pay(_ sale: Sale, on store: any LedgerStore, at date: Date) throws {
        guard let quote = sale.currentQuote else { return }
        var changed = sale
        let observation = PaymentObservation(ref: PaymentRef(txid: "pay-\(sale.id)", output: 0), address: quote.address,
                                             amount: quote.amount, replaceable: false, confirmations: 6,
                                             blockHeight: 900, blockHash: "block-900")
        _ = changed.handle(.observed(observation, at: date))
        try store.save(changed, effects: [], reason: "paid", at: date)
    }

    /// A ledger from before v7 gets its whole-history totals from the sales it holds, exactly.
    @Test func theSQLiteMigrationFillsTheWholeHistoryTotalsFromTheSales() throws {
        let directory = try TemporaryDirectory(prefix: "till-v7")
        let path = directory.file("till.sqlite").path
        do {
            let database = try TillDatabase(path: path, timeZone: EngineLedger.utc)
            for sale in try Self.generated().prefix(300) { try database.save(sale, effects: [], reason: "old", at: sale.openedAt) }
            // Back to the schema before v7.
            try database.pool.write { db in
                for trigger in ["insert", "delete", "update"] { try db.execute(sql: "DROP TRIGGER sale_all_totals_\(trigger)") }
                try db.execute(sql: "DROP TABLE sale_all_totals")
                try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v7-sale-all-totals'")
            }
            #expect(try database.appliedMigrations().last == "v6-catalog-sync")
        }
        let reopened = try TillDatabase(path: path, timeZone: EngineLedger.utc)
        #expect(try reopened.appliedMigrations().suffix(3) == ["v7-sale-all-totals", "v8-packed-sale-documents",
                                                               "v9-unused-lookup-indexes"])
        #expect(try reopened.pool.read { db in try Int.fetchOne(db, sql: "SELECT SUM(sales) FROM sale_all_totals") } == 300)
        #expect(try reopened.runningTotalsDifferences() == [:])
        // The comparison notices a group that is off by one minor unit, or whose bounds leave out one of its sales.
        try reopened.pool.write { db in
            try db.execute(sql: "UPDATE sale_all_totals SET fiat_minor = fiat_minor + 1 WHERE cashier = 'alice' AND status = 'paid' AND asset_id = 'BTC'")
            try db.execute(sql: "UPDATE sale_day_totals SET last_at = last_at - 1 WHERE opened_day = '2026-01-01' AND cashier = 'alice' AND asset_id = 'BTC'")
        }
        #expect(try reopened.runningTotalsDifferences() == ["sale_all_totals": 1, "sale_day_totals": 1])
    }
}
