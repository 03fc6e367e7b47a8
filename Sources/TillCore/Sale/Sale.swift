import Foundation

/// One recorded change of status, kept forever for the manager.
public struct SaleTransition: Hashable, Sendable, Codable {
    public let from: SaleStatus
    public let to: SaleStatus
    public let at: Date
    public let reason: String

    public init(from: SaleStatus, to: SaleStatus, at: Date, reason: String) {
        self.from = from
        self.to = to
        self.at = at
        self.reason = reason
    }
}

/// A sale from the first item to its final state: the pure state machine at the heart of Till.
/// Feed it events with `handle(_:)`; it returns effects for the runner and never does I/O itself.
public struct Sale: Hashable, Sendable, Codable {
    public let id: String
    public let cashier: String
    public let openedAt: Date
    public internal(set) var cart: Cart
    public internal(set) var status: SaleStatus = .building
    public internal(set) var flags: Set<SaleFlag> = []
    /// The coin chosen at checkout and its acceptance rules.
    public internal(set) var asset: Asset?
    public internal(set) var policy: PaymentPolicy?
    /// Every quote made for this sale, oldest first; the last one is the one shown.
    public internal(set) var quotes: [Quote] = []
    /// Every payment ever seen for this sale; vanished ones stay, marked.
    public internal(set) var payments: [Payment] = []
    public internal(set) var history: [SaleTransition] = []
    /// True once stock was taken for this sale (so a reorg gives it back exactly once).
    public internal(set) var stockTaken = false
    /// Reason given by the manager on accept or void, or for a failed quote.
    public internal(set) var note: String?
    /// True while the sale's addresses are watched on chain (from the first quote to the end of the late window).
    public internal(set) var watching = false
    /// Deposits in another asset than the sale's (see `wrongAssetDeposits`); optional so sales saved before it
    /// existed still decode.
    var otherAssetDeposits: [Payment]?

    public init(id: String, cashier: String, openedAt: Date, cart: Cart) {
        self.id = id
        self.cashier = cashier
        self.openedAt = openedAt
        self.cart = cart
    }

    /// The quote currently shown to the customer.
    public var currentQuote: Quote? { quotes.last }
}
