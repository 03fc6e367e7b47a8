import BigInt
import Foundation

// Public makers of the manager's value types for other storage engines (TillStorePostgres), as in
// StoreTypes+Engines.swift: the memberwise initialisers are internal. A file of its own, so it merges cleanly.

extension RefundRecord {
    /// A refund as another engine stored it.
    public static func restored(id: Int64, saleID: String, assetID: String, txid: String, amountUnits: BigUInt,
                                recordedAt: Date, recordedBy: String, note: String) -> RefundRecord {
        RefundRecord(id: id, saleID: saleID, assetID: assetID, txid: txid, amountUnits: amountUnits,
                     recordedAt: recordedAt, recordedBy: recordedBy, note: note)
    }
}

extension ExportedPayment {
    /// A payment row of an export as another engine read it.
    public static func restored(txid: String, output: Int, address: String, amountUnits: BigUInt, state: String,
                                confirmations: Int, blockHeight: Int?, blockHash: String?, firstSeen: Date,
                                late: Bool) -> ExportedPayment {
        ExportedPayment(txid: txid, output: output, address: address, amountUnits: amountUnits, state: state,
                        confirmations: confirmations, blockHeight: blockHeight, blockHash: blockHash,
                        firstSeen: firstSeen, late: late)
    }
}

extension ExportedSale {
    /// A sale of an export as another engine read it.
    public static func restored(summary: SaleSummary, ratePrice: String?, rateSource: String?, derivationPath: String?,
                                payments: [ExportedPayment]) -> ExportedSale {
        ExportedSale(summary: summary, ratePrice: ratePrice, rateSource: rateSource, derivationPath: derivationPath,
                     payments: payments)
    }
}
