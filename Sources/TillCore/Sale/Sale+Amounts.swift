/// Derived amounts: what is due and what arrived, from the quotes and payments.
extension Sale {
    /// The coin amount of the first quote: what the whole sale costs in the chosen coin.
    public var totalDue: CoinAmount? { quotes.first?.amount }

    /// Every payment that still counts (seen and not vanished).
    public var received: CoinAmount? {
        guard let asset else { return nil }
        return payments.filter(\.counts).reduce(.zero(asset)) { $0 + $1.amount }
    }

    /// Payments in blocks with at least `confirmations`.
    public func receivedConfirmed(atLeast confirmations: Int) -> CoinAmount? {
        guard let asset else { return nil }
        return payments.filter { $0.state == .confirmed && $0.confirmations >= confirmations }
            .reduce(.zero(asset)) { $0 + $1.amount }
    }

    /// What the customer still owes (zero once enough arrived).
    public var stillDue: CoinAmount? {
        guard let due = totalDue, let received else { return nil }
        return due.saturatingMinus(received)
    }

    /// The fewest confirmations among the payments that count (what the progress bar shows).
    public var confirmations: Int {
        payments.filter(\.counts).map { $0.state == .confirmed ? $0.confirmations : 0 }.min() ?? 0
    }
}
