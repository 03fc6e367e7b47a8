import BigInt
import Foundation

extension Sale {
    /// Records a new or updated payment; a payment once seen is never dropped.
    mutating func observe(_ observation: PaymentObservation, at: Date) -> [SaleEffect] {
        guard status != .building, let asset else { return Sale.rejected("no quote has been shown for this sale") }
        guard observation.amount.asset == asset else { return Sale.rejected("a \(observation.amount.asset.id) payment to a \(asset.id) sale") }
        guard quotes.contains(where: { $0.address == observation.address }) else {
            return Sale.rejected("\(observation.address) is not an address of this sale")
        }
        var effects: [SaleEffect] = []
        var reorgedOut = false
        if let index = payments.firstIndex(where: { $0.ref == observation.ref }) {
            var payment = payments[index]
            let wasInBlock = payment.state == .confirmed
            // Only leaving its block (to the mempool or another block) reorganises a payment. Blocks above it being
            // replaced by a shorter chain lower its depth for a while, but its block, and so the payment, stays.
            let leftBlock = wasInBlock && (observation.confirmations == 0 || observation.blockHash != payment.blockHash)
            let lostDepthOnly = wasInBlock && !leftBlock && observation.confirmations < payment.confirmations
            // A final sale is not un-paid by a shallower chain over its unchanged block (no stock, hook or notice),
            // and keeps the depth it was paid at: a later evaluation must not take it out of paid either.
            if lostDepthOnly && status == .paid { return [] }
            if leftBlock { payment.wasReorged = true; reorgedOut = true }
            payment.state = observation.confirmations > 0 ? .confirmed : .unconfirmed
            payment.confirmations = observation.confirmations
            payment.blockHeight = observation.blockHeight
            payment.blockHash = observation.blockHash
            payments[index] = payment
            if reorgedOut {
                flags.insert(.reorged)
                effects.append(.notify(.reorged(observation.ref)))
            }
        } else {
            let late = isLate(at: at)
            payments.append(Payment(ref: observation.ref, address: observation.address, amount: observation.amount,
                                    replaceable: observation.replaceable, firstSeen: at, late: late,
                                    state: observation.confirmations > 0 ? .confirmed : .unconfirmed,
                                    confirmations: observation.confirmations, blockHeight: observation.blockHeight,
                                    blockHash: observation.blockHash))
            if late { flags.insert(.paidLate) }
            effects.append(.notify(.paymentSeen(observation.ref)))
        }
        return effects + evaluate(at: at, cause: reorgedOut ? "payment left its block" : "payment \(observation.ref)")
    }

    /// A payment's block left the best chain: it counts again only once re-confirmed.
    mutating func reorg(_ ref: PaymentRef, at: Date) -> [SaleEffect] {
        guard let index = payments.firstIndex(where: { $0.ref == ref }) else { return Sale.rejected("unknown payment \(ref)") }
        guard payments[index].state == .confirmed else { return Sale.rejected("payment \(ref) was not in a block") }
        payments[index].state = .unconfirmed
        payments[index].confirmations = 0
        payments[index].blockHeight = nil
        payments[index].blockHash = nil
        payments[index].wasReorged = true
        flags.insert(.reorged)
        return [.notify(.reorged(ref))] + evaluate(at: at, cause: "reorg took \(ref) out of its block")
    }

    /// A payment vanished (double-spent, replaced, evicted): it no longer counts, but stays on record.
    mutating func vanish(_ ref: PaymentRef, at: Date) -> [SaleEffect] {
        guard let index = payments.firstIndex(where: { $0.ref == ref }) else { return Sale.rejected("unknown payment \(ref)") }
        guard payments[index].state != .vanished else { return [] }
        payments[index].state = .vanished
        payments[index].confirmations = 0
        flags.insert(.doubleSpent)
        return [.notify(.doubleSpent(ref))] + evaluate(at: at, cause: "payment \(ref) vanished")
    }

    /// A payment is late when it arrives after the quote that was shown expired (or after the sale ended).
    private func isLate(at: Date) -> Bool {
        if status == .expired || status == .cancelled || status == .voided { return true }
        guard let quote = currentQuote else { return false }
        return at >= quote.expiresAt && status == .awaitingPayment
    }

