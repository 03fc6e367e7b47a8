import Foundation
import TillCore

/// A user as the PIN screen lists them.
public struct LoginUser: Hashable, Sendable {
    public var name: String
    public var isManager: Bool
    /// Set while wrong PINs keep the account locked.
    public var lockedUntil: Date?

    public init(name: String, isManager: Bool, lockedUntil: Date? = nil) {
        self.name = name
        self.isManager = isManager
        self.lockedUntil = lockedUntil
    }
}

/// Which field of "create the manager" has the cursor.
public enum FirstRunField: Int, Hashable, Sendable, CaseIterable { case name, pin, repeatPIN }

/// What a manager's PIN is asked for.
public enum OverridePurpose: Hashable, Sendable {
    /// `m` in a cashier's session: open the manager screen.
    case managerScreen
    /// Cancelling another cashier's pending sale.
    case cancelSale(saleID: String, owner: String)
}

/// The manager-PIN dialog a cashier gets on `m`, or when cancelling someone else's sale.
public struct OverrideDialog: Hashable, Sendable {
    public enum Field: Hashable, Sendable { case manager, pin }
    public var purpose: OverridePurpose = .managerScreen
    public var manager = TextField(limit: 32)
    public var pin = TextField(masked: true, limit: 12, allowed: .digits)
    public var field: Field = .manager
    /// Why the last PIN was refused.
    public var problem: String?

    public init(purpose: OverridePurpose = .managerScreen) { self.purpose = purpose }
}

/// What the PIN screen shows and has typed so far.
public struct LoginState: Hashable, Sendable {
    /// nil until the login service sent the list; empty on the first run ("create the manager").
    public var users: [LoginUser]?
    public var cursor = 0
    /// Letters typed to jump to a user by name.
    public var typedName = ""
    public var pin = TextField(masked: true, limit: 12, allowed: .digits)
    public var newName = TextField(limit: 32)
    public var newPIN = TextField(masked: true, limit: 12, allowed: .digits)
    public var repeatPIN = TextField(masked: true, limit: 12, allowed: .digits)
    public var field: FirstRunField = .name
    /// A refusal or a mistake, shown on the PIN screen.
    public var problem: String?
    /// Open while a cashier asks for the manager screen.
    public var override: OverrideDialog?

    public init() {}

    /// True on the very first run: no user exists yet.
    public var isFirstRun: Bool { users?.isEmpty == true }

    /// The highlighted user.
    public var selectedUser: LoginUser? {
        guard let users, users.indices.contains(cursor) else { return nil }
        return users[cursor]
    }
}

/// Why the login service refused a PIN.
public enum LoginRefusal: Hashable, Sendable {
    /// Wrong PIN; 0 attempts left means the account just locked.
    case wrongPIN(user: String, attemptsLeft: Int)
    case locked(user: String, until: Date)
    case notAManager(String)
    /// Anything else, with its message.
    case other(String)
}

/// Results of the login service, back to the model.
public enum LoginEvent: Sendable {
    /// The users the PIN screen lists (empty: first run).
    case users([LoginUser])
    /// A PIN was right: this user is logged in.
    case loggedIn(SignedInUser)
    /// The PIN on the PIN screen was refused.
    case refused(LoginRefusal)
    /// A manager approved a manager-screen visit (own session, or an override inside `onBehalfOf`'s session).
    case managerApproved(approver: String, onBehalfOf: String?)
    /// The manager PIN in the override dialog was refused.
    case overrideRefused(LoginRefusal)
    /// A manager's PIN approved cancelling another cashier's sale (audited by the service).
    case cancelApproved(saleID: String, manager: String)
    /// The service could not do what the screen asked (the message is for the screen).
    case failed(String)
}

