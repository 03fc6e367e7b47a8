import BigInt
import Foundation
import GRDB
import TillCore

extension TillDatabase: ManagerStore {
    public func recordRefund(saleID: String, assetID: String, txid: String, amountUnits: BigUInt, at: Date, by: String,
                             note: String) throws -> RefundRecord {
        try write("recording a refund for \(saleID)") { db in
            try db.execute(sql: """
                INSERT INTO refunds (sale_id, asset_id, txid, amount_units, recorded_at, recorded_by, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [saleID, assetID, txid, String(amountUnits), at.millis, by, note])
            return RefundRecord(id: db.lastInsertedRowID, saleID: saleID, assetID: assetID, txid: txid,
                                amountUnits: amountUnits, recordedAt: Date(millis: at.millis), recordedBy: by, note: note)
        }
    }

    public func refunds(saleID: String) throws -> [RefundRecord] {
        try read("loading refunds of \(saleID)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM refunds WHERE sale_id = ? ORDER BY id", arguments: [saleID])
                .map(Self.refund)
        }
    }

    public func refunds(from: Date, to: Date) throws -> [RefundRecord] {
        try read("loading refunds") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM refunds WHERE recorded_at >= ? AND recorded_at < ? ORDER BY id",
                             arguments: [from.millis, to.millis]).map(Self.refund)
        }
    }

    public func refundedSaleIDs(_ saleIDs: [String]) throws -> Set<String> {
        guard !saleIDs.isEmpty else { return [] }
        return try read("finding refunded sales") { db in
            let marks = saleIDs.map { _ in "?" }.joined(separator: ", ")
            return Set(try String.fetchAll(db, sql: "SELECT DISTINCT sale_id FROM refunds WHERE sale_id IN (\(marks))",
                                           arguments: StatementArguments(saleIDs)))
        }
    }

    private static func refund(_ row: Row) -> RefundRecord {
        RefundRecord(id: row["id"], saleID: row["sale_id"], assetID: row["asset_id"], txid: row["txid"],
                     amountUnits: BigUInt(row["amount_units"] as String, radix: 10) ?? 0,
                     recordedAt: Date(millis: row["recorded_at"]), recordedBy: row["recorded_by"], note: row["note"])
    }

    public func recordDayClose(_ close: DayCloseRecord) throws -> Bool {
        try write("closing day \(close.day)") { db in
            try db.execute(sql: """
                INSERT OR IGNORE INTO day_closes (day, closed_at, closed_by, report_hash, report_text)
                VALUES (?, ?, ?, ?, ?)
                """, arguments: [close.day, close.closedAt.millis, close.closedBy, close.reportHash, close.reportText])
            return db.changesCount == 1
        }
    }

    public func dayClose(day: String) throws -> DayCloseRecord? {
        try read("loading the close of \(day)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM day_closes WHERE day = ?", arguments: [day]).map(Self.dayClose)
        }
    }

    public func dayCloses(limit: Int) throws -> [DayCloseRecord] {
        try read("listing day closes") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM day_closes ORDER BY day DESC LIMIT ?", arguments: [limit])
                .map(Self.dayClose)
        }
    }

    private static func dayClose(_ row: Row) -> DayCloseRecord {
        DayCloseRecord(day: row["day"], closedAt: Date(millis: row["closed_at"]), closedBy: row["closed_by"],
                       reportHash: row["report_hash"], reportText: row["report_text"])
    }

    public func forEachExportedSale(_ filter: SaleFilter, _ body: (ExportedSale) throws -> Void) throws {
        try read("exporting sales") { db in
            let (condition, arguments) = Self.conditions(filter)
            // Payments of the range first (a month is tens of thousands of rows), then one pass over the sales.
            var payments: [String: [ExportedPayment]] = [:]
            let paymentRows = try Row.fetchCursor(db, sql: """
                SELECT * FROM payments WHERE sale_id IN (SELECT id FROM sales WHERE \(condition))
                ORDER BY sale_id, first_seen, txid, output
                """, arguments: arguments)
            while let row = try paymentRows.next() {
                payments[row["sale_id"], default: []].append(ExportedPayment(
                    txid: row["txid"], output: row["output"], address: row["address"],
                    amountUnits: BigUInt(row["amount_units"] as String, radix: 10) ?? 0, state: row["state"],
                    confirmations: row["confirmations"], blockHeight: row["block_height"], blockHash: row["block_hash"],
                    firstSeen: Date(millis: row["first_seen"]), late: row["late"]))
            }
            let sales = try Row.fetchCursor(db, sql: """
                SELECT s.*, q.rate_price, q.rate_source, q.derivation_path
                FROM (SELECT \(Self.summaryColumns) FROM sales WHERE \(condition)) s
                LEFT JOIN quotes q ON q.sale_id = s.id AND q.seq = 0
                ORDER BY s.opened_at, s.id
                """, arguments: arguments)
            while let row = try sales.next() {
                let summary = try Self.summary(row)
                try body(ExportedSale(summary: summary, ratePrice: row["rate_price"], rateSource: row["rate_source"],
                                      derivationPath: row["derivation_path"], payments: payments[summary.id] ?? []))
            }
        }
    }

    /// Saves many sales in ONE transaction (bulk loads for benchmarks and imports; the till saves one at a time).
    public func saveAll(_ sales: [Sale], reason: String, at: Date) throws {
        try write("saving \(sales.count) sales") { db in
            for sale in sales { try writeSale(db, sale: sale, effects: [], reason: reason, at: at) }
        }
    }
}
