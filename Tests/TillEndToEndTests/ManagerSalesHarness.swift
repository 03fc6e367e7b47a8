import Foundation
import TillApp
import TillCore
import TillManager
import TillStore
import TillStoreTestSupport
import TillTestSupport
import TillUI

/// A manager service on a real SQLite file in a temp dir, in Berlin time (local days differ from UTC ones),
/// with a manager "mia" whose login opened the visit, and generated sales kept in memory to check against.
final class ManagerSalesHarness: @unchecked Sendable {
    static let zone = TimeZone(identifier: "Europe/Berlin")!
    /// 2026-11-20 00:00:00 UTC (01:00 in Berlin).
    static let start = Date(timeIntervalSince1970: 1_795_132_800)
    static let coffee = Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd), category: "Coffee")
    static let prices: [String: String] = ["BTC": "50000", "LTC": "80", "ETH": "3000"]

    let directory: TemporaryDirectory
    let database: TillDatabase
    let access = ManagerAccess()
    let inbox = Inbox()
    let service: ManagerService
    /// Every sale saved, as generated.
    private(set) var sales: [Sale] = []

    init() throws {
        directory = try TemporaryDirectory(prefix: "till-manager-sales")
        database = try TillDatabase(path: directory.file("till.sqlite").path, timeZone: Self.zone)
        // Few PBKDF2 iterations keep the test fast; the count is stored per user.
        let accounts = Accounts(store: database, iterations: 1_000)
        try accounts.addUser(name: "mia", role: .manager, pin: "4321", approval: nil, at: Self.start)
        access.visit = try accounts.login(name: "mia", pin: "4321", at: Self.start)
        service = ManagerService(store: database, access: access, accounts: accounts, inbox: inbox,
                                 log: FileLog(path: directory.file("till.log").path), timeZone: Self.zone, currency: .usd,
                                 assets: [.btc, .ltc, .eth], dataDirectory: directory.url)
    }

    /// Saves `count` varied sales, one every 1,789 s from `start` (crossing local midnights): cashiers, coins,
    /// statuses and quantities cycle with different periods so every filter combination has rows.
    func generate(_ count: Int) throws {
        let cashiers = ["alice", "bob", "carol"]
        let assets: [Asset] = [.btc, .ltc, .eth]
        let statuses: [SaleStatus] = [.paid, .paid, .expired, .cancelled, .building, .paid, .awaitingPayment]
        for n in 0..<count {
            try save(id: String(format: "S-%05d", n), cashier: cashiers[n % 3], at: Self.start.addingTimeInterval(Double(n) * 1_789),
                     status: statuses[n % statuses.count], asset: assets[(n / 2) % 3], coffees: 1 + n % 4,
                     overpay: n % 11 == 0 ? 1_000 : 0)
        }
    }

    /// Saves one sale: `coffees` flat whites, quoted in `asset` at the fixed price; paid sales get one confirmed
    /// payment of the amount due plus `overpay` base units.
    @discardableResult
    func save(id: String, cashier: String, at: Date, status: SaleStatus, asset: Asset, coffees: Int, overpay: Int = 0) throws -> Sale {
        var parts = SyntheticSales.Parts(id: id, cashier: cashier, openedAt: at, lines: [(Self.coffee, coffees)])
        parts.status = status
        if status != .building {
            var cart = Cart(currency: .usd)
            cart.add(Self.coffee, quantity: coffees)
            let quote = try SyntheticSales.quote(asset: asset, fiat: cart.total, price: Self.prices[asset.id]!, address: "addr-\(id)",
                                                 path: "m/84'/0'/0'/0/\(sales.count)", at: at.addingTimeInterval(10))
            parts.asset = asset
            parts.policy = .defaults(for: asset)
            parts.quotes = [quote]
            parts.history = [SaleTransition(from: .building, to: .awaitingPayment, at: quote.createdAt, reason: "checkout")]
            if status == .paid {
                let extra = try CoinAmount(parsing: Self.units(overpay, asset.decimals), asset: asset)
                parts.payments = [SyntheticSales.payment(txid: String(format: "%064x", sales.count + 1), address: quote.address,
                                                         amount: quote.amount + extra, at: at.addingTimeInterval(70),
                                                         confirmations: 6, height: 900_000 + sales.count)]
                if overpay > 0 { parts.flags = [.overpaid] }
                parts.history.append(SaleTransition(from: .awaitingPayment, to: .paid, at: at.addingTimeInterval(600), reason: "6 confirmations"))
            } else if status != .awaitingPayment {
                parts.history.append(SaleTransition(from: .awaitingPayment, to: status, at: at.addingTimeInterval(900), reason: "test"))
            }
        }
        let sale = try SyntheticSales.sale(parts)
        try database.save(sale, effects: [], reason: "generated", at: at)
        sales.append(sale)
        return sale
    }

    /// "0.00001000" for 1,000 units of an 8-decimal coin (so tests need no BigInt).
    static func units(_ value: Int, _ decimals: Int) -> String {
        let digits = String(repeating: "0", count: max(0, decimals + 1 - String(value).count)) + String(value)
        return String(digits.dropLast(decimals)) + "." + String(digits.suffix(decimals))
    }

    /// The shop's local day of `date`, computed here with a calendar (not with the code under test).
    static func day(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let p = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", p.year!, p.month!, p.day!)
    }

    /// The generated sales `filter` must return, newest first (ties broken by id, as keyset paging orders them).
    func expected(_ filter: SalesFilter) -> [Sale] {
        sales.filter { sale in
            let day = Self.day(sale.openedAt)
            return (filter.from.map { day >= $0 } ?? true) && (filter.to.map { day <= $0 } ?? true)
                && (filter.assetID.map { sale.asset?.id == $0 } ?? true) && (filter.status.map { sale.status == $0 } ?? true)
                && (filter.cashier.map { sale.cashier == $0 } ?? true)
        }.sorted { ($0.openedAt, $0.id) > ($1.openedAt, $1.id) }
    }

    /// The sales tab's effect performed by the service; the events for the tab.
    func perform(_ effect: SalesTabEffect) -> [SalesTabEvent] {
        service.perform(.sales(effect)).compactMap { event in
            if case .manager(.sales(let tabEvent)) = event { return tabEvent }
            return nil
        }
    }

    /// Totals through the service: asked for on the runner's side, answered through the inbox.
    func totals(_ filter: SalesFilter, _ grouping: SalesGrouping) async throws -> [SalesTotalsRow] {
        let immediate = perform(.loadTotals(filter, grouping))
        guard immediate.isEmpty else { throw TestFailure("totals must not block the runner: got \(immediate)") }
        switch try await posted() {
        case .totals(let f, let g, let rows)? where f == filter && g == grouping: return rows
        case let other: throw TestFailure("expected totals of \(filter.summary) by \(grouping), got \(String(describing: other))")
        }
    }

    /// Waits for a sales-tab event posted to the inbox (exports run off the runner thread).
    func posted(timeout: TimeInterval = 120) async throws -> SalesTabEvent? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            for event in inbox.drain() {
                if case .manager(.sales(let tabEvent)) = event { return tabEvent }
            }
            try await Task.sleep(nanoseconds: 20_000_000)
        }
        return nil
    }
}
