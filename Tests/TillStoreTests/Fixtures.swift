import BigInt
import Foundation
import TillCore
import TillStore
import TillStoreTestSupport
import TillTestSupport

/// A fresh database in its own temp directory (kept alive with it).
struct TestDatabase {
    let directory: TemporaryDirectory
    let database: TillDatabase

    var path: String { database.path }

    init() throws {
        directory = try TemporaryDirectory(prefix: "till-store")
        database = try TillDatabase(path: directory.file("data/till.sqlite").path,
                                    timeZone: TimeZone(identifier: "UTC")!)
    }

    /// Opens the same file again (as after a restart).
    func reopened() throws -> TillDatabase { try TillDatabase(path: path, timeZone: TimeZone(identifier: "UTC")!) }
}

enum Fixture {
    static let noon = Date(timeIntervalSince1970: 1_795_608_000)  // 2026-11-25 12:00:00 UTC
    static let coffee = Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd),
                                category: "Coffee", stock: 10)
    static let laptop = Product(id: "LAP-14-PRO", name: "Laptop 14 Pro", price: FiatAmount(minor: 129_900, currency: .usd),
                                category: "Computers", taxRate: try! DecimalNumber(parsing: "8.25"), stock: 3)

    /// A sale with one quote (and optionally one payment) in `status`.
    static func sale(id: String, cashier: String = "alice", at: Date = noon, status: SaleStatus,
                     asset: Asset = .btc, price: String = "64123.45", lines: [(Product, Int)] = [(coffee, 2)],
                     address: String? = nil, paid: BigUInt? = nil, flags: Set<SaleFlag> = [],
                     history: [SaleTransition]? = nil) throws -> Sale {
        var parts = SyntheticSales.Parts(id: id, cashier: cashier, openedAt: at,
                                         lines: lines.map { (product: $0.0, quantity: $0.1) })
        parts.status = status
        parts.flags = flags
        if status != .building {
            var cart = Cart(currency: .usd)
            for line in lines { cart.add(line.0, quantity: line.1) }
            let quote = try SyntheticSales.quote(asset: asset, fiat: cart.total, price: price,
                                                 address: address ?? "addr-\(id)", path: "m/84'/0'/0'/0/1", at: at)
            parts.asset = asset
            parts.policy = .defaults(for: asset)
            parts.quotes = [quote]
            if let paid {
                parts.payments = [SyntheticSales.payment(txid: "tx-\(id)", address: quote.address,
                                                         amount: CoinAmount(units: paid, asset: asset), at: at,
                                                         confirmations: 6, height: 900_000)]
            }
        }
        parts.history = history ?? (status == .building ? [] : [
            SaleTransition(from: .building, to: .awaitingPayment, at: at, reason: "checkout"),
        ] + (status == .awaitingPayment ? [] : [
            SaleTransition(from: .awaitingPayment, to: status, at: at.addingTimeInterval(60), reason: "test"),
        ]))
        return try SyntheticSales.sale(parts)
    }
}