/// What the PIN screen asks the login service to do.
public enum LoginEffect: Hashable, Sendable {
    /// Send the user list (at start and after a refusal, for lock times).
    case loadUsers
    case logIn(name: String, pin: String)
    /// First run: create the first user (always a manager) and log them in.
    case createManager(name: String, pin: String)
    /// The logged-in manager opens the manager screen.
    case openManagerVisit
    /// A manager types their PIN into the logged-in cashier's session to open the manager screen.
    case overrideVisit(manager: String, pin: String)
    /// A manager types their PIN to approve cancelling another cashier's pending sale.
    case approveCancel(manager: String, pin: String, saleID: String)
    /// Log the current user out (the service answers with the user list).
    case logout
}

extension TillModel {
    /// A login service result.
    mutating func handleLogin(_ event: LoginEvent) -> [TillEffect] {
        switch event {
        case .users(let users):
            let selected = login.selectedUser?.name
            login.users = users
            login.cursor = users.firstIndex { $0.name == selected } ?? min(login.cursor, max(0, users.count - 1))
            return []
        case .loggedIn(let user):
            session = user
            cashier = user.name
            let users = login.users
            login = LoginState()
            login.users = users
            screen = sale.map(TillModel.screen(for:)) ?? .catalog
            // A warning from before the login (a restored sale, a database problem) stays up.
            if notice == nil { notice = Notice("logged in as \(user.name)\(user.isManager ? " (manager)" : "")", .success) }
            return []
        case .refused(let refusal):
            login.pin.text = ""
            login.problem = describe(refusal)
            return []
        case .managerApproved(let approver, let onBehalfOf):
            login.override = nil
            return openManager(approver: approver, onBehalfOf: onBehalfOf)
        case .cancelApproved(let saleID, let manager):
            login.override = nil
            guard let current = sale, current.id == saleID else { return [] }
            let effects = applyToSale(.cancel(at: now))
            guard sale?.status == .cancelled else { return effects }
            let next = startNewSale(keepCart: false)
            notice = Notice("sale \(saleID) of \(current.cashier) cancelled with \(manager)'s approval", .info)
            return effects + next
        case .overrideRefused(let refusal):
            let problem = describe(refusal)
            guard var dialog = login.override else { notice = Notice(problem, .error); return [] }
            dialog.pin.text = ""
            dialog.field = .pin
            dialog.problem = problem
            login.override = dialog
            return []
        case .failed(let message):
            if screen == .login { login.problem = message } else { notice = Notice(message, .error) }
            return []
        }
    }

    /// `m`: opens the manager screen for a manager; a cashier needs a manager's PIN (override).
    mutating func requestManagerScreen() -> [TillEffect] {
        if let session, session.isManager { return [.login(.openManagerVisit)] }
        login.override = OverrideDialog()
        return []
    }

    /// `o` on the catalog: back to the PIN screen, unless a customer may be paying.
    mutating func logOut() -> [TillEffect] {
        guard !paymentPending else { notice = Notice("a payment is pending: finish or cancel it before logging out", .warning); return [] }
        guard !training else { notice = Notice("training has no PIN screen: nothing to log out of", .info); return [] }
        let users = login.users
        login = LoginState()
        login.users = users
        if let name = session?.name, let index = users?.firstIndex(where: { $0.name == name }) { login.cursor = index }
        session = nil
        screen = .login
        notice = nil
        return [.login(.logout)]
    }

    /// A refusal in words, with lock times in the shop's time zone.
    func describe(_ refusal: LoginRefusal) -> String {
        switch refusal {
        case .wrongPIN(let user, let left):
            return left > 0 ? "wrong PIN for \(user): \(left) attempt\(left == 1 ? "" : "s") left"
                            : "wrong PIN for \(user): locked until \(localTime(of: login.users?.first { $0.name == user }?.lockedUntil))"
        case .locked(let user, let until): return "\(user) is locked until \(localTime(of: until))"
        case .notAManager(let user): return "\(user) is not a manager"
        case .other(let message): return message
        }
    }

    /// "14:05:30" today, "2026-11-26 00:10" on another day, in the shop's time zone.
    func localTime(of date: Date?) -> String {
        guard let date else { return "later" }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        if calendar.isDate(date, inSameDayAs: now) {
            return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
        }
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0)
    }
}
