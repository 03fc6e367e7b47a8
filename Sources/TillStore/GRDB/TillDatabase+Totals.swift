import BigInt
import Foundation
import GRDB
import TillCore

/// Totals from the running day totals (see Schema+Totals.swift) instead of a scan of the sales.
extension TillDatabase {
    /// One group of totals as read from SQL, before folding.
    struct TotalsRow {
        let asset: String
        let currency: String
        let day: String?
        let cashier: String?
        let count: Int
        let fiat: Int64
        let due: BigUInt
        let received: BigUInt
    }

    /// The totals from the running totals (`TotalsTable`, by status only for status filters), or nil when they could differ from a scan: a flag filter, a bound that is
    /// not a local midnight, a day range whose sales were opened outside the instant range (a changed time zone),
    /// or coin amounts too long for the running sums.
    func dayTotals(_ db: Database, filter: SaleFilter, grouping: Set<TotalsGrouping>) throws -> [SaleTotals]? {
        guard !filter.flaggedOnly, filter.flag == nil, filter.assetID?.isEmpty != true else { return nil }
        let table = filter.statuses.isEmpty ? TotalsTable.byDay : TotalsTable.byDayAndStatus
        var days: [String] = [], dayArguments = StatementArguments()
        var edges: [(sql: String, arguments: StatementArguments)] = []
        if let from = filter.from {
            guard let day = midnightDay(from) else { return nil }
            days.append("opened_day >= ?"); dayArguments += [day]
            edges.append(("opened_day >= ? AND opened_day < ? AND last_at >= ?",
                          [localDay(from.addingTimeInterval(-3 * 86_400)), day, from.millis]))
        }
        if let to = filter.to {
            guard let day = midnightDay(to) else { return nil }
            days.append("opened_day < ?"); dayArguments += [day]
            edges.append(("opened_day >= ? AND opened_day < ? AND first_at < ?",
                          [day, localDay(to.addingTimeInterval(3 * 86_400)), to.millis]))
        }
        edges.append(((days + ["huge > 0"]).joined(separator: " AND "), dayArguments))
        for edge in edges where try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM \(table.name) WHERE \(edge.sql))",
                                                  arguments: edge.arguments) == true {
            return nil
        }
        var terms = days + ["sales > 0"], arguments = dayArguments
        if let asset = filter.assetID { terms.append("asset_id = ?"); arguments += [asset] }
        if let cashier = filter.cashier { terms.append("cashier = ?"); arguments += [cashier] }
        if !filter.statuses.isEmpty {
            let statuses = filter.statuses.map(\.rawValue).sorted()
            terms.append("status IN (" + statuses.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += StatementArguments(statuses)
        }
        // Day first when grouped by day: the groups then come in primary-key order, without a sort.
        var keys = ["asset_id", "currency"]
        if grouping.contains(.day) { keys.insert("opened_day", at: 0) }
        if grouping.contains(.cashier) { keys.append("cashier") }
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT \(keys.joined(separator: ", ")), SUM(sales), SUM(fiat_minor), SUM(due_lo), SUM(due_mid), SUM(due_hi),
                   SUM(received_lo), SUM(received_mid), SUM(received_hi), MIN(first_at), MAX(last_at)
            FROM \(table.name) WHERE \(terms.joined(separator: " AND ")) GROUP BY \(keys.joined(separator: ", "))
            """, arguments: arguments)
        var rows: [TotalsRow] = []
        let byDay = grouping.contains(.day)
        while let row = try cursor.next() {
            let day: String? = byDay ? row[0] : nil
            var column = byDay ? 3 : 2
            let cashier: String? = grouping.contains(.cashier) ? row[column] : nil
            if grouping.contains(.cashier) { column += 1 }
            let first: Int64 = row[column + 8], last: Int64 = row[column + 9]
            if let from = filter.from, first < from.millis { return nil }
            if let to = filter.to, last >= to.millis { return nil }
            rows.append(TotalsRow(asset: row[byDay ? 1 : 0], currency: row[byDay ? 2 : 1], day: day, cashier: cashier,
                                  count: row[column], fiat: row[column + 1],
                                  due: Self.joined(row[column + 2], row[column + 3], row[column + 4]),
                                  received: Self.joined(row[column + 5], row[column + 6], row[column + 7])))
        }
        return Self.fold(rows, grouping: grouping)
    }

    /// The local day of `date` when `date` is that day's first instant.
    private func midnightDay(_ date: Date) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.startOfDay(for: date) == date ? localDay(date) : nil
    }

    /// hi·10¹⁸ + mid·10⁹ + lo.
    private static func joined(_ lo: Int64, _ mid: Int64, _ hi: Int64) -> BigUInt {
        let billion = BigUInt(1_000_000_000)
        return (BigUInt(hi) * billion + BigUInt(mid)) * billion + BigUInt(lo)
    }

    /// Folds SQL groups (always per asset and currency) into the requested grouping, sorted.
    static func fold(_ rows: [TotalsRow], grouping: Set<TotalsGrouping>) -> [SaleTotals] {
        struct Key: Hashable { let day: String?, asset: String?, cashier: String?, currency: String }
        var folded: [Key: (count: Int, fiat: Int64, coins: [String: CoinTotals])] = [:]
        for row in rows {
            let key = Key(day: row.day, asset: grouping.contains(.asset) ? row.asset : nil, cashier: row.cashier,
                          currency: row.currency)
            var entry = folded[key] ?? (0, 0, [:])
            entry.count += row.count
            entry.fiat += row.fiat
            if !row.asset.isEmpty {
                var coins = entry.coins[row.asset] ?? CoinTotals()
                coins.due += row.due
                coins.received += row.received
                entry.coins[row.asset] = coins
            }
            folded[key] = entry
        }
        return folded.map { key, value in
            SaleTotals(day: key.day, assetID: key.asset, cashier: key.cashier, currencyCode: key.currency,
                       count: value.count, fiatTotalMinor: value.fiat, coins: value.coins)
        }.sorted { ($0.day ?? "", $0.assetID ?? "", $0.cashier ?? "", $0.currencyCode)
            < ($1.day ?? "", $1.assetID ?? "", $1.cashier ?? "", $1.currencyCode) }
    }
}
