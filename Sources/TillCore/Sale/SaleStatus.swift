/// Where a sale is in its life. Exceptions worth the manager's attention are `SaleFlag`s.
public enum SaleStatus: String, Hashable, Sendable, Codable, CaseIterable {
    /// The cashier is building the cart.
    case building
    /// A quote is shown; nothing received yet.
    case awaitingPayment
    /// Received less than due (after tolerance); the rest is asked for with a new quote.
    case underpaid
    /// Enough was seen, not yet confirmed enough (`confirming` with 0 confirmations is "payment seen").
    case confirming
    /// Final: confirmed value ≥ due with confirmations ≥ required. Goods can go.
    case paid
    /// The quote ran out with nothing (or too little) received; still watched for the late window.
    case expired
    /// The cashier cancelled before anything was received.
    case cancelled
    /// A manager voided the sale (any funds are refunded outside the till).
    case voided

    /// No further chain events can change the sale, except a reorg or double spend out of `paid`.
    public var isClosed: Bool { self == .paid || self == .cancelled || self == .voided }
}

/// Exceptions that stay on a sale for the manager, whatever its status.
public enum SaleFlag: String, Hashable, Sendable, Codable, CaseIterable, Comparable {
    case underpaid
    case overpaid
    case paidLate
    case reorged
    case doubleSpent
    case expiredWithFunds
    case acceptedByManager
    /// Another asset than the sale's reached its address (ETH on a USDC sale): recorded, never counted; the manager
    /// refunds it outside the till.
    case wrongAsset

    public static func < (lhs: SaleFlag, rhs: SaleFlag) -> Bool { lhs.rawValue < rhs.rawValue }
}
