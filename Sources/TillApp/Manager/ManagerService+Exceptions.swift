import Foundation
import TillCore
import TillManager
import TillStore
import TillUI

extension ManagerService {
    /// How many exceptions one page holds (newest first); moving past the last row loads the next page.
    static let exceptionPageSize = 200

    /// Performs the exceptions tab's effects. An action answers with the changed sale for the runner first
    /// (`saleChangedByManager`), then its result for the tab (which then reloads the queue).
    func performExceptions(_ effect: ExceptionsTabEffect, at now: Date = Date()) -> [TillEvent] {
        switch effect {
        case .refresh(let includeResolved):
            do {
                let page = try ExceptionQueue(store: store).page(includeResolved: includeResolved, limit: Self.exceptionPageSize)
                return [.manager(.exceptions(.loaded(page.items.map(exceptionRow), more: page.next != nil)))]
            } catch {
                return [failedException("could not load the exceptions", error)]
            }
        case .loadMore(let includeResolved, let after):
            do {
                let cursor = SaleCursor(resumingAfter: after.openedAtMillis, id: after.id)
                let page = try ExceptionQueue(store: store).page(includeResolved: includeResolved, after: cursor,
                                                                 limit: Self.exceptionPageSize)
                return [.manager(.exceptions(.appended(page.items.map(exceptionRow), more: page.next != nil)))]
            } catch {
                return [failedException("could not load more exceptions", error)]
            }
        case .accept(let saleID, let reason):
            return act(.acceptAsPaid, saleID: saleID, at: now) { actions, approval in
                let sale = try actions.acceptAsPaid(saleID: saleID, reason: reason, approval: approval, at: now)
                return "\(saleID) accepted as paid by \(approval.manager) (\(sale.received?.formatted ?? "nothing") received)"
            }
        case .void(let saleID, let reason):
            return act(.voidSale, saleID: saleID, at: now) { actions, approval in
                try actions.void(saleID: saleID, reason: reason, approval: approval, at: now)
                return "\(saleID) voided by \(approval.manager)"
            }
        case .refund(let saleID, let txid, let amount):
            return act(.recordRefund, saleID: saleID, at: now) { actions, approval in
                let record = try actions.recordRefund(saleID: saleID, txid: txid, amount: amount, approval: approval, at: now)
                return "refund of \(amount.formatted) for \(saleID) recorded (txid \(record.txid))"
            }
        }
    }

    /// Runs one sale action with a fresh approval on a store that writes its webhook deliveries in the action's
    /// transaction; returns the changes for the runner and the result (or the typed error's message) for the tab.
    private func act(_ permission: Permission, saleID: String, at now: Date,
                     _ body: (SaleActions, ManagerApproval) throws -> String) -> [TillEvent] {
        let actionStore = ManagerActionStore(database: store, hooks: hooks)
        do {
            let approval = try approval(for: permission, at: now)
            let message = try body(SaleActions(store: actionStore), approval)
            log.info("manager: \(message)")
            return actionStore.changes.map { .saleChangedByManager($0.sale, effects: $0.effects) }
                + [.manager(.exceptions(.acted(message)))]
        } catch {
            // A change saved before a later step failed (the audit entry) still reaches the runner.
            return actionStore.changes.map { .saleChangedByManager($0.sale, effects: $0.effects) }
                + [failedException("\(saleID)", error)]
        }
    }

    private func failedException(_ what: String, _ error: any Error) -> TillEvent {
        let text = ErrorText.message(error)
        log.error("manager: \(what): \(text)")
        return .manager(.exceptions(.failed(text)))
    }

    /// A queue item as the tab shows it (coin amounts with the configured coin's decimals).
    func exceptionRow(_ item: ExceptionItem) -> ExceptionRow {
        let sale = item.sale
        let asset = sale.assetID.flatMap { id in assets.first { $0.id == id } }
        return ExceptionRow(
            saleID: sale.id, cashier: sale.cashier, openedAt: sale.openedAt, status: sale.status, reasons: item.reasons,
            fiatTotal: sale.fiatTotal, asset: asset,
            due: asset.flatMap { asset in sale.coinDueUnits.map { CoinAmount(units: $0, asset: asset) } },
            received: asset.flatMap { asset in sale.coinReceivedUnits.map { CoinAmount(units: $0, asset: asset) } },
            refunded: item.refunded, resolved: item.resolved,
            actions: item.actions.map { action in
                switch action {
                case .acceptAsPaid: .acceptAsPaid
                case .recordRefund: .recordRefund
                case .void: .void
                }
            })
    }
}
