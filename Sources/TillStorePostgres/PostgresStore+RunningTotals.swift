import BigInt
import Foundation
import TillStore

/// Totals from the running totals (`sale_totals`, pg4) instead of a scan of the sales.
extension PostgresStore {
    /// The totals of `filter` read from `sale_totals`, or nil when they could differ from a scan of the sales: a flag
    /// filter, a bound that is not a local midnight, or a day range whose sales were opened outside the instant range
    /// (a lane in another time zone, or a changed one). Then the caller scans.
    func runningTotals(_ session: PostgresSession, _ filter: SaleFilter, lane: String?,
                       grouping: Set<TotalsGrouping>) throws -> [SaleTotals]? {
        guard !filter.flaggedOnly, filter.flag == nil, filter.assetID?.isEmpty != true else { return nil }
        // The filter's other terms name sale_totals' columns too (asset_id, cashier, lane, status); the instant bounds
        // become day bounds below.
        var rest = filter
        rest.from = nil
        rest.to = nil
        var (sql, values) = Self.conditions(rest, lane: lane)
        var terms = [sql, "sales > 0"]
        func add(_ term: (String) -> String, _ value: any SQLValue) {
            values.append(value)
            terms.append(term("$\(values.count)"))
        }
        // Each bound must be a local midnight, and no group near it may hold a sale on the other side of it.
        if let from = filter.from {
            guard let day = midnightDay(from) else { return nil }
            if try exists(session, "opened_day >= $1 AND opened_day < $2 AND last_at >= $3",
                          [localDay(from.addingTimeInterval(-3 * 86_400)), day, from.millis]) { return nil }
            add({ "opened_day >= \($0)" }, day)
        }
        if let to = filter.to {
            guard let day = midnightDay(to) else { return nil }
            if try exists(session, "opened_day >= $1 AND opened_day < $2 AND first_at < $3",
                          [day, localDay(to.addingTimeInterval(3 * 86_400)), to.millis]) { return nil }
            add({ "opened_day < \($0)" }, day)
        }
        var keys = ["asset_id", "currency"]
        if grouping.contains(.day) { keys.append("opened_day") }
        if grouping.contains(.cashier) { keys.append("cashier") }
        let rows = try session.query("""
            SELECT \(keys.joined(separator: ", ")), SUM(sales)::BIGINT AS n, SUM(fiat_minor)::BIGINT AS fiat,
                   SUM(due)::TEXT AS due, SUM(received)::TEXT AS received, MIN(first_at) AS first, MAX(last_at) AS last
            FROM sale_totals WHERE \(terms.joined(separator: " AND ")) GROUP BY \(keys.joined(separator: ", "))
            """, values)
        var groups: [TotalsGroup] = []
        for row in rows {
            if let from = filter.from, try row.get("first", Int64.self) < from.millis { return nil }
            if let to = filter.to, try row.get("last", Int64.self) >= to.millis { return nil }
            groups.append(TotalsGroup(
                asset: try row.get("asset_id"), currency: try row.get("currency"),
                day: grouping.contains(.day) ? try row.get("opened_day", String.self) : nil,
                cashier: grouping.contains(.cashier) ? try row.get("cashier", String.self) : nil,
                count: try row.get("n"), fiat: try row.get("fiat"),
                due: BigUInt.fromDecimal(try row.get("due", String.self)) ?? 0,
                received: BigUInt.fromDecimal(try row.get("received", String.self)) ?? 0))
        }
        return SaleTotals.folded(groups, grouping: grouping)
    }

    /// `runningTotals` on a session of its own (the tests ask whether a filter is answered without a scan).
    func runningTotals(_ filter: SaleFilter, grouping: Set<TotalsGrouping>) throws -> [SaleTotals]? {
        try link.withSession("reading the running totals") { session in try runningTotals(session, filter, lane: nil, grouping: grouping) }
    }

    private func exists(_ session: PostgresSession, _ condition: String, _ values: [any SQLValue]) throws -> Bool {
        try session.query("SELECT EXISTS (SELECT 1 FROM sale_totals WHERE sales > 0 AND \(condition)) AS found", values)
            .first?.get("found", Bool.self) ?? false
    }

    /// The local day of `date` when `date` is that day's first instant in the shop's time zone.
    private func midnightDay(_ date: Date) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.startOfDay(for: date) == date ? localDay(date) : nil
    }
}
