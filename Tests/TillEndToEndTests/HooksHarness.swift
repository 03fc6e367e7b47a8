import Foundation
import TillApp
import TillCore
import TillHooks
import TillStore
import TillTestSupport
import TillUI

/// A settable clock shared by the service and the repository, so retries follow the schedule without sleeps.
final class HooksClock: @unchecked Sendable {
    private let lock = NSLock()
    private var time: Date

    init(_ time: Date) { self.time = time }

    var now: Date { lock.withLock { time } }
    func set(_ date: Date) { lock.withLock { time = date } }
    var function: @Sendable () -> Date { { self.now } }
}

/// One till's hook wiring on a real SQLite file, as LiveAssembly builds it: `OutboxLedgerSales` writes each
/// sale change and its webhook deliveries in one transaction, then the observers run, as the runner does.
struct HooksTill: @unchecked Sendable {
    let store: TillDatabase
    let service: HookService
    let sales: OutboxLedgerSales
    let observers: [SaleObserver]

    init(path: String, endpoints: [WebhookEndpoint], commands: [CommandHook] = [], printers: [PrinterConfiguration] = [],
         inbox: Inbox? = nil, log: FileLog, clock: HooksClock) throws {
        store = try TillDatabase(path: path, timeZone: TimeZone(identifier: "UTC")!)
        service = HookService(endpoints: endpoints, commands: commands,
                              printers: ReceiptPrinters(printers, header: "12 High Street", footer: "Thank you!", inbox: inbox, log: log),
                              outbox: WebhookOutbox(database: store), shop: HooksFixture.shop,
                              timeZone: TimeZone(identifier: "UTC")!, log: log, inbox: inbox, clock: clock.function, random: { 0.5 })
        sales = OutboxLedgerSales(store: store, hooks: service, clock: clock.function)
        observers = [service, StockWatch(store: store, log: log, inbox: inbox)]
    }

    /// What the runner does with `.persist`: save, then tell the observers.
    func commit(_ sale: Sale, _ effects: [SaleEffect]) throws {
        try sales.save(sale, effects: effects)
        for observer in observers { observer.saleSaved(sale, effects: effects) }
    }

    /// Checkout, quote and full payment of `lines`, committed step by step; returns the paid sale.
    @discardableResult
    func sell(_ id: String, _ lines: [(Product, Int)] = [(HooksFixture.mouse, 1)], at time: Date) throws -> Sale {
        var sale = HooksFixture.quoted(id, lines, at: time)
        let quoted = HooksFixture.quoteEffects(&sale, at: time)
        try commit(sale, quoted)
        let effects = sale.handle(.observed(HooksFixture.observation(for: sale, confirmations: 6), at: time.addingTimeInterval(60)))
        try commit(sale, effects)
        return sale
    }
}

enum HooksFixture {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }
    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
    static let shop = ShopInfo(name: "Corner Computers", currency: .usd)
    static let mouse = Product(id: "MOU-1", name: "Mouse", price: FiatAmount(minor: 2_500, currency: .usd), category: "Accessories", stock: 5)
    static let lastOne = Product(id: "LAST-1", name: "Last laptop", price: FiatAmount(minor: 99_900, currency: .usd),
                                 category: "Computers", stock: 1)
    static let rate = ExchangeRate(asset: .btc, currency: .usd, price: try! DecimalNumber(parsing: "64123.45"), source: "kraken", time: t0)

    /// A sale checked out in BTC, not yet quoted.
    static func quoted(_ id: String, _ lines: [(Product, Int)], at time: Date) -> Sale {
        var cart = Cart(currency: .usd)
        for (product, quantity) in lines { cart.add(product, quantity: quantity) }
        var sale = Sale(id: id, cashier: "alice", openedAt: time, cart: cart)
        _ = sale.handle(.checkout(.btc, policy: PaymentPolicy(), at: time))
        return sale
    }

    /// Hands the sale its quote (a unique address per sale) and returns the effects (`created`).
    static func quoteEffects(_ sale: inout Sale, at time: Date) -> [SaleEffect] {
        let due = try! rate.coinDue(for: sale.cart.total)
        let address = "bcrt1q" + String(sale.id.unicodeScalars.map { String($0.value, radix: 16) }.joined().prefix(30))
        let quote = Quote(address: address, derivationPath: nil, amount: due, fiat: sale.cart.total, rate: rate,
                          uri: "bitcoin:\(address)?amount=\(due.plainDecimal)", createdAt: time, expiresAt: time.addingTimeInterval(900))
        return sale.handle(.quoteReady(quote))
    }

    static func observation(for sale: Sale, confirmations: Int) -> PaymentObservation {
        PaymentObservation(ref: PaymentRef(txid: "tx-" + sale.id, output: 0), address: sale.currentQuote!.address,
                           amount: sale.totalDue!, replaceable: false, confirmations: confirmations, blockHeight: 200, blockHash: "b")
    }

    /// The JSON `type` and `data.sale_id` of a delivered body: ["sale.paid", "S-1"].
    static func summary(_ body: String) throws -> [String] {
        let object = try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any]
        let data = object?["data"] as? [String: Any]
        return [object?["type"] as? String ?? "", data?["sale_id"] as? String ?? ""]
    }

    /// Polls `condition` every 50 ms for up to `seconds` (for work the till does in the background).
    static func eventually(_ seconds: Double = 10, _ condition: () async throws -> Bool) async rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return try await condition()
    }
}
