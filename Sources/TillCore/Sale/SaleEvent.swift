import Foundation

/// Everything that can happen to a sale. Time arrives as data, so the core has no clock.
public enum SaleEvent: Hashable, Sendable {
    // The cart (only while building).
    case addProduct(Product, quantity: Int)
    case setQuantity(line: Int, quantity: Int)
    case removeLine(Int)
    /// The cashier picked a coin: ask the runner for a quote.
    case checkout(Asset, policy: PaymentPolicy, at: Date)
    /// The runner allocated an address, fetched a rate and built the URI.
    case quoteReady(Quote)
    /// The runner could not make a quote (no rate, backend offline): back to the cart with a reason.
    case quoteFailed(reason: String)
    /// A chain backend saw a payment to one of this sale's addresses (new or updated).
    case observed(PaymentObservation, at: Date)
    /// A payment that had been in a block is no longer in the best chain.
    case reorged(PaymentRef, at: Date)
    /// A payment vanished: double-spent, replaced (RBF) or evicted.
    case vanished(PaymentRef, at: Date)
    /// Another asset than the sale's reached one of its addresses (ETH on a USDC sale, another token): recorded and
    /// flagged for the manager, never counted toward what was received.
    case wrongAsset(PaymentObservation, at: Date)
    /// The clock moved on (expiry, late window).
    case tick(Date)
    /// The cashier cancels (allowed only while nothing has been received).
    case cancel(at: Date)
    /// A manager accepts an exception sale as paid, with a reason.
    case managerAccept(reason: String, at: Date)
    /// A manager voids the sale, with a reason.
    case managerVoid(reason: String, at: Date)
}
