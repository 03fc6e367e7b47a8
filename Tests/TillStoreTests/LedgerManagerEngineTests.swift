import BigInt
import Foundation
import Testing
import TillCore
import TillHooks
import TillStore
import TillStorePostgres
import TillStoreTestSupport

/// The manager's half of `LedgerStore` on both engines: refunds, day closes, exports, hostile text.
@Suite struct LedgerManagerEngineTests {
    static let minute: TimeInterval = 60
    /// More than any fiat-sized amount: refunds keep base units exact (an ETH refund in wei).
    static let huge = BigUInt(10).power(29) + 123_456_789

    static func paidSale(_ id: String, at: Date = Fixture.noon) throws -> Sale {
        try Fixture.sale(id: id, at: at, status: .paid, paid: 2000)
    }

    @Test(arguments: Engine.allCases) func aRefundIsRecordedOnceAndFoundBySaleAndByTime(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let store = ledger.store
        for id in ["S-1", "S-2"] { try store.save(try Self.paidSale(id), effects: [], reason: "paid", at: Fixture.noon) }
        let first = try store.recordRefund(saleID: "S-1", assetID: "btc", txid: "rf-1", amountUnits: Self.huge,
                                           at: Fixture.noon.addingTimeInterval(Self.minute), by: "mona", note: "cup broke")
        #expect(first.saleID == "S-1" && first.txid == "rf-1" && first.amountUnits == Self.huge)
        #expect(first.recordedAt == Fixture.noon.addingTimeInterval(Self.minute) && first.recordedBy == "mona")
        // The same txid for the same sale is refused, from this lane or another, and writes nothing.
        #expect(throws: (any Error).self) {
            try store.recordRefund(saleID: "S-1", assetID: "btc", txid: "rf-1", amountUnits: 1, at: Fixture.noon,
                                   by: "mona", note: "again")
        }
        #expect(throws: (any Error).self) {
            try ledger.lane("back-2").recordRefund(saleID: "S-1", assetID: "btc", txid: "rf-1", amountUnits: 1,
                                                   at: Fixture.noon, by: "bob", note: "again")
        }
        // The same txid may refund another sale (one transaction paying back two customers).
        _ = try store.recordRefund(saleID: "S-2", assetID: "btc", txid: "rf-1", amountUnits: 7,
                                   at: Fixture.noon.addingTimeInterval(1.5 * Self.minute), by: "mona", note: "")
        _ = try store.recordRefund(saleID: "S-1", assetID: "btc", txid: "rf-2", amountUnits: 9,
                                   at: Fixture.noon.addingTimeInterval(2 * Self.minute), by: "mona", note: "")
        let ofS1 = try store.refunds(saleID: "S-1")
        #expect(ofS1.map(\.txid) == ["rf-1", "rf-2"])
        #expect(ofS1.first == first)
        let inWindow = try store.refunds(from: Fixture.noon.addingTimeInterval(Self.minute),
                                         to: Fixture.noon.addingTimeInterval(2 * Self.minute))
        #expect(inWindow.map(\.saleID) == ["S-1", "S-2"], "[from, to): the refund at `to` is left out")
        #expect(try store.refundedSaleIDs(["S-1", "S-3", "S-2"]) == ["S-1", "S-2"])
        #expect(try store.refundedSaleIDs([]).isEmpty)
    }

    @Test(arguments: Engine.allCases) func aRefundAndItsWebhookAreWrittenTogetherOrNotAtAll(engine: Engine) throws {
        let store = try EngineLedger(engine).store
        try store.save(try Self.paidSale("S-1"), effects: [], reason: "paid", at: Fixture.noon)
        _ = try store.recordRefund(saleID: "S-1", assetID: "btc", txid: "rf-1", amountUnits: 5, at: Fixture.noon,
                                   by: "mona", note: "", deliveries: [WebhookOutboxTests.new("evt_refund_1")])
        #expect(throws: (any Error).self) {
            try store.recordRefund(saleID: "S-1", assetID: "btc", txid: "rf-1", amountUnits: 5, at: Fixture.noon,
                                   by: "mona", note: "", deliveries: [WebhookOutboxTests.new("evt_refund_2")])
        }
        #expect(try store.webhookOutbox().log(endpoint: "shop", limit: 10).map(\.eventID) == ["evt_refund_1"])
        #expect(try store.refunds(saleID: "S-1").count == 1)
    }

    @Test(arguments: Engine.allCases) func aDayClosesOnceForTheShop(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let store = ledger.store
        func close(_ day: String, by: String = "mona", text: String = "Z report") -> DayCloseRecord {
            DayCloseRecord(day: day, closedAt: Fixture.noon, closedBy: by, reportHash: "h-\(day)", reportText: text)
        }
        #expect(try store.dayClose(day: "2026-11-25") == nil)
        #expect(try store.recordDayClose(close("2026-11-25")))
        #expect(try store.recordDayClose(close("2026-11-25", by: "bob", text: "other")) == false)
        #expect(try ledger.lane("back-2").recordDayClose(close("2026-11-25", by: "carol")) == false)
        #expect(try store.dayClose(day: "2026-11-25") == close("2026-11-25"), "the first close stands")
        #expect(try store.recordDayClose(close("2026-11-24")))
        #expect(try store.recordDayClose(close("2026-11-26")))
        #expect(try store.dayCloses(limit: 2).map(\.day) == ["2026-11-26", "2026-11-25"])
        #expect(try store.dayCloses(limit: 10).count == 3)
    }

    /// A paid sale with two payments, the later-seen one first in the sale (the export orders by first seen).
    static func twiceSale(_ id: String, at: Date) throws -> Sale {
        var parts = SyntheticSales.Parts(id: id, cashier: "bob", openedAt: at, lines: [(product: Fixture.laptop, quantity: 1)])
        var cart = Cart(currency: .usd)
        cart.add(Fixture.laptop, quantity: 1)
        let quote = try SyntheticSales.quote(asset: .btc, fiat: cart.total, price: "64123.45", address: "addr-\(id)",
                                             path: "m/84'/0'/0'/0/9", at: at)
        parts.status = .paid
        parts.asset = .btc
        parts.policy = .defaults(for: .btc)
        parts.quotes = [quote]
        parts.payments = [
            SyntheticSales.payment(txid: "tx-late", address: quote.address, amount: CoinAmount(units: 1_000, asset: .btc),
                                   at: at.addingTimeInterval(50), confirmations: 0, height: 0),
            SyntheticSales.payment(txid: "tx-early", address: quote.address,
                                   amount: CoinAmount(units: quote.amount.units - 1_000, asset: .btc),
                                   at: at.addingTimeInterval(20), confirmations: 3, height: 900_001),
        ]
        parts.history = [SaleTransition(from: .building, to: .awaitingPayment, at: at, reason: "checkout"),
                         SaleTransition(from: .awaitingPayment, to: .paid, at: at.addingTimeInterval(60), reason: "paid")]
        return try SyntheticSales.sale(parts)
    }

    @Test(arguments: Engine.allCases) func theExportStreamsEverySaleOldestFirstWithItsQuoteAndPayments(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let store = ledger.store
        let twice = try Self.twiceSale("S-3", at: Fixture.noon.addingTimeInterval(2 * Self.minute))
        try store.save(twice, effects: [], reason: "paid", at: Fixture.noon)
        try store.save(try Fixture.sale(id: "S-1", status: .building), effects: [], reason: "t", at: Fixture.noon)
        // Made on another lane: the manager's export is the whole shop's.
        try ledger.lane("back-2").save(try Self.paidSale("S-2", at: Fixture.noon.addingTimeInterval(Self.minute)),
                                       effects: [], reason: "paid", at: Fixture.noon)
        var exported: [ExportedSale] = []
        try store.forEachExportedSale(.all) { exported.append($0) }
        #expect(exported.map(\.summary.id) == ["S-1", "S-2", "S-3"])
        #expect(exported.map(\.summary) == Array(try store.listSales(.all, after: nil, limit: 10).rows.reversed()))
        #expect(exported[0].ratePrice == nil && exported[0].derivationPath == nil && exported[0].payments.isEmpty)
        #expect(exported[2].ratePrice == "64123.45" && exported[2].rateSource == "fixed")
        #expect(exported[2].derivationPath == "m/84'/0'/0'/0/9")
        let expected = twice.payments.sorted { $0.firstSeen < $1.firstSeen }.map {
            ExportedPayment.restored(txid: $0.ref.txid, output: $0.ref.output, address: $0.address,
                                     amountUnits: $0.amount.units, state: $0.state.rawValue,
                                     confirmations: $0.confirmations, blockHeight: $0.blockHeight,
                                     blockHash: $0.blockHash, firstSeen: $0.firstSeen, late: $0.late)
        }
        #expect(exported[2].payments == expected)
        #expect(exported[2].payments.map(\.txid) == ["tx-early", "tx-late"])
        // The filter applies, and an error thrown by the body stops the export and reaches the caller (SQLite
        // wraps it in a StoreError naming the file, PostgreSQL passes it as thrown).
        var paid: [String] = []
        try store.forEachExportedSale(SaleFilter(statuses: [.paid], cashier: "bob")) { paid.append($0.summary.id) }
        #expect(paid == ["S-3"])
        struct Stop: Error, Equatable {}
        var seen = 0
        do {
            try store.forEachExportedSale(.all) { _ in seen += 1; throw Stop() }
            Issue.record("the export went on after its body threw")
        } catch {
            #expect("\(error)".contains("Stop()"))
        }
        #expect(seen == 1)
    }

    /// Text from outside (a catalog, a cashier, a node) with quotes, escapes and control characters comes back
    /// exactly as written, in every column that keeps text.
    static let hostile = "Caf\u{e9} \"O'Brien\"; DROP TABLE sales;-- \\x00 $1 \u{1b}[31mred\u{1b}[0m\t\r\n\u{7}\u{7f}\u{202e}"

    @Test(arguments: Engine.allCases) func hostileTextRoundTripsExactly(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let store = ledger.store
        let product = Product(id: "P'\u{1b}1", name: Self.hostile, price: FiatAmount(minor: 100, currency: .usd),
                              category: Self.hostile, stock: 4)
        #expect(try store.syncProducts([product], fingerprint: Self.hostile, at: Fixture.noon))
        #expect(try store.syncProducts([product], fingerprint: Self.hostile, at: Fixture.noon) == false)
        #expect(try store.stockLevels() == [product.id: 4])
        let sale = try Fixture.sale(id: "S-1", cashier: Self.hostile, status: .paid, lines: [(product, 1)], paid: 10)
        try store.save(sale, effects: [], reason: Self.hostile, at: Fixture.noon)
        #expect(try store.sale(id: "S-1") == sale)
        #expect(try store.listSales(SaleFilter(cashier: Self.hostile), after: nil, limit: 5).rows.map(\.id) == ["S-1"])
        _ = try store.recordRefund(saleID: "S-1", assetID: "btc", txid: Self.hostile, amountUnits: 1, at: Fixture.noon,
                                   by: Self.hostile, note: Self.hostile)
        let refund = try #require(try store.refunds(saleID: "S-1").first)
        #expect(refund.note == Self.hostile && refund.txid == Self.hostile && refund.recordedBy == Self.hostile)
        let close = DayCloseRecord(day: "2026-11-25", closedAt: Fixture.noon, closedBy: Self.hostile, reportHash: "h",
                                   reportText: Self.hostile)
        #expect(try store.recordDayClose(close))
        #expect(try store.dayClose(day: "2026-11-25") == close)
        var cart = Cart(currency: .usd)
        cart.add(product, quantity: 2)
        let snapshot = LaneSnapshot(shopName: Self.hostile, training: false, cart: cart, saleID: "S-1")
        try store.publishLane(snapshot, at: Fixture.noon)
        #expect(try ledger.laneSnapshot() == snapshot)
    }
}
