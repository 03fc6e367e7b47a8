import BigInt
import Foundation
import TillCore
import TillStore

/// The manager's actions on a sale: each one checks its approval, drives the sale's state machine, saves the
/// sale with its effects in one transaction, and writes an audit entry.
public struct SaleActions: Sendable {
    public let store: any ManagerBackend
    public let audit: AuditLog

    public init(store: any ManagerBackend) {
        self.store = store
        self.audit = AuditLog(store: store)
    }

    /// Accepts an exception as paid (`Sale.handle(.managerAccept)`): underpaid, confirming, or expired with funds.
    @discardableResult
    public func acceptAsPaid(saleID: String, reason: String, approval: ManagerApproval, at: Date) throws -> Sale {
        try require(approval, .acceptAsPaid)
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ManagerError.reasonRequired }
        let sale = try drive(saleID, .managerAccept(reason: reason, at: at), reason: reason, at: at)
        try audit.append(.saleAccepted, actor: approval.manager,
                         details: details(saleID, approval, ["reason": reason, "received": received(sale)]), at: at)
        return sale
    }

    /// Voids a sale that will not complete (`Sale.handle(.managerVoid)`); any funds go back through `recordRefund`.
    @discardableResult
    public func void(saleID: String, reason: String, approval: ManagerApproval, at: Date) throws -> Sale {
        try require(approval, .voidSale)
        guard !reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else { throw ManagerError.reasonRequired }
        let sale = try drive(saleID, .managerVoid(reason: reason, at: at), reason: reason, at: at)
        try audit.append(.saleVoided, actor: approval.manager, details: details(saleID, approval, ["reason": reason]),
                         at: at)
        return sale
    }

    /// Cancels a pending sale: its own cashier needs nothing more; anyone else needs a `.cancelAnySale` approval.
    @discardableResult
    public func cancel(saleID: String, session: LoginSession, approval: ManagerApproval?, at: Date) throws -> Sale {
        guard let current = try store.sale(id: saleID) else { throw ManagerError.saleNotFound(saleID) }
        if current.cashier != session.user && session.role != .manager {
            guard let approval else { throw ManagerError.notAllowed(user: session.user, permission: .cancelAnySale) }
            try require(approval, .cancelAnySale)
        }
        let sale = try drive(saleID, .cancel(at: at), reason: "cancelled by \(session.user)", at: at)
        try audit.append(.saleCancelled, actor: approval?.manager ?? session.user,
                         details: "sale=\(saleID) cashier=\(current.cashier) by=\(session.user)", at: at)
        return sale
    }

    /// Records a refund the merchant sent from their own wallet: `amount` in the sale's coin, at most what was
    /// received less earlier refunds.
    @discardableResult
    public func recordRefund(saleID: String, txid: String, amount: CoinAmount, note: String = "",
                             approval: ManagerApproval, at: Date) throws -> RefundRecord {
        try require(approval, .recordRefund)
        guard let sale = try store.sale(id: saleID) else { throw ManagerError.saleNotFound(saleID) }
        let trimmed = txid.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains(where: \.isWhitespace) else {
            throw ManagerError.invalidRefund("the transaction id is empty or has spaces")
        }
        guard let asset = sale.asset, amount.asset == asset else {
            throw ManagerError.invalidRefund("sale \(saleID) was not paid in \(amount.asset.id)")
        }
        guard amount.units > 0 else { throw ManagerError.invalidRefund("the amount must be above zero") }
        let received = sale.payments.reduce(BigUInt(0)) { $0 + $1.amount.units }
        let earlier = try store.refunds(saleID: saleID).reduce(BigUInt(0)) { $0 + $1.amountUnits }
        guard earlier + amount.units <= received else {
            let left = CoinAmount(units: received > earlier ? received - earlier : 0, asset: asset)
            throw ManagerError.invalidRefund("\(amount.formatted) is more than the \(left.formatted) left to refund")
        }
        let record = try store.recordRefund(saleID: saleID, assetID: asset.id, txid: trimmed, amountUnits: amount.units,
                                            at: at, by: approval.manager, note: note)
        try audit.append(.refundRecorded, actor: approval.manager, details: details(saleID, approval, [
            "txid": trimmed, "amount": amount.formatted, "note": note,
        ]), at: at)
        return record
    }

    // MARK: -

    private func require(_ approval: ManagerApproval, _ permission: Permission) throws {
        guard approval.permission == permission else {
            throw ManagerError.notAllowed(user: approval.requestedBy, permission: permission)
        }
    }

    private func drive(_ saleID: String, _ event: SaleEvent, reason: String, at: Date) throws -> Sale {
        guard var sale = try store.sale(id: saleID) else { throw ManagerError.saleNotFound(saleID) }
        let effects = sale.handle(event)
        for case .notify(.rejected(let why)) in effects { throw ManagerError.refused(saleID: saleID, reason: why) }
        try store.save(sale, effects: effects, reason: reason, at: at)
        return sale
    }

    private func received(_ sale: Sale) -> String { sale.received?.formatted ?? "none" }

    /// "sale=… approvedBy=… override=… key=value …" in a fixed key order.
    private func details(_ saleID: String, _ approval: ManagerApproval, _ extra: [String: String]) -> String {
        var parts = ["sale=\(saleID)"]
        if approval.isOverride { parts.append("override-for=\(approval.requestedBy)") }
        for key in extra.keys.sorted() { parts.append("\(key)=\(extra[key] ?? "")") }
        return parts.joined(separator: " ")
    }
}
