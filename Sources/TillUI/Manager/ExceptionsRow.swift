import Foundation
import TillCore

/// What the manager can do with an exception sale (the service maps TillManager's actions to these).
public enum ExceptionRowAction: String, Hashable, Sendable, CaseIterable {
    case acceptAsPaid
    case recordRefund
    case void

    /// The key that starts the action on the exceptions tab.
    public var key: Character {
        switch self {
        case .acceptAsPaid: "a"
        case .recordRefund: "r"
        case .void: "v"
        }
    }

    public var title: String {
        switch self {
        case .acceptAsPaid: "accept as paid"
        case .recordRefund: "record refund"
        case .void: "void"
        }
    }
}

/// One sale of the exceptions queue as the tab shows it.
public struct ExceptionRow: Hashable, Sendable {
    public var saleID: String
    public var cashier: String
    public var openedAt: Date
    public var status: SaleStatus
    /// Why it is in the queue, sorted.
    public var reasons: [SaleFlag]
    public var fiatTotal: FiatAmount
    /// The sale's coin; nil when it never got a quote or the coin is no longer configured.
    public var asset: Asset?
    /// What the first quote asked for, and what counts as received.
    public var due: CoinAmount?
    public var received: CoinAmount?
    public var refunded: Bool
    public var resolved: Bool
    public var actions: [ExceptionRowAction]

    public init(saleID: String, cashier: String, openedAt: Date, status: SaleStatus, reasons: [SaleFlag],
                fiatTotal: FiatAmount, asset: Asset?, due: CoinAmount?, received: CoinAmount?, refunded: Bool,
                resolved: Bool, actions: [ExceptionRowAction]) {
        self.saleID = saleID
        self.cashier = cashier
        self.openedAt = openedAt
        self.status = status
        self.reasons = reasons
        self.fiatTotal = fiatTotal
        self.asset = asset
        self.due = due
        self.received = received
        self.refunded = refunded
        self.resolved = resolved
        self.actions = actions
    }

    /// "underpaid, paidLate" and the marks "refunded"/"resolved".
    public var reasonText: String {
        var parts = reasons.map(\.rawValue)
        if refunded { parts.append("refunded") }
        if resolved && !refunded { parts.append("resolved") }
        return parts.joined(separator: ", ")
    }
}
