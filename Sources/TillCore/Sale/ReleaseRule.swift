/// When the goods can go, per coin: earlier than PAID for shops that take the risk of a small, quick sale.
/// PAID (and the hooks' `paid`) still waits for `requiredConfirmations`.
public enum ReleaseRule: Hashable, Sendable, Codable {
    /// Once the whole amount is seen, under the zero-confirmation rules: no payment signals replace-by-fee, and the
    /// sale is within `zeroConfLimit` when one is set.
    case seen
    /// Once the whole amount has this many confirmations.
    case confirmations(Int)
}

extension Sale {
    /// True when the cashier may hand over the goods: PAID, or the coin's release rule is met and nothing vanished.
    public var goodsCanGo: Bool {
        if status == .paid { return true }
        guard status == .confirming, let rule = policy?.releaseAt, let due = totalDue, let policy else { return false }
        guard !payments.contains(where: { $0.state == .vanished }) else { return false }
        switch rule {
        case .seen:
            let received = self.received?.units ?? 0
            guard received + tolerance(of: due) >= due.units, !payments.contains(where: { $0.counts && $0.replaceable }) else { return false }
            guard let limit = policy.zeroConfLimit else { return true }
            guard let quote = quotes.first, quote.fiat.currency == limit.currency else { return false }
            return quote.fiat <= limit
        case .confirmations(let needed):
            return (receivedConfirmed(atLeast: needed)?.units ?? 0) + tolerance(of: due) >= due.units
        }
    }

    /// Whether enough was seen for the cashier to move on to the next customer (the sale confirms in the background).
    public var canHandOff: Bool {
        guard status == .confirming, let due = totalDue, let received else { return false }
        return received.units + tolerance(of: due) >= due.units
    }
}

extension PaymentPolicy {
    /// "when the payment is seen", "at 1 confirmation", "when PAID (6 confirmations)": for the payment screen.
    public var releaseWords: String {
        switch releaseAt {
        case .seen: return "goods can go once the payment is seen (no RBF)"
        case .confirmations(let count) where count < requiredConfirmations:
            return "goods can go at \(count) confirmation\(count == 1 ? "" : "s")"
        case .confirmations, nil: return "goods can go once final"
        }
    }
}
