import BigInt
import Foundation
import TillCore
import TillHooks
import TillStore

/// The manager's refunds, day closes and exports over the whole shop (every lane's sales): the manager screen and
/// the Z report of any lane see the same ledger.
extension PostgresStore: ManagerStore {
    public func recordRefund(saleID: String, assetID: String, txid: String, amountUnits: BigUInt, at: Date, by: String,
                             note: String) throws -> RefundRecord {
        try recordRefund(saleID: saleID, assetID: assetID, txid: txid, amountUnits: amountUnits, at: at, by: by,
                         note: note, deliveries: [])
    }

    /// `recordRefund` plus the webhook deliveries announcing it, in ONE transaction. A second refund of the same
    /// sale with the same txid is refused by the (sale_id, txid) key, as on SQLite, and writes nothing.
    public func recordRefund(saleID: String, assetID: String, txid: String, amountUnits: BigUInt, at: Date, by: String,
                             note: String, deliveries: [NewDelivery]) throws -> RefundRecord {
        try link.transaction("recording a refund for \(saleID) with \(deliveries.count) webhook deliveries") { session in
            guard let row = try session.query("""
                INSERT INTO refunds (sale_id, asset_id, txid, amount_units, recorded_at, recorded_by, note)
                VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING *
                """, [saleID, assetID, txid, String(amountUnits), at.millis, by, note]).first else {
                throw StoreError.database(path: location.redacted, operation: "recording a refund for \(saleID)",
                                          detail: "the insert returned no row")
            }
            _ = try PostgresWebhookOutbox.insert(session, deliveries)
            return try refund(row)
        }
    }

    public func refunds(saleID: String) throws -> [RefundRecord] {
        try link.withSession("loading refunds of \(saleID)") { session in
            try session.query("SELECT * FROM refunds WHERE sale_id = $1 ORDER BY id", [saleID]).map(refund)
        }
    }

    public func refunds(from: Date, to: Date) throws -> [RefundRecord] {
        try link.withSession("loading refunds") { session in
            try session.query("SELECT * FROM refunds WHERE recorded_at >= $1 AND recorded_at < $2 ORDER BY id",
                              [from.millis, to.millis]).map(refund)
        }
    }

    public func refundedSaleIDs(_ saleIDs: [String]) throws -> Set<String> {
        guard !saleIDs.isEmpty else { return [] }
        return try link.withSession("finding refunded sales") { session in
            // One array parameter, however many ids: no statement text built from the values.
            Set(try session.query("SELECT DISTINCT sale_id FROM refunds WHERE sale_id = ANY($1)", [saleIDs])
                .map { try $0.get("sale_id", String.self) })
        }
    }

    private func refund(_ row: PostgresRowReader) throws -> RefundRecord {
        let id: Int64 = try row.get("id")
        let units: String = try row.get("amount_units")
        guard let amount = BigUInt.fromDecimal(units) else {
            throw StoreError.unreadableRow(path: location.redacted, table: "refunds", key: String(id),
                                           detail: "amount \"\(units)\" is not a whole number of base units")
        }
        return .restored(id: id, saleID: try row.get("sale_id"), assetID: try row.get("asset_id"), txid: try row.get("txid"),
                         amountUnits: amount, recordedAt: Date(millis: try row.get("recorded_at")),
                         recordedBy: try row.get("recorded_by"), note: try row.get("note"))
    }

    /// Records the close once for the shop: two lanes closing the same day at once write one row (the day is the key).
    public func recordDayClose(_ close: DayCloseRecord) throws -> Bool {
        try link.withSession("closing day \(close.day)") { session in
            try session.execute("""
                INSERT INTO day_closes (day, closed_at, closed_by, report_hash, report_text) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (day) DO NOTHING
                """, [close.day, close.closedAt.millis, close.closedBy, close.reportHash, close.reportText]) == 1
        }
    }

    public func dayClose(day: String) throws -> DayCloseRecord? {
        try link.withSession("loading the close of \(day)") { session in
            try session.query("SELECT * FROM day_closes WHERE day = $1", [day]).first.map(Self.dayClose)
        }
    }

    public func dayCloses(limit: Int) throws -> [DayCloseRecord] {
        try link.withSession("listing day closes") { session in
            try session.query("SELECT * FROM day_closes ORDER BY day DESC LIMIT $1", [limit]).map(Self.dayClose)
        }
    }

    private static func dayClose(_ row: PostgresRowReader) throws -> DayCloseRecord {
        DayCloseRecord(day: try row.get("day"), closedAt: Date(millis: try row.get("closed_at")),
                       closedBy: try row.get("closed_by"), reportHash: try row.get("report_hash"),
                       reportText: try row.get("report_text"))
    }
}
