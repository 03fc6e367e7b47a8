import Foundation
import TillManager
import TillUI

/// Checks PINs, creates the first manager and opens manager visits, through `Accounts` (PBKDF2, lockout, audit).
public final class LoginService: @unchecked Sendable {
    public let accounts: Accounts
    public let access: ManagerAccess
    let log: FileLog

    public init(accounts: Accounts, access: ManagerAccess, log: FileLog) {
        self.accounts = accounts
        self.access = access
        self.log = log
    }

    /// Performs one effect; returns the events to feed back to the model at once.
    public func perform(_ effect: LoginEffect) -> [TillEvent] {
        switch effect {
        case .logout:
            access.session = nil
            access.visit = nil
            return []
        }
    }
}
