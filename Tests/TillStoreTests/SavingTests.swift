import BigInt
import Foundation
import GRDB
import Testing
import TillCore
import TillStore

@Suite struct SavingTests {
    @Test func aSavedSaleReloadsEqualWithItsRows() throws {
        let test = try TestDatabase()
        let sale = try Fixture.sale(id: "S-20261125-0001", status: .paid,
                                    lines: [(Fixture.coffee, 2), (Fixture.laptop, 1)], paid: 3_000_000,
                                    flags: [.overpaid, .paidLate])
        try test.database.save(sale, effects: [], reason: "paid", at: Fixture.noon)
        #expect(try test.database.sale(id: sale.id) == sale)
        #expect(try test.reopened().sale(id: sale.id) == sale)
        #expect(try test.database.sale(id: "S-nope") == nil)
        let counts = try test.database.pool.read { db in
            try ["sale_lines", "quotes", "payments", "sale_transitions"].map {
                try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \($0) WHERE sale_id = ?", arguments: [sale.id]) ?? -1
            }
        }
        #expect(counts == [2, 1, 1, 2])
        let row = try #require(try test.database.pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM sales WHERE id = ?", arguments: [sale.id])
        })
        #expect(row["status"] as String == "paid")
        #expect(row["flags"] as String == ",overpaid,paidLate,")
        #expect(row["fiat_total_minor"] as Int64 == 900 + 129_900)
        #expect(row["coin_received_units"] as String == "3000000")
        #expect(row["coin_due_units"] as String == String(sale.totalDue!.units))
        let tax = try test.database.pool.read { db in
            try Int64.fetchOne(db, sql: "SELECT tax_minor FROM sale_lines WHERE sale_id = ? AND line_no = 1",
                               arguments: [sale.id])
        }
        // 8.25 % included in 1299.00: 1299 × 8.25 / 108.25 = 98.998… → 99.00 rounded up.
        #expect(tax == 9_900)
    }

    @Test func savingAgainAppendsTransitionsAndUpdatesPayments() throws {
        let test = try TestDatabase()
        let awaiting = try Fixture.sale(id: "S-2", status: .awaitingPayment)
        try test.database.save(awaiting, effects: [], reason: "quote", at: Fixture.noon)
        let paid = try Fixture.sale(id: "S-2", status: .paid, paid: 2000)
        try test.database.save(paid, effects: [.notify(.paid)], reason: "confirmed", at: Fixture.noon.addingTimeInterval(60))
        #expect(try test.database.sale(id: "S-2") == paid)
        let transitions = try test.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT to_status FROM sale_transitions WHERE sale_id = 'S-2' ORDER BY seq")
        }
        #expect(transitions == ["awaitingPayment", "paid"])
        let reason = try test.database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT last_reason FROM sales WHERE id = 'S-2'")
        }
        #expect(reason == "confirmed")
    }

    @Test func aFailingEffectWriteRollsBackTheWholeSave() throws {
        let test = try TestDatabase()
        let first = try Fixture.sale(id: "S-3", status: .awaitingPayment)
        try test.database.save(first, effects: [.notify(.quoted)], reason: "quote", at: Fixture.noon)
        // A real SQLite failure on the second outbox row of the next save.
        try test.database.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER fail_paid BEFORE INSERT ON outbox WHEN NEW.kind = 'adjustStock'
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END
                """)
        }
        try test.database.upsertProducts([Fixture.coffee], at: Fixture.noon)
        let paid = try Fixture.sale(id: "S-3", status: .paid, paid: 2000)
        #expect(throws: StoreError.self) {
            try test.database.save(paid, effects: [.notify(.paid), .adjustStock([StockChange(productID: "COF-1", delta: -2)])],
                                   reason: "paid", at: Fixture.noon)
        }
        #expect(try test.database.sale(id: "S-3") == first)
        #expect(try test.database.outbox(saleID: "S-3").map(\.kind) == ["notify"])
        #expect(try test.database.stock(productID: "COF-1") == 10)
        let rows = try test.database.pool.read { db in
            try [Int.fetchOne(db, sql: "SELECT COUNT(*) FROM payments") ?? -1,
                 Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sale_transitions") ?? -1]
        }
        #expect(rows == [0, 1])
    }

    @Test func effectsBecomeOutboxRowsAndStockMovesOnce() throws {
        let test = try TestDatabase()
        try test.database.upsertProducts([Fixture.coffee, Fixture.laptop], at: Fixture.noon)
        let sale = try Fixture.sale(id: "S-4", status: .paid, paid: 2000)
        let effects: [SaleEffect] = [
            .notify(.paid), .adjustStock([StockChange(productID: "COF-1", delta: -2)]),
            .unwatch(address: "addr-S-4", asset: .btc),
            .requestQuote(asset: .eth, amount: FiatAmount(minor: 5, currency: .usd),
                          remainder: CoinAmount(units: BigUInt(10).power(20), asset: .eth), reuseAddress: "0xabc"),
            .notify(.confirmations(3, of: 6)), .notify(.underpaid(stillDue: CoinAmount(units: 7, asset: .btc))),
        ]
        try test.database.save(sale, effects: effects, reason: "paid", at: Fixture.noon)
        #expect(try test.database.stock(productID: "COF-1") == 8)
        #expect(try test.database.stock(productID: "LAP-14-PRO") == 3)
        let rows = try test.database.outbox(saleID: "S-4")
        #expect(rows.compactMap { EffectPayload.decode(kind: $0.kind, json: $0.payloadJSON) } == effects)
        // Stock was applied with the sale, so only the others wait for the runner.
        let pending = try test.database.pendingOutbox(at: Fixture.noon, limit: 100)
        #expect(pending.map(\.kind) == ["notify", "unwatch", "requestQuote", "notify", "notify"])
        try test.database.markAttemptFailed(outboxID: pending[0].id, error: "timeout",
                                            nextAttemptAt: Fixture.noon.addingTimeInterval(30))
        try test.database.markDelivered(outboxID: pending[1].id, at: Fixture.noon)
        let later = try test.database.pendingOutbox(at: Fixture.noon, limit: 100)
        #expect(later.map(\.id) == pending.dropFirst(2).map(\.id))
        let retried = try test.database.pendingOutbox(at: Fixture.noon.addingTimeInterval(31), limit: 100)
        #expect(retried.first?.id == pending[0].id && retried.first?.attempts == 1 && retried.first?.lastError == "timeout")
        // The catalog's count wins only when the catalog changed it (a restock).
        try test.database.upsertProducts([Fixture.coffee], at: Fixture.noon)
        #expect(try test.database.stock(productID: "COF-1") == 8)
        let restocked = Product(id: "COF-1", name: "Flat white", price: Fixture.coffee.price, category: "Coffee", stock: 50)
        try test.database.upsertProducts([restocked], at: Fixture.noon)
        #expect(try test.database.stock(productID: "COF-1") == 50)
    }

    @Test func openSalesAreThoseStillWorkedOnOrInsideTheirLateWindow() throws {
        let test = try TestDatabase()
        let statuses: [SaleStatus] = [.building, .awaitingPayment, .underpaid, .confirming, .paid, .expired,
                                      .cancelled, .voided]
        for (number, status) in statuses.enumerated() {
            try test.database.save(try Fixture.sale(id: "S-\(number)", at: Fixture.noon.addingTimeInterval(Double(number)),
                                                    status: status), effects: [], reason: "t", at: Fixture.noon)
        }
        // The quote expires 15 minutes after noon; BTC's late window is 24 h after that.
        let inWindow = try test.database.openSales(at: Fixture.noon.addingTimeInterval(3600))
        #expect(inWindow.map(\.id) == ["S-0", "S-1", "S-2", "S-3", "S-5"])
        let afterWindow = try test.database.openSales(at: Fixture.noon.addingTimeInterval(900 + 86_400 + 60))
        #expect(afterWindow.map(\.id) == ["S-0", "S-1", "S-2", "S-3"])
    }

    @Test func saleIDsAreSortablePerDayAndNeverRepeat() throws {
        let test = try TestDatabase()
        let first = try test.database.nextSaleID(at: Fixture.noon)
        let second = try test.database.nextSaleID(at: Fixture.noon)
        let nextDay = try test.database.nextSaleID(at: Fixture.noon.addingTimeInterval(86_400))
        let afterReopen = try test.reopened().nextSaleID(at: Fixture.noon)
        #expect([first, second, nextDay, afterReopen] == ["S-20261125-0001", "S-20261125-0002", "S-20261126-0001",
                                                          "S-20261125-0003"])
    }
}
