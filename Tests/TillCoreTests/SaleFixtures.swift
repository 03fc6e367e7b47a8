import BigInt
import Foundation
@testable import TillCore

/// A laptop sale paid in BTC, with times relative to `t0`.
enum Fixture {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static func at(_ seconds: Int) -> Date { t0.addingTimeInterval(TimeInterval(seconds)) }

    static let laptop = Product(id: "LAP-14", name: "Laptop 14\"", price: FiatAmount(minor: 129_900, currency: .usd),
                                category: "Computers", stock: 5)
    static let mouse = Product(id: "MOU-1", name: "Mouse", price: FiatAmount(minor: 2_500, currency: .usd), category: "Accessories")
    static let rate = ExchangeRate(asset: .btc, currency: .usd, price: try! DecimalNumber(parsing: "64123.45"),
                                   source: "kraken", time: t0)
    static let policy = PaymentPolicy()
    static let address = "mfixtureaddress1"
    /// 1,299.00 USD at 64,123.45 = 2,025,780 sats (rounded up).
    static let due = CoinAmount(units: 2_025_780, asset: .btc)

    static func quote(amount: CoinAmount = due, created: Int = 0, address: String = address) -> Quote {
        Quote(address: address, derivationPath: "m/44'/1'/0'/0/0", amount: amount, fiat: laptop.price, rate: rate,
              uri: "bitcoin:\(address)?amount=\(amount.plainDecimal)", createdAt: at(created),
              expiresAt: at(created + policy.expirySeconds))
    }

    static func sats(_ units: BigUInt) -> CoinAmount { CoinAmount(units: units, asset: .btc) }

    static func ref(_ n: Int) -> PaymentRef { PaymentRef(txid: String(repeating: String(n), count: 64), output: 0) }

    static func payment(_ n: Int, _ units: BigUInt, confirmations: Int = 0, hash: String? = nil, rbf: Bool = false,
                        address: String = address) -> PaymentObservation {
        PaymentObservation(ref: ref(n), address: address, amount: sats(units), replaceable: rbf,
                           confirmations: confirmations, blockHeight: confirmations > 0 ? 200 : nil,
                           blockHash: confirmations > 0 ? (hash ?? "block-a") : nil)
    }

    static func building() -> Sale {
        var sale = Sale(id: "S-1", cashier: "alice", openedAt: t0, cart: Cart(currency: .usd))
        _ = sale.handle(.addProduct(laptop, quantity: 1))
        return sale
    }

    /// A sale showing its first quote.
    static func awaiting(policy: PaymentPolicy = policy) -> Sale {
        var sale = building()
        _ = sale.handle(.checkout(.btc, policy: policy, at: t0))
        _ = sale.handle(.quoteReady(quote()))
        return sale
    }

    /// Applies events in order and returns the sale.
    static func apply(_ sale: Sale, _ events: [SaleEvent]) -> Sale {
        var sale = sale
        for event in events { _ = sale.handle(event) }
        return sale
    }
}
