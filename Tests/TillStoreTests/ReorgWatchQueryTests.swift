import BigInt
import Foundation
import GRDB
import Testing
import TillCore
@testable import TillStore
import TillStoreTestSupport

/// Paid sales still watched for a reorg are found after a restart, through a small table, never by a scan.
@Suite struct ReorgWatchQueryTests {
    static let policy = PaymentPolicy(requiredConfirmations: 1)

    /// A sale run through the real state machine: quoted at noon, paid at `paidAt` with one confirmation.
    static func paidSale(_ id: String, paidAt: Date) throws -> Sale {
        var sale = Sale(id: id, cashier: "alice", openedAt: Fixture.noon, cart: Cart(currency: .usd))
        _ = sale.handle(.addProduct(Fixture.coffee, quantity: 1))
        _ = sale.handle(.checkout(.btc, policy: policy, at: Fixture.noon))
        let quote = try SyntheticSales.quote(asset: .btc, fiat: sale.cart.total, price: "64123.45", address: "addr-\(id)",
                                             path: "m/84'/0'/0'/0/1", at: Fixture.noon)
        _ = sale.handle(.quoteReady(quote))
        let payment = PaymentObservation(ref: PaymentRef(txid: "tx-\(id)", output: 0), address: quote.address,
                                         amount: quote.amount, replaceable: false, confirmations: 1, blockHeight: 800_000,
                                         blockHash: "block-\(id)")
        _ = sale.handle(.observed(payment, at: paidAt))
        return sale
    }

    @Test func onlyPaidSalesStillWatchedAreFoundAndTheyLeaveWhenTheWatchEnds() throws {
        let test = try TestDatabase()
        var recent = try Self.paidSale("S-recent", paidAt: Fixture.noon.addingTimeInterval(120))
        var done = try Self.paidSale("S-done", paidAt: Fixture.noon.addingTimeInterval(60))
        let unwatched = done.handle(.tick(Fixture.noon.addingTimeInterval(3 * 86_400)))
        #expect(recent.status == .paid && recent.watching)
        #expect(done.status == .paid && !done.watching && !unwatched.isEmpty)
        let open = try Fixture.sale(id: "S-open", status: .awaitingPayment)
        for sale in [recent, done, open] { try test.database.save(sale, effects: [], reason: "t", at: Fixture.noon) }

        #expect(try test.database.reorgWatchedSales() == [recent])
        #expect(try test.reopened().reorgWatchedSales() == [recent], "the same after a restart")
        #expect(try test.database.openSales(at: Fixture.noon).map(\.id) == ["S-open"], "open sales are unchanged")

        // A reorg takes it out of paid: an open (confirming) sale now, not a paid one in its window.
        _ = recent.handle(.reorged(PaymentRef(txid: "tx-S-recent", output: 0), at: Fixture.noon.addingTimeInterval(600)))
        try test.database.save(recent, effects: [], reason: "reorg", at: Fixture.noon.addingTimeInterval(600))
        #expect(try test.database.reorgWatchedSales().isEmpty)
        #expect(try test.database.openSales(at: Fixture.noon).map(\.id).contains("S-recent"))

        // Confirmed again, then the window after that passes: found, then gone.
        _ = recent.handle(.observed(PaymentObservation(ref: PaymentRef(txid: "tx-S-recent", output: 0), address: "addr-S-recent",
                                                       amount: recent.totalDue!, replaceable: false, confirmations: 1,
                                                       blockHeight: 800_001, blockHash: "block-b"),
                                    at: Fixture.noon.addingTimeInterval(900)))
        try test.database.save(recent, effects: [], reason: "paid", at: Fixture.noon.addingTimeInterval(900))
        #expect(try test.database.reorgWatchedSales().map(\.id) == ["S-recent"])
        _ = recent.handle(.tick(Fixture.noon.addingTimeInterval(3 * 86_400)))
        #expect(!recent.watching)
        try test.database.save(recent, effects: [], reason: "window over", at: Fixture.noon.addingTimeInterval(3 * 86_400))
        #expect(try test.database.reorgWatchedSales().isEmpty)
    }

    @Test func theMigrationFindsPaidSalesSavedBeforeIt() throws {
        let test = try TestDatabase()
        let recent = try Self.paidSale("S-before", paidAt: Fixture.noon.addingTimeInterval(120))
        try test.database.save(recent, effects: [], reason: "t", at: Fixture.noon)
        // Back to the schema before the migration (and v8's JSON documents it read), with the sale already saved.
        try SaleDocumentMigrationTests.backToJSONDocuments(test.database)
        try test.database.pool.write { db in
            try db.execute(sql: """
                DROP TRIGGER reorg_watch_on_insert; DROP TRIGGER reorg_watch_on_update; DROP TABLE reorg_watch;
                DELETE FROM grdb_migrations WHERE identifier = 'v3-reorg-watch';
                """)
        }
        #expect(try test.reopened().reorgWatchedSales() == [recent])
    }

    @Test func theQueryReadsTheWatchTableByKeyNeverScanningSales() throws {
        let test = try TestDatabase()
        let plan = try test.database.pool.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + ReorgWatchQueries.watchedPaidSales).map { $0["detail"] as String }
        }
        #expect(plan.contains { $0.hasPrefix("SCAN w") }, "\(plan)")
        #expect(!plan.contains { $0.hasPrefix("SCAN s") || $0.hasPrefix("SCAN d") }, "sales and documents by key: \(plan)")
    }
}