    /// The shortfall accepted as paid: `due × bp / 10000`, rounded down (never in the customer's favour).
    func tolerance(of due: CoinAmount) -> BigUInt {
        guard let policy, policy.underpaymentToleranceBasisPoints > 0 else { return 0 }
        return due.units * BigUInt(policy.underpaymentToleranceBasisPoints) / 10_000
    }

    /// Zero-confirmation acceptance: a small sale, no payment signalling replace-by-fee.
    var zeroConfirmationAllowed: Bool {
        guard let limit = policy?.zeroConfLimit, let quote = quotes.first, quote.fiat.currency == limit.currency else { return false }
        return quote.fiat <= limit && !payments.contains { $0.counts && $0.replaceable }
    }

    /// Whether the payments now make the sale final under its policy.
    var paymentIsFinal: Bool {
        guard let due = totalDue, let policy else { return false }
        let confirmed = receivedConfirmed(atLeast: policy.requiredConfirmations)?.units ?? 0
        if confirmed + tolerance(of: due) >= due.units { return true }
        let received = self.received?.units ?? 0
        return zeroConfirmationAllowed && received + tolerance(of: due) >= due.units
    }

    /// Derives the status from the payments after a chain event, with the effects of the change.
    mutating func evaluate(at: Date, cause: String) -> [SaleEffect] {
        guard let due = totalDue, let received, let policy else { return [] }
        // Closed by people: payments are recorded and flagged, the status stays as the people left it.
        if status == .cancelled || status == .voided { return [] }
        // A manager's acceptance holds while anything at all still counts; only losing every payment undoes it.
        if status == .paid && flags.contains(.acceptedByManager) && received.units > 0 { return [] }
        let before = status
        var effects: [SaleEffect] = []
        let enough = received.units + tolerance(of: due) >= due.units
        let expired = before == .expired || (currentQuote.map { at >= $0.expiresAt } ?? false)
        if received.units == 0 {
            move(to: expired ? .expired : .awaitingPayment, at: at, reason: cause)
        } else if !enough {
            if expired {
                flags.insert(.expiredWithFunds)
                move(to: .expired, at: at, reason: cause)
            } else {
                flags.insert(.underpaid)
                move(to: .underpaid, at: at, reason: cause)
                let stillDue = due.saturatingMinus(received)
                if currentQuote?.amount != stillDue {
                    effects.append(.notify(.underpaid(stillDue: stillDue)))
                    effects.append(.requestQuote(asset: due.asset, amount: quotes[0].fiat, remainder: stillDue,
                                                 reuseAddress: currentQuote?.address))
                }
            }
        } else if paymentIsFinal {
            flags.remove(.underpaid)
            flags.remove(.expiredWithFunds)
            if received.units > due.units { flags.insert(.overpaid) }
            move(to: .paid, at: at, reason: cause)
        } else {
            flags.remove(.underpaid)
            flags.remove(.expiredWithFunds)
            move(to: .confirming, at: at, reason: cause)
            effects.append(.notify(.confirmations(confirmations, of: policy.requiredConfirmations)))
        }
        return effects + statusChangeEffects(from: before, due: due, received: received)
    }

    /// Stock and notices that follow entering or leaving `paid`.
    mutating func statusChangeEffects(from before: SaleStatus, due: CoinAmount, received: CoinAmount) -> [SaleEffect] {
        var effects: [SaleEffect] = []
        if status == .paid && before != .paid {
            effects.append(.notify(.paid))
            if received.units > due.units { effects.append(.notify(.overpaid(by: received.saturatingMinus(due)))) }
            if flags.contains(.paidLate) { effects.append(.notify(.paidLate)) }
            // A late payment (the cashier had moved on; the goods may never have left) moves no stock until a
            // manager accepts the sale.
            if !stockTaken && (!flags.contains(.paidLate) || flags.contains(.acceptedByManager)) {
                stockTaken = true
                effects.append(.adjustStock(cart.lines.map { StockChange(productID: $0.product.id, delta: -$0.quantity) }))
            }
        } else if before == .paid && status != .paid && stockTaken {
            stockTaken = false
            effects.append(.adjustStock(cart.lines.map { StockChange(productID: $0.product.id, delta: $0.quantity) }))
        }
        if status == .expired && before != .expired { effects.append(.notify(.expired)) }
        return effects
    }
}
