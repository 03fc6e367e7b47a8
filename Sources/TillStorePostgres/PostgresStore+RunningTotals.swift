import BigInt
import Foundation
import TillStore

/// Totals from the running totals (`PostgresTotalsTable`: pg4, pg5) instead of a scan of the sales.
extension PostgresStore {
    /// The totals of `filter` read from the running totals that answer it with the fewest rows
    /// (`PostgresTotalsTable.answering`), or nil when they could differ from a scan of the sales: a flag filter, a
    /// bound that is not a local midnight, or a day range whose sales were opened outside the instant range (a lane
    /// in another time zone, or a changed one). Then the caller scans.
    func runningTotals(_ session: PostgresSession, _ filter: SaleFilter, lane: String?,
                       grouping: Set<TotalsGrouping>) throws -> [SaleTotals]? {
        guard !filter.flaggedOnly, filter.flag == nil, filter.assetID?.isEmpty != true else { return nil }
        let table = PostgresTotalsTable.answering(filter, grouping: grouping)
        // The filter's other terms name the table's columns too (asset_id, cashier, lane, and status when it has a
        // status filter); the instant bounds become day bounds below.
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
            if try exists(session, table, "opened_day >= $1 AND opened_day < $2 AND last_at >= $3",
                          [localDay(from.addingTimeInterval(-3 * 86_400)), day, from.millis]) { return nil }
            add({ "opened_day >= \($0)" }, day)
        }
        if let to = filter.to {
            guard let day = midnightDay(to) else { return nil }
            if try exists(session, table, "opened_day >= $1 AND opened_day < $2 AND first_at < $3",
                          [day, localDay(to.addingTimeInterval(3 * 86_400)), to.millis]) { return nil }
            add({ "opened_day < \($0)" }, day)
        }
        let keys = Self.totalsKeys(grouping, asset: "asset_id")
        let read = try totalsGroups(session, """
            SELECT \(keys.joined(separator: ", ")), SUM(sales)::BIGINT AS n, SUM(fiat_minor)::BIGINT AS fiat,
                   SUM(due)::TEXT AS due, SUM(received)::TEXT AS received, MIN(first_at) AS first, MAX(last_at) AS last
            FROM \(table.name) WHERE \(terms.joined(separator: " AND "))
            GROUP BY \((1...keys.count).map(String.init).joined(separator: ", ")) ORDER BY \(Self.totalsOrder(grouping))
            """, values, grouping: grouping, bounds: true)
        if let from = filter.from, let first = read.first, first < from.millis { return nil }
        if let to = filter.to, let last = read.last, last >= to.millis { return nil }
        return SaleTotals.folded(read.groups, grouping: grouping)
    }

    /// The key columns of a totals query (`asset` from the expression `asset`), compared bytewise as Swift compares
    /// these texts, so that `totalsOrder` is the order `SaleTotals.folded` sorts groups in.
    static func totalsKeys(_ grouping: Set<TotalsGrouping>, asset: String) -> [String] {
        var keys = [(asset, "asset"), ("currency", "currency")]
        if grouping.contains(.day) { keys.append(("opened_day", "opened_day")) }
        if grouping.contains(.cashier) { keys.append(("cashier", "cashier")) }
        return keys.map { "\($0.0) COLLATE \"C\" AS \($0.1)" }
    }

    /// ORDER BY of a totals query: day, asset, cashier, currency, as `SaleTotals.folded` sorts (groups read in
    /// this order are only checked, not sorted again).
    static func totalsOrder(_ grouping: Set<TotalsGrouping>) -> String {
        var keys = ["asset"]
        if grouping.contains(.day) { keys.insert("opened_day", at: 0) }
        if grouping.contains(.cashier) { keys.append("cashier") }
        return (keys + ["currency"]).joined(separator: ", ")
    }

    /// The groups of `grouped`, a query with the columns asset, currency, opened_day and cashier (as `grouping`
    /// asks), n, fiat, due and received, and first and last when `bounds` (returned as their minimum and maximum).
    /// They come back as one row of arrays, one array per column, in the order of `grouped` (a subquery's order
    /// holds for the aggregate over it): at 14,000 groups postgres-nio's work per row was 95 % of the time (2.3 s in
    /// a debug build against 15 ms in the server).
    func totalsGroups(_ session: PostgresSession, _ grouped: String, _ values: [any SQLValue],
                      grouping: Set<TotalsGrouping>, bounds: Bool) throws -> (groups: [TotalsGroup], first: Int64?, last: Int64?) {
        var texts = ["asset", "currency"]
        if grouping.contains(.day) { texts.append("opened_day") }
        if grouping.contains(.cashier) { texts.append("cashier") }
        // Texts as arrays (any character survives); numbers as one comma-separated text each, parsed here.
        let columns = texts.map { "array_agg(\($0)) AS \($0)" } + ["n", "fiat", "due", "received"].map { "string_agg(\($0)::TEXT, ',') AS \($0)" }
            + (bounds ? ["MIN(first) AS first", "MAX(last) AS last"] : [])
        guard let row = try session.query("SELECT \(columns.joined(separator: ", ")) FROM (\(grouped)) g", values).first,
              let assets = try row.get("asset", [String]?.self) else { return ([], nil, nil) }
        let currencies = try row.get("currency", [String].self)
        let days = grouping.contains(.day) ? try row.get("opened_day", [String].self) : nil
        let cashiers = grouping.contains(.cashier) ? try row.get("cashier", [String].self) : nil
        func list(_ column: String) throws -> [Substring] { try row.get(column, String.self).split(separator: ",") }
        let counts = try list("n").map { Int($0) ?? 0 }, fiats = try list("fiat").map { Int64($0) ?? 0 }
        let dues = try list("due"), received = try list("received")
        guard [currencies.count, counts.count, fiats.count, dues.count, received.count, days?.count ?? assets.count,
               cashiers?.count ?? assets.count].allSatisfy({ $0 == assets.count }) else {
            throw StoreError.database(path: location.redacted, operation: "reading totals", detail: "columns of unequal length")
        }
        let groups = assets.indices.map { index in
            TotalsGroup(asset: assets[index], currency: currencies[index], day: days?[index], cashier: cashiers?[index],
                        count: counts[index], fiat: fiats[index], due: BigUInt.fromDecimal(String(dues[index])) ?? 0,
                        received: BigUInt.fromDecimal(String(received[index])) ?? 0)
        }
        return (groups, bounds ? try row.get("first", Int64.self) : nil, bounds ? try row.get("last", Int64.self) : nil)
    }

    /// `runningTotals` on a session of its own (the tests ask whether a filter is answered without a scan).
    func runningTotals(_ filter: SaleFilter, grouping: Set<TotalsGrouping>) throws -> [SaleTotals]? {
        try link.withSession("reading the running totals") { session in try runningTotals(session, filter, lane: nil, grouping: grouping) }
    }

    private func exists(_ session: PostgresSession, _ table: PostgresTotalsTable, _ condition: String,
                        _ values: [any SQLValue]) throws -> Bool {
        try session.query("SELECT EXISTS (SELECT 1 FROM \(table.name) WHERE sales > 0 AND \(condition)) AS found", values)
            .first?.get("found", Bool.self) ?? false
    }

    /// The local day of `date` when `date` is that day's first instant in the shop's time zone.
    private func midnightDay(_ date: Date) -> String? {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.startOfDay(for: date) == date ? localDay(date) : nil
    }
}
