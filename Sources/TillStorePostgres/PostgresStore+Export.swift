import BigInt
import Foundation
import TillStore

/// Exports of every lane's sales, streamed in batches: memory stays flat for a year's export.
extension PostgresStore {
    /// Sales read per round trip.
    static let exportBatchSales = 500

    /// Calls `body` for every sale matching `filter` (all lanes), oldest first, with its first quote and payments
    /// (first seen first), as SQLite's export. Batches are keyed on (opened_at, id), and `body` runs between them,
    /// outside the lane's connection: an export never holds up the cashier, and `body`'s errors reach the caller
    /// as they were thrown.
    public func forEachExportedSale(_ filter: SaleFilter, _ body: (ExportedSale) throws -> Void) throws {
        try forEachExportedSale(filter, batchSales: Self.exportBatchSales, body)
    }

    /// The export with `batchSales` sales per round trip (tests cross batch boundaries with a few sales).
    func forEachExportedSale(_ filter: SaleFilter, batchSales: Int, _ body: (ExportedSale) throws -> Void) throws {
        var after: SaleCursor?
        repeat {
            let (batch, last) = try exportBatch(filter, after: after, limit: batchSales)
            for sale in batch { try body(sale) }
            after = batch.count < batchSales ? nil : last
        } while after != nil
    }

    /// A batch of sales and the key of its last one (its column's milliseconds, never a rounded `Date`).
    private func exportBatch(_ filter: SaleFilter, after cursor: SaleCursor?, limit: Int) throws -> ([ExportedSale], SaleCursor?) {
        try link.withSession("exporting sales") { session in
            let (condition, values) = Self.conditions(filter, lane: nil, past: cursor, newestFirst: false)
            // One query per batch, each sale's payments on the rows right after it (no query per sale).
            let rows = try session.query("""
                SELECT s.id, s.cashier, s.opened_at, s.updated_at, s.status, s.flags, s.asset_id, s.currency,
                       s.fiat_total_minor, s.coin_due_units, s.coin_received_units, s.address,
                       q.rate_price, q.rate_source, q.derivation_path,
                       p.txid, p.output, p.address AS payment_address, p.amount_units, p.state, p.confirmations,
                       p.block_height, p.block_hash, p.first_seen, p.late
                FROM (SELECT * FROM sales WHERE \(condition) ORDER BY opened_at, id LIMIT $\(values.count + 1)) s
                LEFT JOIN quotes q ON q.sale_id = s.id AND q.seq = 0
                LEFT JOIN payments p ON p.sale_id = s.id
                ORDER BY s.opened_at, s.id, p.first_seen, p.txid, p.output
                """, values + [limit])
            var sales: [ExportedSale] = [], last: SaleCursor?
            var pending: (summary: SaleSummary, row: PostgresRowReader, payments: [ExportedPayment])?
            func flush() throws {
                guard let sale = pending else { return }
                sales.append(.restored(summary: sale.summary, ratePrice: try sale.row.get("rate_price"),
                                       rateSource: try sale.row.get("rate_source"),
                                       derivationPath: try sale.row.get("derivation_path"), payments: sale.payments))
                pending = nil
            }
            for row in rows {
                let id: String = try row.get("id")
                if pending?.summary.id != id {
                    try flush()
                    pending = (try summary(row), row, [])
                    last = .restored(openedAtMillis: try row.get("opened_at"), id: id)
                }
                guard let txid = try row.get("txid", String?.self) else { continue }
                pending?.payments.append(try exportedPayment(row, txid: txid))
            }
            try flush()
            return (sales, last)
        }
    }

    private func exportedPayment(_ row: PostgresRowReader, txid: String) throws -> ExportedPayment {
        let units: String = try row.get("amount_units")
        guard let amount = BigUInt.fromDecimal(units) else {
            throw StoreError.unreadableRow(path: location.redacted, table: "payments", key: txid,
                                           detail: "amount \"\(units)\" is not a whole number of base units")
        }
        return .restored(txid: txid, output: try row.get("output"), address: try row.get("payment_address"),
                         amountUnits: amount, state: try row.get("state"), confirmations: try row.get("confirmations"),
                         blockHeight: try row.get("block_height"), blockHash: try row.get("block_hash"),
                         firstSeen: Date(millis: try row.get("first_seen")), late: try row.get("late"))
    }
}
