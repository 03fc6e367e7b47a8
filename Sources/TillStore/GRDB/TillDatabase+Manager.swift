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
                     amountUnits: BigUInt.fromDecimal(row["amount_units"] as String) ?? 0,
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
            // One pass in the sales' order, each sale's payments on the rows right after it: memory stays flat for
            // a year's export, and no query per sale.
            let rows = try Row.fetchCursor(db, sql: """
                SELECT s.*, q.rate_price, q.rate_source, q.derivation_path,
                       p.txid, p.output, p.address AS payment_address, p.amount_units, p.state, p.confirmations,
                       p.block_height, p.block_hash, p.first_seen, p.late
                FROM (SELECT \(Self.summaryColumns) FROM sales WHERE \(condition)) s
                LEFT JOIN quotes q ON q.sale_id = s.id AND q.seq = 0
                LEFT JOIN payments p ON p.sale_id = s.id
                ORDER BY s.opened_at, s.id, p.first_seen, p.txid, p.output
                """, arguments: arguments)
            var pending: (summary: SaleSummary, row: Row, payments: [ExportedPayment])?
            func flush() throws {
                guard let sale = pending else { return }
                try body(ExportedSale(summary: sale.summary, ratePrice: sale.row["rate_price"],
                                      rateSource: sale.row["rate_source"], derivationPath: sale.row["derivation_path"],
                                      payments: sale.payments))
                pending = nil
            }
            while let row = try rows.next() {
                let id: String = row["id"]
                if pending?.summary.id != id {
                    try flush()
                    pending = (try Self.summary(row), row.copy(), [])
                }
                guard let txid: String = row["txid"] else { continue }
                pending?.payments.append(ExportedPayment(
                    txid: txid, output: row["output"], address: row["payment_address"],
                    amountUnits: BigUInt.fromDecimal(row["amount_units"] as String) ?? 0, state: row["state"],
                    confirmations: row["confirmations"], blockHeight: row["block_height"], blockHash: row["block_hash"],
                    firstSeen: Date(millis: row["first_seen"]), late: row["late"]))
            }
            try flush()
        }
    }

    /// Saves many sales in ONE transaction (bulk loads: till-bench's sales tab; the till saves one at a time).
    public func saveAll(_ sales: [Sale], reason: String, at: Date) throws {
        try write("saving \(sales.count) sales") { db in
            for sale in sales { try writeSale(db, sale: sale, effects: [], reason: reason, at: at) }
        }
    }
}
