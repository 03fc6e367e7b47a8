import BigInt
import Foundation
import TillCore
@testable import TillManager
@testable import TillStore
import TillStoreTestSupport
import TillTestSupport

/// A fresh database in its own temp directory, in Berlin time so local days differ from UTC ones.
struct ManagerFixture {
    static let zone = TimeZone(identifier: "Europe/Berlin")!
    /// 2026-11-25 12:00:00 UTC (13:00 in Berlin).
    static let noon = Date(timeIntervalSince1970: 1_795_608_000)
    static let coffee = Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd),
                                category: "Coffee")

    let directory: TemporaryDirectory
    let database: TillDatabase
    let accounts: Accounts

    init() throws {
        directory = try TemporaryDirectory(prefix: "till-manager")
        database = try TillDatabase(path: directory.file("till.sqlite").path, timeZone: Self.zone)
        // Few iterations keep tests fast; the iteration count is stored per user, so checks use it.
        accounts = Accounts(store: database, iterations: 1_000)
    }

    /// A manager "mia" (PIN 4321, the first user) and a cashier "carl" (PIN 1234); returns mia's session.
    @discardableResult
    func users() throws -> LoginSession {
        try accounts.addUser(name: "mia", role: .manager, pin: "4321", approval: nil, at: Self.noon)
        let mia = try accounts.login(name: "mia", pin: "4321", at: Self.noon)
        try accounts.addUser(name: "carl", role: .cashier, pin: "1234",
                             approval: try accounts.authorize(mia, for: .changeUsers, at: Self.noon), at: Self.noon)
        return mia
    }

    /// Saves a sale of `coffees` flat whites in `status`, paid `paid` base units (nil: no payment).
    @discardableResult
    func sale(_ id: String, cashier: String, at: Date, status: SaleStatus, coffees: Int = 1, asset: Asset = .btc,
              price: String = "50000", paid: BigUInt? = nil, flags: Set<SaleFlag> = []) throws -> Sale {
        var parts = SyntheticSales.Parts(id: id, cashier: cashier, openedAt: at, lines: [(Self.coffee, coffees)])
        parts.status = status
        parts.flags = flags
        if status != .building {
            var cart = Cart(currency: .usd)
            cart.add(Self.coffee, quantity: coffees)
            let quote = try SyntheticSales.quote(asset: asset, fiat: cart.total, price: price, address: "addr-\(id)",
                                                 path: "m/84'/0'/0'/0/7", at: at)
            parts.asset = asset
            parts.policy = .defaults(for: asset)
            parts.quotes = [quote]
            if let paid {
                parts.payments = [SyntheticSales.payment(txid: "tx-\(id)", address: quote.address,
                                                         amount: CoinAmount(units: paid, asset: asset),
                                                         at: at.addingTimeInterval(60), confirmations: 6,
                                                         height: 900_000)]
            }
            parts.history = [SaleTransition(from: .building, to: .awaitingPayment, at: at, reason: "checkout")]
            if status != .awaitingPayment {
                parts.history.append(SaleTransition(from: .awaitingPayment, to: status, at: at.addingTimeInterval(60),
                                                    reason: "test"))
            }
        }
        let sale = try SyntheticSales.sale(parts)
        try database.save(sale, effects: [], reason: "fixture", at: at)
        return sale
    }
}
