import Foundation
import TillCore
@testable import TillUI

/// Fixed data for the sales tab's model and snapshot tests (no store: TillUI never sees one).
enum SalesTabFixtures {
    /// 2026-11-25 12:00:00 UTC.
    static let now = Date(timeIntervalSince1970: 1_795_608_000)
    static let zone = TimeZone(identifier: "UTC")!
    static let flatWhite = Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd), category: "Coffee")
    static let croissant = Product(id: "BAK-1", name: "Croissant", price: FiatAmount(minor: 375, currency: .usd), category: "Bakery")

    static func context(_ size: TextSize = TextSize(columns: 120, rows: 40), now: Date = now) -> ManagerContext {
        ManagerContext(now: now, timeZone: zone, currency: .usd, assets: [.btc, .ltc, .eth], approver: "mia",
                       onBehalfOf: nil, training: false, size: size)
    }

    /// Sale number `n` (0 is the newest), one every 7 minutes back from `now`, with varied coins, statuses and flags.
    static func row(_ n: Int) -> SalesRow {
        let assets: [Asset] = [.btc, .ltc, .eth]
        let statuses: [SaleStatus] = [.paid, .paid, .expired, .paid, .cancelled, .confirming]
        let asset = assets[n % 3]
        // ETH amounts have 18 decimals, as real ones do: the widest coin column.
        let units = asset == .eth ? try! CoinAmount(parsing: String(format: "0.0014285714285714%02d", n % 100), asset: .eth)
            : BigUIntText.units(1_000 + n * 37, asset)
        let status = statuses[n % statuses.count]
        return SalesRow(id: String(format: "S-20261125-%04d", 9_999 - n), cashier: ["alice", "bob", "carol"][n % 3],
                        openedAt: now.addingTimeInterval(-Double(n) * 420), status: status,
                        flags: n % 7 == 0 ? [.overpaid] : (n % 11 == 0 ? [.paidLate, .reorged] : []),
                        fiat: FiatAmount(minor: Int64(450 + n * 25), currency: .usd), coinDue: units,
                        coinReceived: status == .paid ? units : nil, refunded: n % 13 == 5)
    }

    /// The rows of `filter` among `count` generated sales, newest first (what the store would list).
    static func rows(_ count: Int, _ filter: SalesFilter = SalesFilter()) -> [SalesRow] {
        (0..<count).map(row).filter { row in
            (filter.assetID.map { row.coinDue?.asset.id == $0 } ?? true)
                && (filter.status.map { row.status == $0 } ?? true)
                && (filter.cashier.map { row.cashier == $0 } ?? true)
        }
    }

    /// Answers a page request from `all` as keyset paging does: the rows strictly after the cursor, `limit` of them.
    static func page(_ all: [SalesRow], after: SalesCursor?, limit: Int) -> SalesPageResult {
        let start = after.map { cursor in (all.firstIndex { $0.id == cursor.id } ?? all.count) + 1 } ?? 0
        let rows = Array(all[min(start, all.count)..<min(start + limit, all.count)])
        let next = start + limit < all.count ? rows.last.map(cursor) : nil
        return SalesPageResult(rows: rows, next: next)
    }

    static func cursor(_ row: SalesRow) -> SalesCursor {
        SalesCursor(openedAtMillis: Int64(row.openedAt.timeIntervalSince1970 * 1000), id: row.id)
    }

    /// Answers every page and totals request among `effects`, as the service would, until none is left;
    /// returns the pages served.
    static func serve(_ tab: inout SalesTab, _ effects: [SalesTabEffect], all: [SalesRow], _ context: ManagerContext) -> Int {
        var pending = effects, served = 0
        while let effect = pending.first {
            pending.removeFirst()
            if case .loadTotals(let filter, let grouping) = effect {
                pending += tab.handle(.totals(filter, grouping, totals), context)
                continue
            }
            guard case .loadPage(let filter, let after, let limit) = effect else { continue }
            served += 1
            pending += tab.handle(.page(filter, after: after, page(all, after: after, limit: limit)), context)
        }
        return served
    }

    /// Totals by day as the store would give them for the fixed rows (two days).
    static let totals = [
        SalesTotalsRow(label: "2026-11-24", count: 3, fiat: FiatAmount(minor: 1_575, currency: .usd),
                       coins: [SalesCoinTotal(due: CoinAmount(units: 2_500, asset: .btc), received: CoinAmount(units: 2_500, asset: .btc))]),
        SalesTotalsRow(label: "2026-11-25", count: 5, fiat: FiatAmount(minor: 2_950, currency: .usd),
                       coins: [SalesCoinTotal(due: CoinAmount(units: 4_100, asset: .btc), received: CoinAmount(units: 3_000, asset: .btc)),
                               SalesCoinTotal(due: CoinAmount(units: 1_200_000, asset: .ltc), received: CoinAmount(units: 0, asset: .ltc))]),
    ]

    /// A paid sale with two lines, one quote, one confirmed payment, a refund and its whole history.
    static func details() -> SalesDetails {
        let opened = now.addingTimeInterval(-3_600)
        var cart = Cart(currency: .usd)
        cart.add(flatWhite, quantity: 2)
        var sale = Sale(id: "S-20261125-0042", cashier: "alice", openedAt: opened, cart: cart)
        _ = sale.handle(.addProduct(croissant, quantity: 1))
        _ = sale.handle(.checkout(.btc, policy: PaymentPolicy(), at: opened.addingTimeInterval(30)))
        let rate = ExchangeRate(asset: .btc, currency: .usd, price: try! DecimalNumber(parsing: "64123.45"), source: "median of 3",
                                time: opened.addingTimeInterval(25))
        let amount = try! rate.coinDue(for: sale.cart.total)
        let address = "bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh"
        let quote = Quote(address: address, derivationPath: "m/84'/0'/0'/0/17", amount: amount, fiat: sale.cart.total, rate: rate,
                          uri: "bitcoin:\(address)?amount=\(amount.plainDecimal)", createdAt: opened.addingTimeInterval(31),
                          expiresAt: opened.addingTimeInterval(931))
        _ = sale.handle(.quoteReady(quote))
        let ref = PaymentRef(txid: String(repeating: "c3", count: 32), output: 1)
        _ = sale.handle(.observed(PaymentObservation(ref: ref, address: address, amount: amount, replaceable: false), at: opened.addingTimeInterval(90)))
        _ = sale.handle(.observed(PaymentObservation(ref: ref, address: address, amount: amount, replaceable: false, confirmations: 6,
                                                     blockHeight: 871_234, blockHash: "0000000000000000000215e4" + String(repeating: "a1", count: 20)),
                                  at: opened.addingTimeInterval(3_000)))
        let refund = SalesRefund(txid: String(repeating: "d4", count: 32), amount: CoinAmount(units: 5_000, asset: .btc),
                                 at: now.addingTimeInterval(-60), by: "mia", note: "croissant was stale")
        return SalesDetails(sale: sale, refunds: [refund])
    }
}

/// Coin amounts from small integers without importing BigInt into the tests.
enum BigUIntText {
    static func units(_ value: Int, _ asset: Asset) -> CoinAmount {
        try! CoinAmount(parsing: decimal(value, asset.decimals), asset: asset)
    }

    private static func decimal(_ value: Int, _ decimals: Int) -> String {
        let digits = String(repeating: "0", count: max(0, decimals + 1 - String(value).count)) + String(value)
        return decimals == 0 ? digits : String(digits.dropLast(decimals)) + "." + String(digits.suffix(decimals))
    }
}
