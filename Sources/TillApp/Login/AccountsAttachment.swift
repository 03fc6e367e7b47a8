import Foundation
import TillCore
import TillManager
import TillStore
import TillUI

/// Gives a runner its PIN checks and manager screen on a store: one `ManagerAccess` shared by both services.
enum AccountsAttachment {
    /// Sets `runner.login` and `runner.manager`; returns the login service.
    @discardableResult
    static func attach(to runner: TillRunner, store: any LedgerStore, iterations: Int, inbox: Inbox, log: FileLog,
                       dataDirectory: URL) -> LoginService {
        let access = ManagerAccess()
        let accounts = Accounts(store: store, iterations: iterations)
        let login = LoginService(accounts: accounts, access: access, log: log)
        runner.login = login
        runner.observers.append(CancelAudit(audit: accounts.audit, access: access, log: log))
        runner.manager = ManagerService(store: store, access: access, accounts: accounts, inbox: inbox, log: log,
                                        timeZone: runner.model.timeZone, currency: runner.model.shop.currency,
                                        assets: runner.model.coins.map(\.asset), dataDirectory: dataDirectory)
        return login
    }

    /// Training's scratch database: deleted and created afresh at every start, so nothing carries over.
    static func freshTrainingStore(at url: URL) throws -> TillDatabase {
        for suffix in ["", "-wal", "-shm", "-journal", ".audit-head"] {
            let file = url.path + suffix
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
        }
        return try TillDatabase(path: url.path, scratch: true)
    }

    /// Training logs in by itself as the manager "training", whose random PIN nobody needs to know.
    static func logInTrainingManager(_ accounts: Accounts, at now: Date) throws -> LoginSession {
        var generator = SystemRandomNumberGenerator()
        let pin = String((0..<8).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
        try accounts.addUser(name: "training", role: .manager, pin: pin, approval: nil, at: now)
        return try accounts.login(name: "training", pin: pin, at: now)
    }
}
