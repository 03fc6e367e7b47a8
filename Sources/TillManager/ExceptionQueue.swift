import BigInt
import Foundation
import TillCore
import TillStore

/// The store the manager works on: sales, refunds and day closes, users and the audit log.
public typealias ManagerBackend = SaleStore & ManagerStore & AccountStore

/// What the manager can do with an exception sale.
public enum ExceptionAction: String, Hashable, Sendable, CaseIterable {
    case acceptAsPaid
    case recordRefund
    case void
}

/// One sale in the exceptions queue.
public struct ExceptionItem: Hashable, Sendable {
    public let sale: SaleSummary
    /// Why it is here (the sale's flags without `acceptedByManager`), sorted.
    public let reasons: [SaleFlag]
    /// The actions that make sense for its status and funds.
    public let actions: [ExceptionAction]
    /// At least one refund was recorded.
    public let refunded: Bool
    /// Nothing is left to do: a manager dealt with it (accepted, refunded, or voided with nothing received), or
    /// a paid sale's only exception is a reorg its payments came through.
    public let resolved: Bool
}

/// A page of the exceptions queue, newest first.
public struct ExceptionPage: Hashable, Sendable {
    public let items: [ExceptionItem]
    /// nil on the last page.
    public let next: SaleCursor?
}

/// The sales that need the manager: underpaid, overpaid, paid late, reorged, double-spent/vanished and
/// expired-with-funds (every sale carrying a flag), newest first.
public struct ExceptionQueue: Sendable {
    public let store: any ManagerBackend

    public init(store: any ManagerBackend) {
        self.store = store
    }

    /// A page of exceptions opened in [from, to) (nil: unbounded), optionally one flag only; resolved ones are
    /// left out unless `includeResolved`.
    public func page(from: Date? = nil, to: Date? = nil, flag: SaleFlag? = nil, includeResolved: Bool = false,
                     after cursor: SaleCursor? = nil, limit: Int = 50) throws -> ExceptionPage {
        let filter = SaleFilter(from: from, to: to, flaggedOnly: true, flag: flag)
        var items: [ExceptionItem] = []
        var next = cursor
        // Resolved sales are dropped after the query, so keep reading pages until this one is full.
        repeat {
            let page = try store.listSales(filter, after: next, limit: limit)
            let refunded = try store.refundedSaleIDs(page.rows.map(\.id))
            for row in page.rows {
                let item = Self.item(row, refunded: refunded.contains(row.id))
                if includeResolved || !item.resolved { items.append(item) }
                if items.count == limit {
                    return ExceptionPage(items: items, next: SaleCursor(after: row))
                }
            }
            next = page.next
        } while next != nil
        return ExceptionPage(items: items, next: nil)
    }

    /// How a listed sale reads in the queue.
    public static func item(_ sale: SaleSummary, refunded: Bool) -> ExceptionItem {
        let received = sale.coinReceivedUnits ?? 0
        var actions: [ExceptionAction] = []
        let accepted = sale.flags.contains(.acceptedByManager)
        // A late-paid sale is PAID on chain but moves no stock until accepted here (DECISIONS: late payments).
        let paidLate = sale.status == .paid && sale.flags.contains(.paidLate)
        if !accepted, received > 0, [.underpaid, .confirming, .expired].contains(sale.status) || paidLate {
            actions.append(.acceptAsPaid)
        }
        if received > 0 { actions.append(.recordRefund) }
        if [.awaitingPayment, .underpaid, .confirming, .expired, .cancelled].contains(sale.status) {
            actions.append(.void)
        }
        let reasons = sale.flags.subtracting([.acceptedByManager]).sorted()
        // A reorg that a paid sale came through (its payments mined again, confirmed enough) leaves nothing to do.
        let healed = sale.status == .paid && reasons == [.reorged]
        let resolved = accepted || refunded || healed || (sale.status == .voided && received == 0)
        return ExceptionItem(sale: sale, reasons: reasons, actions: actions, refunded: refunded, resolved: resolved)
    }
}
