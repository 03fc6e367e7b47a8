import BigInt
import Foundation
import GRDB
import TillHooks

extension TillDatabase {
    /// `recordRefund(saleID:…)` plus the webhook deliveries announcing it (`refunded`), in ONE transaction:
    /// the refund and its announcement are durable together or not at all.
    public func recordRefund(saleID: String, assetID: String, txid: String, amountUnits: BigUInt, at: Date, by: String,
                             note: String, deliveries: [NewDelivery]) throws -> RefundRecord {
        try write("recording a refund for \(saleID) with \(deliveries.count) webhook deliveries") { db in
            try db.execute(sql: """
                INSERT INTO refunds (sale_id, asset_id, txid, amount_units, recorded_at, recorded_by, note)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [saleID, assetID, txid, String(amountUnits), at.millis, by, note])
            let record = RefundRecord(id: db.lastInsertedRowID, saleID: saleID, assetID: assetID, txid: txid,
                                      amountUnits: amountUnits, recordedAt: Date(millis: at.millis), recordedBy: by, note: note)
            _ = try WebhookOutbox.insert(db, deliveries)
            return record
        }
    }
}
