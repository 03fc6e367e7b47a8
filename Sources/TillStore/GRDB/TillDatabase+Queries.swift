import BigInt
import Foundation
import GRDB
import TillCore

/// The manager screen's queries: keyset-paged list, grouped totals, and a live first page.
extension TillDatabase {
    public func listSales(_ filter: SaleFilter, after cursor: SaleCursor?, limit: Int) throws -> SalePage {
        try read("listing sales") { db in try Self.page(db, filter: filter, after: cursor, limit: limit) }
    }

    public func totals(_ filter: SaleFilter, groupedBy grouping: Set<TotalsGrouping>) throws -> [SaleTotals] {
        try read("computing totals") { db in
            try dayTotals(db, filter: filter, grouping: grouping) ?? Self.totals(db, filter: filter, grouping: grouping)
        }
    }

    public func salesListUpdates(_ filter: SaleFilter, limit: Int) -> AsyncThrowingStream<SalePage, any Error> {
        // removeDuplicates: on Linux the observation may fire for writes that did not change this page.
        let observation = ValueObservation.tracking { db in
            try Self.page(db, filter: filter, after: nil, limit: limit)
        }.removeDuplicates()
        let pool = self.pool
        return AsyncThrowingStream { continuation in
            let cancellable = observation.start(
                in: pool, scheduling: .async(onQueue: .global()),
                onError: { continuation.finish(throwing: $0) },
                onChange: { continuation.yield($0) })
            continuation.onTermination = { _ in cancellable.cancel() }
        }
    }

    // MARK: - SQL

    static let summaryColumns = """
        id, cashier, opened_at, updated_at, status, flags, asset_id, currency, fiat_total_minor,
        coin_due_units, coin_received_units, address
        """

    static func conditions(_ filter: SaleFilter) -> (sql: String, arguments: StatementArguments) {
        var terms: [String] = []
        var arguments = StatementArguments()
        if let from = filter.from { terms.append("opened_at >= ?"); arguments += [from.millis] }
        if let to = filter.to { terms.append("opened_at < ?"); arguments += [to.millis] }
        if let asset = filter.assetID { terms.append("asset_id = ?"); arguments += [asset] }
        if let cashier = filter.cashier { terms.append("cashier = ?"); arguments += [cashier] }
        // One till's own ledger has no lanes: a lane filter matches no sale here.
        if filter.lane != nil { terms.append("0") }
        if !filter.statuses.isEmpty {
            let statuses = filter.statuses.map(\.rawValue).sorted()
            terms.append("status IN (" + statuses.map { _ in "?" }.joined(separator: ", ") + ")")
            arguments += StatementArguments(statuses)
        }
        if filter.flaggedOnly { terms.append("flags <> ''") }
        if let flag = filter.flag { terms.append("flags LIKE ?"); arguments += ["%,\(flag.rawValue),%"] }
        return (terms.isEmpty ? "1" : terms.joined(separator: " AND "), arguments)
    }

    static func page(_ db: Database, filter: SaleFilter, after cursor: SaleCursor?, limit: Int) throws -> SalePage {
        var (sql, arguments) = conditions(filter)
        if let cursor {
            sql += " AND (opened_at, id) < (?, ?)"
            arguments += [cursor.openedAtMillis, cursor.id]
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(summaryColumns) FROM sales WHERE \(sql) ORDER BY opened_at DESC, id DESC LIMIT ?
            """, arguments: arguments + [limit + 1])
        let summaries = try rows.prefix(limit).map(summary)
        let next = rows.count > limit ? summaries.last.map { SaleCursor(openedAtMillis: $0.openedAt.millis, id: $0.id) } : nil
        return SalePage(rows: summaries, next: next)
    }

    static func summary(_ row: Row) throws -> SaleSummary {
        let id: String = row["id"]
        let currencyCode: String = row["currency"]
        let statusText: String = row["status"]
        guard let status = SaleStatus(rawValue: statusText) else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "sale \(id): unknown status \(statusText)")
        }
        let currency = FiatCurrency.named(currencyCode) ?? FiatCurrency(code: currencyCode, minorUnits: 2, symbol: "")
        let flagsText: String = row["flags"]
        return SaleSummary(
            id: id, cashier: row["cashier"], openedAt: Date(millis: row["opened_at"]),
            updatedAt: Date(millis: row["updated_at"]), status: status,
            flags: Set(flagsText.split(separator: ",").compactMap { SaleFlag(rawValue: String($0)) }),
            assetID: row["asset_id"], fiatTotal: FiatAmount(minor: row["fiat_total_minor"], currency: currency),
            coinDueUnits: (row["coin_due_units"] as String?).flatMap { BigUInt.fromDecimal($0) },
            coinReceivedUnits: (row["coin_received_units"] as String?).flatMap { BigUInt.fromDecimal($0) },
            address: row["address"])
    }

    static func totals(_ db: Database, filter: SaleFilter, grouping: Set<TotalsGrouping>) throws -> [SaleTotals] {
        let (sql, arguments) = conditions(filter)
        // Always group by asset and currency in SQL (coin sums only make sense per asset), then fold.
        var keys = ["COALESCE(asset_id, '')", "currency"]
        if grouping.contains(.day) { keys.append("opened_day") }
        if grouping.contains(.cashier) { keys.append("cashier") }
        let rows = try Row.fetchAll(db, sql: """
            SELECT \(keys.joined(separator: ", ")), COUNT(*), SUM(fiat_total_minor),
                   till_bigsum(coin_due_units), till_bigsum(coin_received_units)
            FROM sales WHERE \(sql) GROUP BY \(keys.joined(separator: ", "))
            """, arguments: arguments)
        return fold(rows.map { row in
            var column = 2
            let day: String? = grouping.contains(.day) ? row[column] : nil
            if grouping.contains(.day) { column += 1 }
            let cashier: String? = grouping.contains(.cashier) ? row[column] : nil
            if grouping.contains(.cashier) { column += 1 }
            return TotalsRow(asset: row[0], currency: row[1], day: day, cashier: cashier, count: row[column],
                             fiat: row[column + 1], due: BigUInt.fromDecimal(row[column + 2] as String) ?? 0,
                             received: BigUInt.fromDecimal(row[column + 3] as String) ?? 0)
        }, grouping: grouping)
    }
}
