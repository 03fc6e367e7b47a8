import BigInt
import Foundation
import TillCore
import TillHooks

/// A sale of a laptop and two mice paid in BTC, and receipts and events made from it.
enum HookFixture {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static func at(_ seconds: TimeInterval) -> Date { t0.addingTimeInterval(seconds) }
    static let txid = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16"
    static let laptop = Product(id: "LAP-14", name: "Laptop 14\"", price: FiatAmount(minor: 129_900, currency: .usd), category: "Computers")
    static let mouse = Product(id: "MOU-1", name: "Mouse", price: FiatAmount(minor: 2_500, currency: .usd), category: "Accessories")
    static let rate = ExchangeRate(asset: .btc, currency: .usd, price: try! DecimalNumber(parsing: "64123.45"), source: "kraken", time: t0)

    /// The sale after checkout and quote, and the effects of the quote.
    static func quoted(id: String = "S-1") -> (Sale, [SaleEffect]) {
        var cart = Cart(currency: .usd, taxMode: .excluded, defaultTaxRate: DecimalNumber(digits: 825, scale: 2))
        cart.add(laptop)
        cart.add(mouse, quantity: 2)
        var sale = Sale(id: id, cashier: "alice", openedAt: t0, cart: cart)
        _ = sale.handle(.checkout(.btc, policy: PaymentPolicy(), at: t0))
        let due = try! rate.coinDue(for: sale.cart.total)
        let address = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"
        let quote = Quote(address: address, derivationPath: nil, amount: due, fiat: sale.cart.total, rate: rate,
                          uri: "bitcoin:\(address)?amount=\(due.plainDecimal)", createdAt: t0, expiresAt: at(900))
        let effects = sale.handle(.quoteReady(quote))
        return (sale, effects)
    }

    /// The sale once paid (6 confirmations), and the effects of that last observation.
    static func paid(id: String = "S-1") -> (Sale, [SaleEffect]) {
        var (sale, _) = quoted(id: id)
        let observation = PaymentObservation(ref: PaymentRef(txid: txid, output: 1), address: sale.currentQuote!.address,
                                             amount: sale.totalDue!, replaceable: false, confirmations: 6,
                                             blockHeight: 200, blockHash: "b")
        let effects = sale.handle(.observed(observation, at: at(60)))
        return (sale, effects)
    }

    static func receipt() -> Receipt {
        Receipt(sale: paid().0, shopName: "Corner Computers", headerText: "12 High Street", footerText: "Thank you!",
                time: Receipt.formatTime(at(60), timeZone: TimeZone(identifier: "UTC")!))
    }

    static let secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
}

/// A repeatable "random" source for jitter: plays `values` in a loop.
final class ScriptedRandom: @unchecked Sendable {
    private let values: [Double]
    private var index = 0
    private let lock = NSLock()

    init(_ values: [Double]) { self.values = values }

    func next() -> Double {
        lock.lock()
        defer { lock.unlock() }
        let value = values[index % values.count]
        index += 1
        return value
    }
}
