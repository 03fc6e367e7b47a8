import Foundation
import TillCore
import TillManager
import TillStore
import TillUI

/// Performs the manager screen's effects on the store (through TillManager) and answers with events.
/// Queries run on the caller's thread (they are indexed, well under 100 ms); long work posts to the inbox.
public final class ManagerService: @unchecked Sendable {
    public let store: any LedgerStore
    public let access: ManagerAccess
    public let accounts: Accounts
    let inbox: Inbox
    let log: FileLog
    let timeZone: TimeZone
    let currency: FiatCurrency
    let assets: [Asset]
    /// Where exports and Z reports are written.
    let dataDirectory: URL
    /// The hooks of the runner (set by the launcher): a manager action's webhook deliveries are written in its
    /// transaction, and the runner's observers run its commands; the Webhooks tab lists its endpoints.
    public var hooks: HookService?
    /// The receipt printers (set by the launcher) that print Z reports; nil or empty: no printing.
    public var printers: ReceiptPrinters?

    public init(store: any LedgerStore, access: ManagerAccess, accounts: Accounts, inbox: Inbox, log: FileLog,
                timeZone: TimeZone, currency: FiatCurrency, assets: [Asset], dataDirectory: URL) {
        self.store = store
        self.access = access
        self.accounts = accounts
        self.inbox = inbox
        self.log = log
        self.timeZone = timeZone
        self.currency = currency
        self.assets = assets
        self.dataDirectory = dataDirectory
    }

    /// Performs one effect; returns the events to feed back to the model at once.
    public func perform(_ effect: ManagerEffect) -> [TillEvent] {
        switch effect {
        case .sales(let effect): return performSales(effect).map { .manager(.sales($0)) }
        case .exceptions(let effect): return performExceptions(effect)
        case .report(let effect): return performReport(effect).map { .manager(.report($0)) }
        case .deliveries(let effect): return performDeliveries(effect).map { .manager(.deliveries($0)) }
        case .closed:
            access.visit = nil
            return []
        }
    }

    /// An approval for `permission` from the open visit's manager session, or a typed error for the screen.
    func approval(for permission: Permission, at date: Date) throws -> ManagerApproval {
        guard let visit = access.visit else { throw ManagerError.notAllowed(user: access.session?.user ?? "nobody", permission: permission) }
        return try accounts.authorize(visit, for: permission, at: date)
    }
}
