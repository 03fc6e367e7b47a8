import BigInt
import Foundation
import TillCore
import TillStore

/// Sales in any state, built through their Codable form (the state machine owns the setters), for `SalesGenerator`,
/// till-bench (its store soak too) and tests. Never used by the till itself.
public enum SyntheticSales {
    /// Everything a stored sale can hold, set directly.
    public struct Parts: Sendable {
        public var id: String
        public var cashier: String
        public var openedAt: Date
        public var lines: [(product: Product, quantity: Int)]
        public var currency: FiatCurrency = .usd
        public var status: SaleStatus = .building
        public var flags: Set<SaleFlag> = []
        public var asset: Asset?
        public var policy: PaymentPolicy?
        public var quotes: [Quote] = []
        public var payments: [Payment] = []
        public var history: [SaleTransition] = []
        public var stockTaken = false
        public var note: String?

        public init(id: String, cashier: String, openedAt: Date, lines: [(product: Product, quantity: Int)]) {
            self.id = id
            self.cashier = cashier
            self.openedAt = openedAt
            self.lines = lines
        }
    }

    /// The sale with exactly these parts.
    public static func sale(_ parts: Parts) throws -> Sale {
        var cart = Cart(currency: parts.currency)
        for line in parts.lines { cart.add(line.product, quantity: line.quantity) }
        let base = Sale(id: parts.id, cashier: parts.cashier, openedAt: parts.openedAt, cart: cart)
        let encoder = JSONEncoder()
        func object<T: Encodable>(_ value: T) throws -> Any {
            try JSONSerialization.jsonObject(with: encoder.encode(value), options: [.fragmentsAllowed])
        }
        guard var fields = try object(base) as? [String: Any] else { throw CocoaError(.coderInvalidValue) }
        fields["status"] = try object(parts.status)
        fields["flags"] = try object(parts.flags.sorted())
        fields["asset"] = try parts.asset.map { try object($0) }
        fields["policy"] = try parts.policy.map { try object($0) }
        fields["quotes"] = try object(parts.quotes)
        fields["payments"] = try object(parts.payments)
        fields["history"] = try object(parts.history)
        fields["stockTaken"] = parts.stockTaken
        fields["note"] = parts.note
        return try JSONDecoder().decode(Sale.self, from: JSONSerialization.data(withJSONObject: fields))
    }

    /// A quote for `fiat` at a fixed rate of `price` fiat per whole coin.
    public static func quote(asset: Asset, fiat: FiatAmount, price: String, address: String, path: String?,
                             at: Date, expirySeconds: Int = 900) throws -> Quote {
        let rate = ExchangeRate(asset: asset, currency: fiat.currency, price: try DecimalNumber(parsing: price),
                                source: "fixed", time: at)
        let amount = try rate.coinDue(for: fiat)
        let scheme = asset.kind == .utxo ? asset.symbol.lowercased() : "ethereum"
        return Quote(address: address, derivationPath: path, amount: amount, fiat: fiat, rate: rate,
                     uri: "\(scheme):\(address)?amount=\(amount.plainDecimal)", createdAt: at,
                     expiresAt: at.addingTimeInterval(TimeInterval(expirySeconds)))
    }

    /// A confirmed payment of `amount` to `address`.
    public static func payment(txid: String, address: String, amount: CoinAmount, at: Date, confirmations: Int,
                               height: Int) -> Payment {
        Payment(ref: PaymentRef(txid: txid, output: 0), address: address, amount: amount, replaceable: false,
                firstSeen: at, late: false, state: confirmations > 0 ? .confirmed : .unconfirmed,
                confirmations: confirmations, blockHeight: confirmations > 0 ? height : nil,
                blockHash: confirmations > 0 ? String(repeating: "0", count: 56) + String(format: "%08x", height) : nil)
    }

    /// A small sample catalog the generated sales draw from.
    public static let products: [Product] = [
        Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd), category: "Coffee"),
        Product(id: "COF-2", name: "Espresso", price: FiatAmount(minor: 300, currency: .usd), category: "Coffee"),
        Product(id: "BAK-1", name: "Croissant", price: FiatAmount(minor: 375, currency: .usd), category: "Bakery",
                stock: 1_000_000),
        Product(id: "LAP-14-PRO", name: "Laptop 14 Pro", price: FiatAmount(minor: 129_900, currency: .usd),
                category: "Computers", stock: 1_000_000),
    ]

    static let cashiers = ["alice", "bob", "carol"]
    static let assets: [(asset: Asset, price: String)] = [(.btc, "64123.45"), (.ltc, "82.10"), (.eth, "3150.5")]

    /// A varied, deterministic sale number `number` opened at `at`, paid or expired or cancelled, with its
    /// history; `address` is the quote's address (nil: the sale stays in the cart).
    public static func generated(number: Int, id: String, at: Date, address: IndexedAddress?) throws -> Sale {
        let first = products[number % products.count], second = products[(number / 4) % products.count]
        var parts = Parts(id: id, cashier: cashiers[number % cashiers.count], openedAt: at,
                          lines: [(first, 1 + number % 3), (second, 1)])
        guard let address else { return try sale(parts) }
        let (asset, price) = assets[(number / 3) % assets.count]
        var cart = Cart(currency: .usd)
        for line in parts.lines { cart.add(line.product, quantity: line.quantity) }
        let quoted = at.addingTimeInterval(20)
        let quote = try quote(asset: asset, fiat: cart.total, price: price, address: address.address,
                              path: address.path, at: quoted)
        parts.asset = asset
        parts.policy = .defaults(for: asset)
        parts.quotes = [quote]
        var history = [SaleTransition(from: .building, to: .awaitingPayment, at: quoted, reason: "checkout")]
        switch number % 10 {
        case 0:
            history.append(SaleTransition(from: .awaitingPayment, to: .expired, at: quote.expiresAt, reason: "expired"))
            parts.status = .expired
        case 1:
            history.append(SaleTransition(from: .awaitingPayment, to: .cancelled, at: quoted.addingTimeInterval(30),
                                          reason: "cancelled by cashier"))
            parts.status = .cancelled
        default:
            let paidAt = quoted.addingTimeInterval(60)
            let extra = number % 7 == 0 ? BigUInt(1000) : 0
            parts.payments = [payment(txid: String(format: "%064x", number), address: address.address,
                                      amount: CoinAmount(units: quote.amount.units + extra, asset: asset),
                                      at: paidAt, confirmations: 6, height: 800_000 + number)]
            if extra > 0 { parts.flags = [.overpaid] }
            history.append(SaleTransition(from: .awaitingPayment, to: .confirming, at: paidAt, reason: "payment seen"))
            history.append(SaleTransition(from: .confirming, to: .paid, at: paidAt.addingTimeInterval(3600),
                                          reason: "6 confirmations"))
            parts.status = .paid
            parts.stockTaken = true
        }
        parts.history = history
        return try sale(parts)
    }
}
