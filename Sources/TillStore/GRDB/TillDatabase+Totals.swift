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

    /// The totals from the running totals (`TotalsTable.answering`: the whole history's without a date range or a
    /// day grouping, by day otherwise, by status only for status filters), or nil when they could differ from a
    /// scan: a flag filter, a bound that is not a local midnight, a day range whose sales were opened outside the
    /// instant range (a changed time zone), or coin amounts too long for the running sums.
    func dayTotals(_ db: Database, filter: SaleFilter, grouping: Set<TotalsGrouping>) throws -> [SaleTotals]? {
        guard !filter.flaggedOnly, filter.flag == nil, filter.lane == nil, filter.assetID?.isEmpty != true else { return nil }
        let table = TotalsTable.answering(filter, grouping: grouping)
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
        // Grouped and ordered as `fold` sorts (day, asset, cashier, currency): with the day first the groups come in
        // the day tables' primary-key order, and the fold finds them sorted already.
        var keys = ["asset_id"]
        if grouping.contains(.day) { keys.insert("opened_day", at: 0) }
        if grouping.contains(.cashier) { keys.append("cashier") }
        keys.append("currency")
        let list = keys.joined(separator: ", ")
        let cursor = try Row.fetchCursor(db, sql: """
            SELECT \(list), SUM(sales), SUM(fiat_minor), SUM(due_lo), SUM(due_mid), SUM(due_hi),
                   SUM(received_lo), SUM(received_mid), SUM(received_hi), MIN(first_at), MAX(last_at)
            FROM \(table.name) WHERE \(terms.joined(separator: " AND ")) GROUP BY \(list) ORDER BY \(list)
            """, arguments: arguments)
        var rows: [TotalsRow] = []
        let day = keys.firstIndex(of: "opened_day"), asset = keys.firstIndex(of: "asset_id") ?? 0
        let cashier = keys.firstIndex(of: "cashier"), currency = keys.firstIndex(of: "currency") ?? 0
        let sums = keys.count
        while let row = try cursor.next() {
            let first: Int64 = row[sums + 8], last: Int64 = row[sums + 9]
            if let from = filter.from, first < from.millis { return nil }
            if let to = filter.to, last >= to.millis { return nil }
            rows.append(TotalsRow(asset: row[asset], currency: row[currency], day: day.map { row[$0] },
                                  cashier: cashier.map { row[$0] }, count: row[sums], fiat: row[sums + 1],
                                  due: Self.joined(row[sums + 2], row[sums + 3], row[sums + 4]),
                                  received: Self.joined(row[sums + 5], row[sums + 6], row[sums + 7])))
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
        if hi == 0, mid < 9_000_000_000 { return BigUInt(UInt64(mid) * 1_000_000_000 + UInt64(lo)) }
        let billion = BigUInt(1_000_000_000)
        return (BigUInt(hi) * billion + BigUInt(mid)) * billion + BigUInt(lo)
    }

    /// Folds SQL groups (always per asset and currency) into the requested grouping, sorted by day, asset, cashier
    /// and currency.
    static func fold(_ rows: [TotalsRow], grouping: Set<TotalsGrouping>) -> [SaleTotals] {
        var totals: [SaleTotals]
        if grouping.contains(.asset) {
            // Every SQL group is a group of the result: no merging.
            totals = rows.map { row in
                SaleTotals(day: row.day, assetID: row.asset, cashier: row.cashier, currencyCode: row.currency,
                           count: row.count, fiatTotalMinor: row.fiat,
                           coins: row.asset.isEmpty ? [:] : [row.asset: CoinTotals(due: row.due, received: row.received)])
            }
        } else {
            totals = merged(rows)
        }
        // Field by field, without building tuples of strings: at 14,000 groups the tuples' copies were most of the time.
        func ordered(_ lhs: SaleTotals, _ rhs: SaleTotals) -> Bool {
            if lhs.day != rhs.day { return (lhs.day ?? "") < (rhs.day ?? "") }
            if lhs.assetID != rhs.assetID { return (lhs.assetID ?? "") < (rhs.assetID ?? "") }
            if lhs.cashier != rhs.cashier { return (lhs.cashier ?? "") < (rhs.cashier ?? "") }
            return lhs.currencyCode < rhs.currencyCode
        }
        if zip(totals, totals.dropFirst()).contains(where: { !ordered($0, $1) }) { totals.sort(by: ordered) }
        return totals
    }

    /// Groups that differ only by asset, added up.
    private static func merged(_ rows: [TotalsRow]) -> [SaleTotals] {
        struct Key: Hashable { let day: String?, cashier: String?, currency: String }
        var folded: [Key: (count: Int, fiat: Int64, coins: [String: CoinTotals])] = [:]
        for row in rows {
            let key = Key(day: row.day, cashier: row.cashier, currency: row.currency)
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
            SaleTotals(day: key.day, assetID: nil, cashier: key.cashier, currencyCode: key.currency,
                       count: value.count, fiatTotalMinor: value.fiat, coins: value.coins)
        }
    }
}
