import BigInt
import Foundation
import TillCore

// Public makers of the store's value types for other storage engines (TillStorePostgres): the types' own
// memberwise initialisers are internal, and redeclaring them public would clash with the synthesised ones.

extension SaleSummary {
    /// A list row as another engine read it.
    public static func restored(id: String, cashier: String, openedAt: Date, updatedAt: Date, status: SaleStatus,
                                flags: Set<SaleFlag>, assetID: String?, fiatTotal: FiatAmount, coinDueUnits: BigUInt?,
                                coinReceivedUnits: BigUInt?, address: String?) -> SaleSummary {
        SaleSummary(id: id, cashier: cashier, openedAt: openedAt, updatedAt: updatedAt, status: status, flags: flags,
                    assetID: assetID, fiatTotal: fiatTotal, coinDueUnits: coinDueUnits,
                    coinReceivedUnits: coinReceivedUnits, address: address)
    }
}

extension SaleCursor {
    /// The cursor after the row opened at `openedAtMillis` with `id`.
    public static func restored(openedAtMillis: Int64, id: String) -> SaleCursor {
        SaleCursor(openedAtMillis: openedAtMillis, id: id)
    }
}

extension SalePage {
    /// A page of rows and the cursor of the next page (nil: the last page).
    public static func restored(rows: [SaleSummary], next: SaleCursor?) -> SalePage { SalePage(rows: rows, next: next) }
}

extension AllocatedAddress {
    /// An address allocation as another engine stored it.
    public static func restored(walletID: String, chain: Int, index: Int, address: String, path: String,
                                reused: Bool) -> AllocatedAddress {
        AllocatedAddress(walletID: walletID, chain: chain, index: index, address: address, path: path, reused: reused)
    }
}

extension OutboxEntry {
    /// An outbox row as another engine stored it.
    public static func restored(id: Int64, saleID: String, kind: String, payloadJSON: String, createdAt: Date,
                                attempts: Int, nextAttemptAt: Date, deliveredAt: Date?, lastError: String?) -> OutboxEntry {
        OutboxEntry(id: id, saleID: saleID, kind: kind, payloadJSON: payloadJSON, createdAt: createdAt,
                    attempts: attempts, nextAttemptAt: nextAttemptAt, deliveredAt: deliveredAt, lastError: lastError)
    }
}

/// One SQL group of totals (always per asset and currency) before folding into the requested grouping.
public struct TotalsGroup: Sendable {
    public let asset: String
    public let currency: String
    public let day: String?
    public let cashier: String?
    public let count: Int
    public let fiat: Int64
    public let due: BigUInt
    public let received: BigUInt

    public init(asset: String, currency: String, day: String?, cashier: String?, count: Int, fiat: Int64,
                due: BigUInt, received: BigUInt) {
        self.asset = asset; self.currency = currency; self.day = day; self.cashier = cashier
        self.count = count; self.fiat = fiat; self.due = due; self.received = received
    }
}

extension SaleTotals {
    /// Folds per-asset groups into `grouping` and sorts them exactly as the SQLite store does.
    public static func folded(_ groups: [TotalsGroup], grouping: Set<TotalsGrouping>) -> [SaleTotals] {
        TillDatabase.fold(groups.map {
            TillDatabase.TotalsRow(asset: $0.asset, currency: $0.currency, day: $0.day, cashier: $0.cashier,
                                   count: $0.count, fiat: $0.fiat, due: $0.due, received: $0.received)
        }, grouping: grouping)
    }
}

extension AuditEntry {
    /// An audit entry as another engine stored it.
    public static func restored(id: Int64, at: Date, actor: String, action: String, details: String, prevHash: String,
                                hash: String) -> AuditEntry {
        AuditEntry(id: id, at: at, actor: actor, action: action, details: details, prevHash: prevHash, hash: hash)
    }
}
