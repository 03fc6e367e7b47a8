import Foundation
import Testing
import TillApp
import TillCore
import TillStore
import TillTestSupport

/// The runner's sale storage family on real SQLite files: what `LedgerSales` and `TrainingLedgerSales` add, and the
/// in-memory `SaleIndex` the chain feeds route by.
@Suite struct RunnerSalesTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let laptop = Product(id: "LAP-14", name: "Laptop 14\"", price: FiatAmount(minor: 129_900, currency: .usd),
                                category: "Computers", stock: 5)
    static let rate = ExchangeRate(asset: .btc, currency: .usd, price: try! DecimalNumber(parsing: "64123.45"), source: "kraken", time: t0)

    static func quote(address: String = "bcrt1qtill0") -> Quote {
        let due = CoinAmount(units: 2_025_780, asset: .btc)
        return Quote(address: address, derivationPath: "m/84'/1'/0'/0/0", amount: due, fiat: laptop.price, rate: rate,
                     uri: "bitcoin:\(address)", createdAt: t0, expiresAt: t0.addingTimeInterval(900))
    }

    /// A sale through the state machine, with the effects of each step, as the runner saves them.
    static func steps(id: String) -> [(sale: Sale, effects: [SaleEffect])] {
        var sale = Sale(id: id, cashier: "alice", openedAt: t0, cart: Cart(currency: .usd))
        var out: [(Sale, [SaleEffect])] = []
        let events: [SaleEvent] = [
            .addProduct(laptop, quantity: 1), .checkout(.btc, policy: PaymentPolicy(), at: t0), .quoteReady(quote()),
            .observed(PaymentObservation(ref: PaymentRef(txid: String(repeating: "ab", count: 32), output: 0), address: quote().address,
                                         amount: CoinAmount(units: 2_025_780, asset: .btc), replaceable: false, confirmations: 6,
                                         blockHeight: 201, blockHash: String(repeating: "cd", count: 32)), at: t0.addingTimeInterval(60)),
        ]
        for event in events { let effects = sale.handle(event); out.append((sale, effects)) }
        return out
    }

    @Test func stockMovesOnceInTheSavesTransactionWithoutAStockCall() throws {
        let directory = try TemporaryDirectory(prefix: "till-app-sales")
        let store = try TillDatabase(path: directory.file("till.sqlite").path)
        try store.insertMissingProducts([Self.laptop], at: Self.t0)
        let sales = LedgerSales(store: store, clock: { Self.t0 })
        let steps = Self.steps(id: try sales.reserveSaleID(at: Self.t0))
        #expect(steps.last?.effects.contains(.adjustStock([StockChange(productID: "LAP-14", delta: -1)])) == true)
        for step in steps { try sales.save(step.sale, effects: step.effects) }
        #expect(try store.stockLevels()["LAP-14"] == 4)
        // Saving the paid sale again (a restart, a manager's look) moves nothing.
        try sales.save(steps.last!.sale, effects: [])
        #expect(try store.stockLevels()["LAP-14"] == 4)
        #expect(try store.sale(id: steps.last!.sale.id) == steps.last!.sale)
        #expect(try sales.openSales().isEmpty)
        #expect(try sales.reorgWatchedSales().map(\.id) == [steps.last!.sale.id])
    }

    @Test func aPendingQuoteIsSavedAsBuildingAndComesBackPending() throws {
        let directory = try TemporaryDirectory(prefix: "till-app-pending")
        let store = try TillDatabase(path: directory.file("till.sqlite").path)
        try store.insertMissingProducts([Self.laptop], at: Self.t0)
        let sales = LedgerSales(store: store, clock: { Self.t0 })
        let pending = Self.steps(id: try sales.reserveSaleID(at: Self.t0))[1]
        try sales.save(pending.sale, effects: pending.effects)
        let reopened = try #require(try sales.openSales().first)
        #expect(reopened.status == .building && reopened.state == .quotePending && reopened.asset == .btc)
    }

    @Test func trainingWritesEachProductTheFirstTimeASaleHoldsIt() throws {
        let directory = try TemporaryDirectory(prefix: "till-app-training")
        let store = try TillDatabase(path: directory.file("training.sqlite").path)
        let sales = TrainingLedgerSales(store: store, clock: { Self.t0 })
        #expect(try store.stockLevels().isEmpty)
        let steps = Self.steps(id: try sales.reserveSaleID(at: Self.t0))
        try sales.save(steps[0].sale, effects: steps[0].effects)
        #expect(try store.stockLevels() == ["LAP-14": 5])
        for step in steps.dropFirst() { try sales.save(step.sale, effects: step.effects) }
        #expect(try store.stockLevels() == ["LAP-14": 4])
    }

    @Test func theIndexRoutesEveryAddressAndPaymentOfASale() throws {
        let index = SaleIndex()
        let paid = try #require(Self.steps(id: "S-1").last?.sale)
        #expect(index.sale(forAddress: "bcrt1qtill0") == nil)
        index.update(paid)
        #expect(index.sale(forAddress: "bcrt1qtill0") == "S-1")
        #expect(index.sale(forAddress: "bcrt1qother") == nil)
        let ref = PaymentRef(txid: String(repeating: "ab", count: 32), output: 0)
        #expect(index.payment(ref)?.saleID == "S-1")
        #expect(index.payment(ref)?.payment.confirmations == 6)
        #expect(index.payment(PaymentRef(txid: String(repeating: "ab", count: 32), output: 1)) == nil)
    }
}
