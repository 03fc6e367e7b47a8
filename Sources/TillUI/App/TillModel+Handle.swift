import Foundation
import TillCore

extension TillModel {
    /// Applies one event; returns the effects for the runner. Pure: no clock, no I/O.
    public mutating func handle(_ event: TillEvent) -> [TillEffect] {
        switch event {
        case .key(let key):
            return handleKey(key)
        case .tick(let date):
            now = date
            return applyToSale(.tick(date)) + tickManager()
        case .resized(let newSize):
            size = newSize
            return []
        case .saleIDReserved(let id):
            nextSaleID = id
            return useReservedID()
        case .restored(let restored):
            sale = restored
            if screen != .login && screen != .manager { screen = TillModel.screen(for: restored) }
            notice = Notice("restored sale \(restored.id) after a restart", .warning)
            // Killed while its quote was being prepared: the request died with the process, so ask again.
            if restored.state == .quotePending, let asset = restored.asset, let policy = restored.policy {
                return applyToSale(.checkout(asset, policy: policy, at: now))
            }
            return []
        case .sale(let id, let saleEvent):
            guard sale?.id == id else { return [] }
            return applyToSale(saleEvent)
        case .coinBackend(let assetID, let status):
            if let index = coins.firstIndex(where: { $0.asset.id == assetID }) { coins[index].backend = status }
            return []
        case .coinRate(let assetID, let rate, let problem):
            if let index = coins.firstIndex(where: { $0.asset.id == assetID }) {
                if let rate { coins[index].rate = rate }
                coins[index].rateProblem = problem
            }
            return []
        case .receiptWritten(let result):
            switch result {
            case .success(let path):
                receiptStatus = Notice("receipt written to \(path)", .success)
                // A background sale's receipt (written as it became PAID): say so, naming it, wherever the cashier is.
                if screen != .receipt {
                    let id = URL(fileURLWithPath: path).deletingPathExtension().lastPathComponent
                    notice = Notice("\(id) PAID ✓ — the goods can go; receipt written to \(path)", .success)
                }
            case .failure(let failure): receiptStatus = Notice("receipt not written: \(failure.message) — press w to retry", .error)
            }
            return []
        case .login(let event):
            return handleLogin(event)
        case .manager(let event):
            return handleManager(event)
        case .notice(let message):
            notice = message
            return []
        case .stockLevels(let levels):
            browser.applyStock(levels)
            return []
        case .saleChangedByManager(let changed, _):
            if sale?.id == changed.id {
                sale = changed
                // A voided or accepted sale on screen: show its end (no QR), so Enter or n moves on.
                if screen == .catalog || screen == .coinPicker, changed.status.isClosed { screen = .payment }
            } else {
                trackInFlight(changed)
            }
            return []
        case .backgroundSale(let changed, let effects):
            return handleBackground(changed, effects)
        case .storage(let alert):
            if let alert, alert != storageAlert { notice = Notice(alert.message, .error) }
            storageAlert = alert
            return []
        case .adoptedSales(let adopted, _):
            // The runner watches them; the strip shows those still waiting, like the cashier's own hand-offs.
            for sale in adopted { trackInFlight(sale) }
            let ids = adopted.map(\.id).joined(separator: ", ")
            notice = Notice("watching \(adopted.count) sale(s) of a stopped till: \(ids)", .warning)
            return []
        case .releasedSales(let ids):
            inFlight.removeAll { ids.contains($0.id) }
            notice = Notice("\(ids.joined(separator: ", ")) went back to the till that made them", .info)
            return []
        }
    }

    /// The screen a restored sale belongs on.
    static func screen(for sale: Sale) -> Screen {
        switch sale.state {
        case .building: return .catalog
        case .quotePending: return .coinPicker
        case .awaitingPayment, .underpaid, .confirming, .expired: return .payment
        case .paid: return .receipt
        case .cancelled, .voided: return sale.quotes.isEmpty ? .catalog : .payment
        }
    }

    /// Runs a sale event through the state machine; a changed sale is persisted before it is shown.
    mutating func applyToSale(_ event: SaleEvent) -> [TillEffect] {
        guard var current = sale else { return [] }
        let before = current
        let saleEffects = current.handle(event)
        for case .notify(let notice) in saleEffects { show(notice) }
        // An unchanged sale may still ask for its quote again (after a restart lost the first request).
        guard current != before || saleEffects.contains(where: \.isQuoteRequest) else { return [] }
        sale = current
        if case .quoteReady = event {
            notice = nil
            if screen == .coinPicker { screen = .payment }
        }
        // PAID takes the cashier to the payment screen, but never pulls a manager out of the manager screen.
        if current.status == .paid && before.status != .paid && screen != .manager && screen != .login { screen = .payment }
        return [.persist(current, saleEffects)]
    }

    /// Turns a state-machine notice into the status line.
    private mutating func show(_ saleNotice: SaleNotice) {
        // On the payment screen these are in the status lines; the notice line keeps what it said (a background sale's news).
        if screen == .payment, Self.shownByStatusLines(saleNotice) { return }
        switch saleNotice {
        case .rejected(let why): notice = Notice(why, .warning)
        case .paid: notice = Notice("PAID — the goods can go", .success)
        case .underpaid(let due): notice = Notice("underpaid: \(sale.map { SaleMoney.coinAndFiat(due, $0) } ?? due.formatted) still due", .warning)
        case .overpaid(let by): notice = Notice("overpaid by \(sale.map { SaleMoney.coinAndFiat(by, $0) } ?? by.formatted): flagged for the manager", .warning)
        case .expired: notice = Notice("the quote expired", .warning)
        case .paidLate: notice = Notice("paid after the quote expired: flagged for the manager", .warning)
        case .reorged: notice = Notice("a block was replaced: the payment is confirming again", .error)
        case .doubleSpent: notice = Notice("the payment vanished (double spend or replacement)", .error)
        case .wrongAsset(let amount): notice = Notice(Sale.wrongAssetLine(amount, saleAsset: sale?.asset), .warning)
        case .paymentSeen: notice = Notice("payment seen, waiting for confirmations", .info)
        case .cancelled: notice = Notice("sale cancelled", .info)
        case .quoted, .confirmations, .acceptedByManager, .voided: break
        }
    }

    /// Sale moments the payment screen's status lines already show (a notice would say it twice).
    static func shownByStatusLines(_ saleNotice: SaleNotice) -> Bool {
        switch saleNotice {
        case .paid, .underpaid, .overpaid, .expired, .paidLate, .reorged, .doubleSpent, .paymentSeen, .confirmations, .quoted: return true
        case .rejected, .cancelled, .acceptedByManager, .voided, .wrongAsset: return false
        }
    }
}
