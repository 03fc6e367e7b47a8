/// What a till user is: cashiers sell, managers also handle money that did not go to plan.
public enum Role: String, Hashable, Sendable, CaseIterable, Codable {
    case cashier
    case manager
}

/// Everything the till lets a user do that the role decides.
public enum Permission: String, Hashable, Sendable, CaseIterable {
    /// Build carts and take payments.
    case sell
    /// Cancel a sale of one's own that nothing was received for (others' sales need a manager).
    case cancelOwnPendingSale
    /// Cancel another cashier's pending sale.
    case cancelAnySale
    case acceptAsPaid
    case recordRefund
    case voidSale
    case closeDay
    case export
    case changeUsers
    /// The sales list, details and reports.
    case viewSales
    /// Send a webhook delivery again (same webhook-id) from the Webhooks tab.
    case resendWebhook

    /// True when a cashier needs a manager (a session or an override PIN) for this.
    public var needsManager: Bool {
        switch self {
        case .sell, .cancelOwnPendingSale: return false
        case .cancelAnySale, .acceptAsPaid, .recordRefund, .voidSale, .closeDay, .export, .changeUsers, .viewSales, .resendWebhook:
            return true
        }
    }
}

extension Role {
    /// Whether this role may do `permission` on its own.
    public func allows(_ permission: Permission) -> Bool {
        switch self {
        case .manager: return true
        case .cashier: return !permission.needsManager
        }
    }
}
