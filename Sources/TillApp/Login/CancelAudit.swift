import Foundation
import TillCore
import TillManager

/// Audits every sale cancelled from the till's keys (`sale.cancel`): by its own cashier, who needs no PIN, or after
/// a manager's override (the override itself is audited by `Accounts`). The actor is the logged-in user.
final class CancelAudit: SaleObserver {
    private let audit: AuditLog
    private let access: ManagerAccess
    private let log: FileLog

    init(audit: AuditLog, access: ManagerAccess, log: FileLog) {
        self.audit = audit
        self.access = access
        self.log = log
    }

    func saleSaved(_ sale: Sale, effects: [SaleEffect]) {
        guard effects.contains(.notify(.cancelled)) else { return }
        let actor = access.session?.user ?? sale.cashier
        let at = sale.history.last?.at ?? Date()
        do {
            try audit.append(.saleCancelled, actor: actor,
                             details: "sale=\(sale.id) cashier=\(sale.cashier) own=\(actor == sale.cashier)", at: at)
        } catch {
            log.error("audit: could not record the cancel of \(sale.id): \(error)")
        }
    }
}
