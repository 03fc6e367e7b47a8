import Foundation
import TillCore

/// The counter never waits: a sale whose payment was seen confirms in the background while the cashier serves the
/// next customer; its events come back as notices naming it, and `i` opens it again.
extension TillModel {
    /// True while `sale` belongs in the strip: a customer paid (or is paying) and it is not settled yet.
    static func belongsInFlight(_ sale: Sale) -> Bool {
        switch sale.status {
        case .awaitingPayment, .underpaid, .confirming: return true
        case .expired: return sale.payments.contains(where: \.counts)
        case .building, .paid, .cancelled, .voided: return false
        }
    }

    /// `n` on the payment screen once the whole amount was seen: the sale goes on in the background.
    mutating func handOff() -> [TillEffect] {
        guard let current = sale, current.canHandOff else { return [] }
        let effects = startNewSale(keepCart: false)
        notice = Notice("\(current.id) confirms in the background (\(current.confirmations)/\(current.policy?.requiredConfirmations ?? 0)): next sale",
                        .info)
        return effects
    }

    /// Keeps the strip in step with a sale that left the screen (or was restored off screen).
    mutating func trackInFlight(_ changed: Sale) {
        inFlight.removeAll { $0.id == changed.id }
        guard Self.belongsInFlight(changed), sale?.id != changed.id else { return }
        let index = inFlight.firstIndex { $0.openedAt < changed.openedAt || ($0.openedAt == changed.openedAt && $0.id < changed.id) }
        inFlight.insert(changed, at: index ?? inFlight.endIndex)
    }

    /// A background sale changed: update the strip, tell the cashier, and write the receipt when it became PAID.
    mutating func handleBackground(_ changed: Sale, _ effects: [SaleEffect]) -> [TillEffect] {
        let wasShown = inFlight.contains { $0.id == changed.id }
        trackInFlight(changed)
        var result: [TillEffect] = []
        for case .notify(let saleNotice) in effects {
            guard let text = Self.backgroundWords(saleNotice, changed) else { continue }
            notice = text
            if case .paid = saleNotice, wasShown || changed.cashier == cashier { result.append(.writeReceipt(changed)) }
        }
        return result
    }

    /// What a background sale's event says on the notice line, naming the sale; nil for the quiet ones.
    static func backgroundWords(_ saleNotice: SaleNotice, _ sale: Sale) -> Notice? {
        let id = sale.id
        switch saleNotice {
        case .paid: return Notice("\(id) PAID ✓ — the goods can go; writing the receipt", .success)
        case .reorged: return Notice("\(id): a block was replaced — confirming again, do not hand over more", .error)
        case .doubleSpent: return Notice("\(id): the payment VANISHED (double spend) — i opens it, m asks a manager", .error)
        case .paidLate: return Notice("\(id) paid after the quote expired: flagged for the manager", .warning)
        case .underpaid(let due): return Notice("\(id) underpaid: \(SaleMoney.coinAndFiat(due, sale)) still due", .warning)
        case .overpaid(let by): return Notice("\(id) overpaid by \(SaleMoney.coinAndFiat(by, sale)): manager informed", .warning)
        case .expired: return sale.payments.contains(where: \.counts) ? Notice("\(id) expired with funds: flagged for the manager", .warning) : nil
        case .voided: return Notice("\(id) voided by a manager", .info)
        case .acceptedByManager: return Notice("\(id) accepted as paid by a manager", .success)
        case .wrongAsset(let amount): return Notice("\(id): " + Sale.wrongAssetLine(amount, saleAsset: sale.asset), .warning)
        case .quoted, .paymentSeen, .confirmations, .cancelled, .rejected: return nil
        }
    }

    /// `i`: opens the newest sale in flight; on the payment screen of one, the next older one (the shown one goes back).
    mutating func openInFlight() -> [TillEffect] {
        guard !inFlight.isEmpty else { notice = Notice("no sales in flight", .info); return [] }
        var effects: [TillEffect] = []
        var next = inFlight[0]
        if let current = sale {
            if current.status == .building && !current.cart.isEmpty {
                notice = Notice("finish or empty this cart first (x removes lines)", .warning)
                return []
            }
            if current.status == .building {
                effects += applyToSale(.cancel(at: now))
            } else if let position = inFlight.firstIndex(where: { $0.openedAt < current.openedAt }) {
                next = inFlight[position]
            }
        }
        let leaving = sale
        sale = next
        inFlight.removeAll { $0.id == next.id }
        if let leaving, Self.belongsInFlight(leaving) { trackInFlight(leaving) }
        screen = TillModel.screen(for: next)
        fullScreenQR = false
        searching = nil
        notice = Notice("opened \(next.id) again: n goes back to the next sale", .info)
        return effects
    }
}

/// Amounts shown in coin and fiat at the sale's locked rate (coin → fiat rounds down, as everywhere).
enum SaleMoney {
    static func coinAndFiat(_ amount: CoinAmount, _ sale: Sale) -> String {
        guard let rate = sale.quotes.first?.rate, rate.asset == amount.asset else { return amount.formatted }
        return "\(amount.formatted) (\(rate.fiatValue(of: amount).formatted))"
    }
}
