/// The sale state machine's own states: the stored `SaleStatus`, with the step that `building` covers split out.
/// A sale whose coin is chosen and whose quote has not come back is `quotePending`: its cart is frozen, Esc abandons
/// the quote, a restart asks again (DECISIONS 25). The ledger stores it as `building` (DECISIONS 56), so the
/// databases, the manager's filters, the exports and the webhooks keep one vocabulary.
public enum SaleState: String, Hashable, Sendable, CaseIterable {
    /// The cashier is building the cart.
    case building
    /// A coin is chosen and its quote is being made (address, rate, URI); nothing is shown to pay yet.
    case quotePending
    case awaitingPayment
    case underpaid
    case confirming
    case paid
    case expired
    case cancelled
    case voided

    /// What the ledger stores for this state.
    public var status: SaleStatus {
        switch self {
        case .building, .quotePending: .building
        case .awaitingPayment: .awaitingPayment
        case .underpaid: .underpaid
        case .confirming: .confirming
        case .paid: .paid
        case .expired: .expired
        case .cancelled: .cancelled
        case .voided: .voided
        }
    }
}

extension Sale {
    /// Where the state machine is: `status` with a pending quote told apart from an open cart.
    public var state: SaleState {
        switch status {
        case .building: asset == nil ? .building : .quotePending
        case .awaitingPayment: .awaitingPayment
        case .underpaid: .underpaid
        case .confirming: .confirming
        case .paid: .paid
        case .expired: .expired
        case .cancelled: .cancelled
        case .voided: .voided
        }
    }
}
