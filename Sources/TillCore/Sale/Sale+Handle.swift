import Foundation

extension Sale {
    /// Applies one event and returns what the runner must do. Events that make no sense in the current
    /// state leave the sale unchanged and return `.notify(.rejected(reason))`.
    public mutating func handle(_ event: SaleEvent) -> [SaleEffect] {
        switch event {
        case .addProduct(let product, let quantity):
            return editCart { $0.add(product, quantity: quantity) }
        case .setQuantity(let line, let quantity):
            return editCart { $0.setQuantity(quantity, forLine: line) }
        case .removeLine(let line):
            return editCart { $0.removeLine(line) }
        case .checkout(let asset, let policy, _):
            return checkout(asset: asset, policy: policy)
        case .quoteReady(let quote):
            return acceptQuote(quote)
        case .quoteFailed(let reason):
            return quoteFailed(reason)
        case .observed(let observation, let at):
            return observe(observation, at: at)
        case .reorged(let ref, let at):
            return reorg(ref, at: at)
        case .vanished(let ref, let at):
            return vanish(ref, at: at)
        case .wrongAsset(let observation, let at):
            return recordWrongAsset(observation, at: at)
        case .tick(let now):
            return tick(now)
        case .cancel(let at):
            return cancel(at: at)
        case .managerAccept(let reason, let at):
            return managerAccept(reason: reason, at: at)
        case .managerVoid(let reason, let at):
            return managerVoid(reason: reason, at: at)
        }
    }

    /// Moves to `status`, recording the transition; a no-op when already there.
    mutating func move(to newStatus: SaleStatus, at: Date, reason: String) {
        guard newStatus != status else { return }
        history.append(SaleTransition(from: status, to: newStatus, at: at, reason: reason))
        status = newStatus
    }

    static func rejected(_ reason: String) -> [SaleEffect] { [.notify(.rejected(reason))] }

    // MARK: building the cart

    private mutating func editCart(_ change: (inout Cart) -> Void) -> [SaleEffect] {
        switch state {
        case .building:
            change(&cart)
            return []
        case .quotePending:
            return Sale.rejected("a quote is being prepared; wait or go back first")
        case .awaitingPayment, .underpaid, .confirming, .paid, .expired, .cancelled, .voided:
            return Sale.rejected("the cart can only change before checkout")
        }
    }

    private mutating func checkout(asset chosen: Asset, policy chosenPolicy: PaymentPolicy) -> [SaleEffect] {
        switch state {
        case .building, .quotePending:
            guard !cart.isEmpty else { return Sale.rejected("the cart is empty") }
            guard cart.total.minor > 0 else { return Sale.rejected("the total is zero") }
            // The same coin again while its quote is unanswered (a restart lost the request) asks again: the
            // address is allocated once per sale, so the new request gets the same one. Another coin replaces it.
            asset = chosen
            policy = chosenPolicy
            note = nil
            return [.requestQuote(asset: chosen, amount: cart.total, remainder: nil, reuseAddress: nil)]
        case .awaitingPayment, .underpaid, .confirming, .paid, .expired, .cancelled, .voided:
            return Sale.rejected("this sale is already checked out")
        }
    }

    private mutating func acceptQuote(_ quote: Quote) -> [SaleEffect] {
        guard quote.asset == asset else { return Sale.rejected("the quote is for \(quote.asset.id), not the chosen coin") }
        switch state {
        case .quotePending:
            quotes.append(quote)
            watching = true
            move(to: .awaitingPayment, at: quote.createdAt, reason: "quoted \(quote.amount.formatted) at \(quote.rate.source)")
            return [.watch(address: quote.address, asset: quote.asset), .notify(.quoted)]
        case .underpaid:
            // A new quote for the rest: same address and rate, a fresh expiry.
            quotes.append(quote)
            return quote.address == quotes.dropLast().last?.address
                ? [.notify(.quoted)]
                : [.watch(address: quote.address, asset: quote.asset), .notify(.quoted)]
        case .building, .awaitingPayment, .confirming, .paid, .expired, .cancelled, .voided:
            // `.building` has no coin, so the guard above already refused its quote.
            return Sale.rejected("a quote arrived while the sale is \(status.rawValue)")
        }
    }

    private mutating func quoteFailed(_ reason: String) -> [SaleEffect] {
        switch state {
        case .building, .quotePending:
            asset = nil
            policy = nil
            note = reason
            return [.notify(.rejected("no quote: \(reason)"))]
        case .underpaid:
            return [.notify(.rejected("no quote for the rest: \(reason)"))]
        case .awaitingPayment, .confirming, .paid, .expired, .cancelled, .voided:
            return Sale.rejected("a quote failure arrived while the sale is \(status.rawValue)")
        }
    }
}
