import Foundation

extension Sale {
    /// The clock moved: quotes expire, and the late window closes the watch.
    mutating func tick(_ now: Date) -> [SaleEffect] {
        var effects: [SaleEffect] = []
        switch state {
        case .awaitingPayment, .underpaid:
            if let quote = currentQuote, now >= quote.expiresAt { effects += evaluate(at: now, cause: "quote expired") }
        case .building, .quotePending, .confirming, .paid, .expired, .cancelled, .voided:
            break
        }
        if watching, lateWindowClosed(at: now) {
            watching = false
            var seen = Set<String>()
            for quote in quotes where seen.insert(quote.address).inserted {
                effects.append(.unwatch(address: quote.address, asset: quote.asset))
            }
        }
        return effects
    }

    /// Watching ends a late window after the last quote expired, for sales nothing more can happen to;
    /// a payment still confirming, or a paid one not yet deep enough, keeps being watched. A paid sale is also
    /// watched for its reorg window after it became paid, so a reorg or double spend still reaches it.
    private func lateWindowClosed(at now: Date) -> Bool {
        guard let quote = currentQuote, let policy else { return false }
        guard now >= quote.expiresAt.addingTimeInterval(TimeInterval(policy.lateWindowSeconds)) else { return false }
        switch status {
        case .expired, .cancelled, .voided: return true
        case .paid:
            guard confirmations >= policy.requiredConfirmations || flags.contains(.acceptedByManager) else { return false }
            return reorgWindowEnd.map { now >= $0 } ?? true
        case .building, .awaitingPayment, .underpaid, .confirming: return false
        }
    }

    /// When a paid sale stops being watched for reorgs: the reorg window after it last became paid.
    public var reorgWindowEnd: Date? {
        guard status == .paid, let policy, let paidAt = history.last(where: { $0.to == .paid })?.at else { return nil }
        return paidAt.addingTimeInterval(TimeInterval(policy.reorgWindowSeconds))
    }

    /// The cashier cancels: only while nothing has been received (a payment that vanished counts as nothing).
    mutating func cancel(at: Date) -> [SaleEffect] {
        switch state {
        case .building, .quotePending, .awaitingPayment:
            // Vanished payments (double-spent, replaced) no longer count; they stay on record, flagged.
            guard !payments.contains(where: \.counts) else { return Sale.rejected("a payment was seen; a manager must void or accept the sale") }
            move(to: .cancelled, at: at, reason: "cancelled by \(cashier)")
            return [.notify(.cancelled)]
        case .underpaid, .confirming, .paid, .expired, .cancelled, .voided:
            return Sale.rejected(payments.isEmpty ? "the sale is \(status.rawValue) and cannot be cancelled"
                                                  : "a payment was seen; a manager must void or accept the sale")
        }
    }

    /// A manager accepts an exception as paid (an underpayment, a late or unconfirmed payment).
    mutating func managerAccept(reason: String, at: Date) -> [SaleEffect] {
        guard !reason.trimmingSpaces.isEmpty else { return Sale.rejected("a reason is required") }
        guard let due = totalDue, let received, received.units > 0 else {
            return Sale.rejected("nothing was received for this sale")
        }
        switch status {
        case .underpaid, .confirming, .expired:
            let before = status
            flags.insert(.acceptedByManager)
            note = reason
            move(to: .paid, at: at, reason: "accepted by manager: \(reason)")
            return [.notify(.acceptedByManager(reason: reason))] + statusChangeEffects(from: before, due: due, received: received)
        case .paid where flags.contains(.paidLate) && !flags.contains(.acceptedByManager):
            // Paid late: the sale is final on chain, but its stock waits for this acceptance (see statusChangeEffects).
            flags.insert(.acceptedByManager)
            note = reason
            return [.notify(.acceptedByManager(reason: reason))] + statusChangeEffects(from: .expired, due: due, received: received)
                .filter { if case .notify = $0 { false } else { true } }
        case .building, .awaitingPayment, .paid, .cancelled, .voided:
            return Sale.rejected("a \(status.rawValue) sale cannot be accepted")
        }
    }

    /// A manager voids a sale that will not complete (funds, if any, are refunded from the wallet).
    mutating func managerVoid(reason: String, at: Date) -> [SaleEffect] {
        guard !reason.trimmingSpaces.isEmpty else { return Sale.rejected("a reason is required") }
        switch status {
        case .awaitingPayment, .underpaid, .confirming, .expired, .cancelled:
            note = reason
            move(to: .voided, at: at, reason: "voided by manager: \(reason)")
            return [.notify(.voided(reason: reason))]
        case .building, .paid, .voided:
            return Sale.rejected("a \(status.rawValue) sale cannot be voided")
        }
    }
}
