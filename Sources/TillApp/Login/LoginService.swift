import Foundation
import TillCore
import TillManager
import TillUI

/// Checks PINs, creates the first manager and opens manager visits, through `Accounts` (PBKDF2, lockout, audit).
/// PBKDF2 takes tens of milliseconds, so the checks run on the caller's thread. PINs are never logged.
public final class LoginService: @unchecked Sendable {
    public let accounts: Accounts
    public let access: ManagerAccess
    let log: FileLog
    private let clock: @Sendable () -> Date

    public init(accounts: Accounts, access: ManagerAccess, log: FileLog, clock: @escaping @Sendable () -> Date = Date.init) {
        self.accounts = accounts
        self.access = access
        self.log = log
        self.clock = clock
    }

    /// Performs one effect; returns the events to feed back to the model at once.
    public func perform(_ effect: LoginEffect) -> [TillEvent] {
        let now = clock()
        switch effect {
        case .loadUsers:
            return [userList()]
        case .logIn(let name, let pin):
            do {
                return [.login(.loggedIn(beginSession(try accounts.login(name: name, pin: pin, at: now))))]
            } catch {
                log.info("login refused for \(name): \(error)")
                return [userList(), .login(.refused(Self.refusal(error)))]
            }
        case .createManager(let name, let pin):
            do {
                guard try accounts.needsFirstUser() else { return [userList(), .login(.failed("users exist already: log in"))] }
                try accounts.addUser(name: name, role: .manager, pin: pin, approval: nil, at: now)
                log.info("first user \(name) created (manager)")
                return [userList(), .login(.loggedIn(beginSession(try accounts.login(name: name, pin: pin, at: now))))]
            } catch {
                return [.login(.failed(ErrorText.message(error)))]
            }
        case .openManagerVisit:
            // The screen only asks for a manager, but the service decides: a cashier's session opens nothing.
            guard let session = access.session, session.role == .manager else {
                return [.login(.overrideRefused(.other("the manager screen needs a manager's PIN")))]
            }
            access.visit = session
            return [.login(.managerApproved(approver: session.user, onBehalfOf: nil))]
        case .overrideVisit(let manager, let pin):
            do {
                let visit = try accounts.overrideVisit(access.session, manager: manager, pin: pin, at: now)
                access.visit = visit
                log.info("manager screen opened by \(manager)\(visit.onBehalfOf.map { " (override in \($0)'s session)" } ?? "")")
                return [.login(.managerApproved(approver: visit.user, onBehalfOf: visit.onBehalfOf))]
            } catch {
                log.info("manager override refused for \(manager): \(error)")
                return [userList(), .login(.overrideRefused(Self.refusal(error)))]
            }
        case .approveCancel(let manager, let pin, let saleID):
            do {
                let approval = try accounts.override(access.session, manager: manager, pin: pin, for: .cancelAnySale, at: now)
                log.info("\(manager) approved cancelling \(saleID) in \(approval.requestedBy)'s session")
                return [.login(.cancelApproved(saleID: saleID, manager: approval.manager))]
            } catch {
                log.info("cancel approval refused for \(manager): \(error)")
                return [userList(), .login(.overrideRefused(Self.refusal(error)))]
            }
        case .logout:
            if let user = access.session?.user { log.info("\(user) logged out") }
            access.session = nil
            access.visit = nil
            return [userList()]
        }
    }

    /// Logs in without a PIN screen (training's own manager): the session the model needs.
    public func beginSession(_ session: LoginSession) -> SignedInUser {
        access.session = session
        access.visit = nil
        log.info("\(session.user) logged in (\(session.role.rawValue))")
        return SignedInUser(name: session.user, isManager: session.role == .manager)
    }

    private func userList() -> TillEvent {
        do {
            let users = try accounts.store.users().map {
                LoginUser(name: $0.name, isManager: $0.role == Role.manager.rawValue, lockedUntil: $0.lockedUntil)
            }
            return .login(.users(users))
        } catch {
            log.error("could not list users: \(error)")
            return .login(.failed("could not read the users: \(ErrorText.message(error))"))
        }
    }

    static func refusal(_ error: any Error) -> LoginRefusal {
        switch error as? ManagerError {
        case .wrongPIN(let user, let left): return .wrongPIN(user: user, attemptsLeft: left)
        case .locked(let user, let until): return .locked(user: user, until: until)
        case .notAManager(let user): return .notAManager(user)
        default: return .other(ErrorText.message(error))
        }
    }
}
