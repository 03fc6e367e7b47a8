/// What the runner must do after an event, as plain data. Persisting the sale itself is implicit:
/// the runner writes the new sale state and these effects in one transaction before showing anything.
public enum SaleEffect: Hashable, Sendable {
    /// Allocate an address, lock a rate and build a quote for `amount` (a remainder reuses `address`).
    case requestQuote(asset: Asset, amount: FiatAmount, remainder: CoinAmount?, reuseAddress: String?)
    /// Start watching an address for payments.
    case watch(address: String, asset: Asset)
    /// Stop watching (sale closed, or the late window passed).
    case unwatch(address: String, asset: Asset)
    /// Tell the people (screen, hooks, manager) that something notable happened.
    case notify(SaleNotice)
    /// Stock goes down (paid) or comes back (a paid sale was reorged or double-spent).
    case adjustStock([StockChange])
}

/// A notable moment in a sale, for the screen, the manager and the hooks.
public enum SaleNotice: Hashable, Sendable {
    case quoted
    case paymentSeen(PaymentRef)
    case confirmations(Int, of: Int)
    case paid
    case overpaid(by: CoinAmount)
    case underpaid(stillDue: CoinAmount)
    case expired
    case paidLate
    case reorged(PaymentRef)
    case doubleSpent(PaymentRef)
    /// A deposit in another asset than the sale's: not counted, the manager can refund it.
    case wrongAsset(CoinAmount)
    case cancelled
    case acceptedByManager(reason: String)
    case voided(reason: String)
    /// The event made no sense in this state; the sale is unchanged.
    case rejected(String)
}

/// A change to one product's stock count.
public struct StockChange: Hashable, Sendable, Codable {
    public let productID: String
    public let delta: Int

    public init(productID: String, delta: Int) {
        self.productID = productID
        self.delta = delta
    }
}

extension SaleEffect {
    /// True for `.requestQuote`.
    public var isQuoteRequest: Bool {
        if case .requestQuote = self { return true }
        return false
    }
}
