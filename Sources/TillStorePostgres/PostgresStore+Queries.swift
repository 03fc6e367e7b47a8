import BigInt
import Foundation
import TillCore
import TillStore

/// The manager screen's queries over every lane: keyset-paged list, grouped totals, and a live first page.
extension PostgresStore {
    public func listSales(_ filter: SaleFilter, after cursor: SaleCursor?, limit: Int) throws -> SalePage {
        try listSales(filter, lane: nil, after: cursor, limit: limit)
    }

    /// A page of the sales of one lane (nil: the whole shop), newest first, starting after `cursor`.
    public func listSales(_ filter: SaleFilter, lane: String?, after cursor: SaleCursor?, limit: Int) throws -> SalePage {
        try link.withSession("listing sales") { session in
            let (sql, values) = Self.conditions(filter, lane: lane, past: cursor, newestFirst: true)
            let rows = try session.query("""
                SELECT id, cashier, opened_at, updated_at, status, flags, asset_id, currency, fiat_total_minor,
                       coin_due_units, coin_received_units, address
                FROM sales WHERE \(sql) ORDER BY opened_at DESC, id DESC LIMIT $\(values.count + 1)
                """, values + [limit + 1])
            let summaries = try rows.prefix(limit).map(summary)
            let next = rows.count > limit
                ? summaries.last.map { SaleCursor.restored(openedAtMillis: $0.openedAt.millis, id: $0.id) } : nil
            return .restored(rows: summaries, next: next)
        }
    }

    public func totals(_ filter: SaleFilter, groupedBy grouping: Set<TotalsGrouping>) throws -> [SaleTotals] {
        try totals(filter, lane: nil, groupedBy: grouping)
    }

    /// Totals of one lane (nil: the whole shop). Coin sums are NUMERIC: exact at any size.
    public func totals(_ filter: SaleFilter, lane: String?, groupedBy grouping: Set<TotalsGrouping>) throws -> [SaleTotals] {
        try link.withSession("computing totals") { session in
            if let running = try runningTotals(session, filter, lane: lane, grouping: grouping) { return running }
            return try scannedTotals(session, filter, lane: lane, grouping: grouping)
        }
    }

    /// Totals by a scan of the sales, never the running totals (the tests' reference).
    func scannedTotals(_ filter: SaleFilter, lane: String?, groupedBy grouping: Set<TotalsGrouping>) throws -> [SaleTotals] {
        try link.withSession("computing totals by a scan") { session in try scannedTotals(session, filter, lane: lane, grouping: grouping) }
    }

    /// Totals by a scan of the sales: what `runningTotals` must always equal.
    private func scannedTotals(_ session: PostgresSession, _ filter: SaleFilter, lane: String?,
                               grouping: Set<TotalsGrouping>) throws -> [SaleTotals] {
        let (sql, values) = Self.conditions(filter, lane: lane)
        let keys = Self.totalsKeys(grouping, asset: "COALESCE(asset_id, '')")
        let groupBy = (1...keys.count).map(String.init).joined(separator: ", ")
        return SaleTotals.folded(try totalsGroups(session, """
            SELECT \(keys.joined(separator: ", ")), COUNT(*) AS n, SUM(fiat_total_minor)::BIGINT AS fiat,
                   COALESCE(SUM(coin_due_units::NUMERIC), 0)::TEXT AS due,
                   COALESCE(SUM(coin_received_units::NUMERIC), 0)::TEXT AS received
            FROM sales WHERE \(sql) GROUP BY \(groupBy) ORDER BY \(Self.totalsOrder(grouping))
            """, values, grouping: grouping, bounds: false).groups, grouping: grouping)
    }

    /// The first page now and whenever it changes (any lane's write), polled once a second: lanes write through
    /// other connections, so there is no local write to observe.
    public func salesListUpdates(_ filter: SaleFilter, limit: Int) -> AsyncThrowingStream<SalePage, any Error> {
        AsyncThrowingStream { continuation in
            let task = Task.detached { [self] in
                var last: SalePage?
                while !Task.isCancelled {
                    do {
                        let page = try listSales(filter, after: nil, limit: limit)
                        if page != last { continuation.yield(page); last = page }
                    } catch {
                        continuation.finish(throwing: error)
                        return
                    }
                    try? await Task.sleep(for: .seconds(1))
                }
                continuation.finish()
            }
            continuation.onTermination = { _ in task.cancel() }
        }
    }

    /// The filter's WHERE clause continued past `cursor` in the list's order (newest first: the sales before it).
    static func conditions(_ filter: SaleFilter, lane: String?, past cursor: SaleCursor?,
                           newestFirst: Bool) -> (sql: String, values: [any SQLValue]) {
        var (sql, values) = conditions(filter, lane: lane)
        if let cursor {
            sql += " AND (opened_at, id) \(newestFirst ? "<" : ">") ($\(values.count + 1), $\(values.count + 2))"
            values += [cursor.openedAtMillis, cursor.id]
        }
        return (sql, values)
    }

    /// The WHERE clause of a filter with $n parameters, and its values.
    static func conditions(_ filter: SaleFilter, lane: String?) -> (sql: String, values: [any SQLValue]) {
        var terms: [String] = []
        var values: [any SQLValue] = []
        func add(_ term: (String) -> String, _ value: any SQLValue) {
            values.append(value)
            terms.append(term("$\(values.count)"))
        }
        if let from = filter.from { add({ "opened_at >= \($0)" }, from.millis) }
        if let to = filter.to { add({ "opened_at < \($0)" }, to.millis) }
        if let asset = filter.assetID { add({ "asset_id = \($0)" }, asset) }
        if let cashier = filter.cashier { add({ "cashier = \($0)" }, cashier) }
        if let lane = lane ?? filter.lane { add({ "lane = \($0)" }, lane) }
        if !filter.statuses.isEmpty {
            let placeholders = filter.statuses.map(\.rawValue).sorted().map { status -> String in
                values.append(status)
                return "$\(values.count)"
            }
            terms.append("status IN (" + placeholders.joined(separator: ", ") + ")")
        }
        if filter.flaggedOnly { terms.append("flags <> ''") }
        if let flag = filter.flag { add({ "flags LIKE \($0)" }, "%,\(flag.rawValue),%") }
        return (terms.isEmpty ? "TRUE" : terms.joined(separator: " AND "), values)
    }

    func summary(_ row: PostgresRowReader) throws -> SaleSummary {
        let id: String = try row.get("id")
        let currencyCode: String = try row.get("currency")
        let statusText: String = try row.get("status")
        guard let status = SaleStatus(rawValue: statusText) else {
            throw StoreError.unreadableRow(path: location.redacted, table: "sales", key: id,
                                           detail: "unknown status \(statusText)")
        }
        let currency = FiatCurrency.named(currencyCode) ?? FiatCurrency(code: currencyCode, minorUnits: 2, symbol: "")
        let flagsText: String = try row.get("flags")
        return .restored(
            id: id, cashier: try row.get("cashier"), openedAt: Date(millis: try row.get("opened_at")),
            updatedAt: Date(millis: try row.get("updated_at")), status: status,
            flags: Set(flagsText.split(separator: ",").compactMap { SaleFlag(rawValue: String($0)) }),
            assetID: try row.get("asset_id"),
            fiatTotal: FiatAmount(minor: try row.get("fiat_total_minor"), currency: currency),
            coinDueUnits: try row.get("coin_due_units", String?.self).flatMap { BigUInt.fromDecimal($0) },
            coinReceivedUnits: try row.get("coin_received_units", String?.self).flatMap { BigUInt.fromDecimal($0) },
            address: try row.get("address"))
    }
}
