import BigInt
import Foundation
import TillCore

/// A refund the merchant sent from their own wallet for a sale (the till only records it).
public struct RefundRecord: Hashable, Sendable {
    public let id: Int64
    public let saleID: String
    public let assetID: String
    public let txid: String
    public let amountUnits: BigUInt
    public let recordedAt: Date
    public let recordedBy: String
    public let note: String
}

/// A closed day: the Z report as printed, and who closed it when.
public struct DayCloseRecord: Hashable, Sendable {
    /// The shop's local day ("2026-11-25").
    public let day: String
    public let closedAt: Date
    public let closedBy: String
    /// Hex SHA-256 of `reportText` (UTF-8).
    public let reportHash: String
    public let reportText: String

    public init(day: String, closedAt: Date, closedBy: String, reportHash: String, reportText: String) {
        self.day = day; self.closedAt = closedAt; self.closedBy = closedBy
        self.reportHash = reportHash; self.reportText = reportText
    }
}

/// One payment of a sale as the export needs it.
public struct ExportedPayment: Hashable, Sendable {
    public let txid: String
    public let output: Int
    public let address: String
    public let amountUnits: BigUInt
    /// "unconfirmed", "confirmed" or "vanished".
    public let state: String
    public let confirmations: Int
    public let blockHeight: Int?
    public let blockHash: String?
    public let firstSeen: Date
    public let late: Bool
}

/// One sale with its first quote and its payments, read straight from the tables (no JSON decoding).
public struct ExportedSale: Hashable, Sendable {
    public let summary: SaleSummary
    /// Fiat per whole coin of the first quote ("64123.45"), nil before checkout.
    public let ratePrice: String?
    public let rateSource: String?
    public let derivationPath: String?
    /// The sale's payments, in the order they were first seen.
    public let payments: [ExportedPayment]
}

/// What the manager adds to the store: refunds, day closes, and a streaming read for exports.
public protocol ManagerStore: Sendable {
    /// Records a refund; refuses a second refund with the same txid for the same sale.
    func recordRefund(saleID: String, assetID: String, txid: String, amountUnits: BigUInt, at: Date, by: String,
                      note: String) throws -> RefundRecord
    /// Refunds of one sale, oldest first.
    func refunds(saleID: String) throws -> [RefundRecord]
    /// Refunds recorded in [from, to), oldest first.
    func refunds(from: Date, to: Date) throws -> [RefundRecord]
    /// The ids among `saleIDs` with at least one refund.
    func refundedSaleIDs(_ saleIDs: [String]) throws -> Set<String>

    /// Records a day close; false (and nothing written) when the day was closed before.
    func recordDayClose(_ close: DayCloseRecord) throws -> Bool
    func dayClose(day: String) throws -> DayCloseRecord?
    /// Every closed day, newest first.
    func dayCloses(limit: Int) throws -> [DayCloseRecord]

    /// Calls `body` for every sale matching `filter`, oldest first, with its first quote and payments.
    func forEachExportedSale(_ filter: SaleFilter, _ body: (ExportedSale) throws -> Void) throws
}

extension SaleCursor {
    /// The cursor that continues the list right after `row` (for callers that stop inside a page).
    public init(after row: SaleSummary) {
        self.init(openedAtMillis: Int64((row.openedAt.timeIntervalSince1970 * 1000).rounded(.down)), id: row.id)
    }
}
