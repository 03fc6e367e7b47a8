import Foundation
import TillStore

/// A logged-in user.
public struct LoginSession: Hashable, Sendable {
    public let user: String
    public let role: Role
    public let since: Date
    /// For a manager visit opened by an override PIN: the user whose session it is inside (nil: the user's own).
    public let onBehalfOf: String?

    init(user: String, role: Role, since: Date, onBehalfOf: String? = nil) {
        self.user = user
        self.role = role
        self.since = since
        self.onBehalfOf = onBehalfOf
    }
}

/// Proof that a manager approved one kind of action: from a manager's own session or a manager override PIN.
/// Only `Accounts` makes these, so every manager action in this module provably went through a PIN check.
public struct ManagerApproval: Hashable, Sendable {
    /// The manager who approved.
    public let manager: String
    public let permission: Permission
    public let at: Date
    /// True when a manager typed their PIN into someone else's session.
    public let isOverride: Bool
    /// The user whose session asked (the manager themself unless an override).
    public let requestedBy: String
}

/// Users, PIN checks with lockout, role checks and manager overrides. Every login, failed PIN, override and user
/// change goes into the audit log. Time is always passed in.
public struct Accounts: Sendable {
    /// Wrong PINs in a row before the account locks.
    public static let attemptsBeforeLock = 5
    /// The first lock lasts this long; each further lock doubles it up to `maximumLock`.
    public static let firstLock: TimeInterval = 30
    public static let maximumLock: TimeInterval = 3_600

    public let store: any AccountStore
    public let audit: AuditLog
    /// Iterations for new PINs (tests pass a small count; the till uses `PINHasher.recommendedIterations`).
    public let iterations: Int

    public init(store: any AccountStore, iterations: Int = PINHasher.recommendedIterations) {
        self.store = store
        self.audit = AuditLog(store: store)
        self.iterations = iterations
    }

    /// The PIN pepper from the store's install secret.
    var pepper: [UInt8] { PINHasher.pepper(store.installSecret) }

    /// True when no user exists yet (the till opens on "create the manager").
    public func needsFirstUser() throws -> Bool { try store.users().isEmpty }

    /// Adds a user. The very first user is always a manager (whatever `role` says) and needs no approval;
    /// after that, `approval` must be a manager's for `.changeUsers`.
    @discardableResult
    public func addUser(name: String, role: Role, pin: String, approval: ManagerApproval?, at: Date) throws -> UserRecord {
        guard Self.isValid(name: name) else { throw ManagerError.invalidName(name) }
        let first = try store.users().isEmpty
        guard PINHasher.isValid(pin: pin, role: first ? .manager : role) else { throw ManagerError.invalidPIN }
        if !first {
            guard let approval, approval.permission == .changeUsers else {
                throw ManagerError.notAllowed(user: approval?.requestedBy ?? "nobody", permission: .changeUsers)
            }
        }
        guard try store.user(named: name) == nil else { throw ManagerError.userExists(name) }
        let salt = PINHasher.newSalt()
        let record = UserRecord(name: name, role: first ? Role.manager.rawValue : role.rawValue,
                                pinHash: try PINHasher.keyedHash(pin: pin, salt: salt, iterations: iterations, pepper: pepper), salt: salt,
                                iterations: iterations, createdAt: at)
        try store.saveUser(record)
        try audit.append(.userAdded, actor: approval?.manager ?? name,
                         details: "user=\(name) role=\(record.role)\(first ? " first-run" : "")", at: at)
        return record
    }

    /// Sets a new PIN (re-hashed with a fresh salt and the current iteration count) and unlocks the account.
    public func changePIN(name: String, newPIN: String, approval: ManagerApproval, at: Date) throws {
        guard approval.permission == .changeUsers else {
            throw ManagerError.notAllowed(user: approval.requestedBy, permission: .changeUsers)
        }
        guard var user = try store.user(named: name) else { throw ManagerError.unknownUser(name) }
        guard PINHasher.isValid(pin: newPIN, role: Role(rawValue: user.role) ?? .cashier) else { throw ManagerError.invalidPIN }
        user.salt = PINHasher.newSalt()
        user.iterations = iterations
        user.pinHash = try PINHasher.keyedHash(pin: newPIN, salt: user.salt, iterations: iterations, pepper: pepper)
        user.failedAttempts = 0
        user.lockedUntil = nil
        try store.saveUser(user)
        try audit.append(.userChanged, actor: approval.manager, details: "user=\(name) pin reset", at: at)
    }

    /// Checks a PIN and opens a session; wrong PINs count toward the lockout.
    public func login(name: String, pin: String, at: Date) throws -> LoginSession {
        let user = try check(name: name, pin: pin, at: at, failure: .loginFailed)
        try audit.append(.login, actor: name, details: "role=\(user.role)", at: at)
        return LoginSession(user: name, role: Role(rawValue: user.role) ?? .cashier, since: at)
    }

    /// A manager approval from the session itself when it is a manager's; else throws `notAllowed`.
    /// A session from `overrideVisit` approves as an override requested by the cashier it is inside.
    public func authorize(_ session: LoginSession, for permission: Permission, at: Date) throws -> ManagerApproval {
        guard session.role.allows(permission) else {
            throw ManagerError.notAllowed(user: session.user, permission: permission)
        }
        return ManagerApproval(manager: session.user, permission: permission, at: at, isOverride: session.onBehalfOf != nil,
                               requestedBy: session.onBehalfOf ?? session.user)
    }

    /// Manager override for a whole manager-screen visit: checks the manager's PIN (with lockout), refuses
    /// non-managers, audits it, and returns a manager session inside `session` (its `onBehalfOf` is that user).
    public func overrideVisit(_ session: LoginSession?, manager: String, pin: String, at: Date) throws -> LoginSession {
        let user = try check(name: manager, pin: pin, at: at, failure: .overrideFailed)
        guard user.role == Role.manager.rawValue else {
            try audit.append(.overrideFailed, actor: manager, details: "visit refused: not a manager", at: at)
            throw ManagerError.notAManager(manager)
        }
        // A manager typing their own PIN in their own session is no override.
        let inside = session.map(\.user).flatMap { $0 == manager ? nil : $0 }
        try audit.append(.managerOverride, actor: manager, details: "visit session=\(session?.user ?? manager)", at: at)
        return LoginSession(user: manager, role: .manager, since: at, onBehalfOf: inside)
    }

    /// Manager override: a manager types their PIN for ONE action inside `session` (a cashier's, usually).
    public func override(_ session: LoginSession?, manager: String, pin: String, for permission: Permission,
                         at: Date) throws -> ManagerApproval {
        let user = try check(name: manager, pin: pin, at: at, failure: .overrideFailed)
        guard user.role == Role.manager.rawValue else { throw ManagerError.notAManager(manager) }
        let requester = session?.user ?? manager
        try audit.append(.managerOverride, actor: manager,
                         details: "permission=\(permission.rawValue) session=\(requester)", at: at)
        return ManagerApproval(manager: manager, permission: permission, at: at, isOverride: true,
                               requestedBy: requester)
    }

    /// Whether `session` may cancel a sale of `saleCashier` that nothing was received for, without a manager.
    public func mayCancel(_ session: LoginSession, saleCashier: String) -> Bool {
        session.role == .manager || saleCashier == session.user
    }

    // MARK: - PIN check with lockout

    private func check(name: String, pin: String, at: Date, failure: AuditAction) throws -> UserRecord {
        guard var user = try store.user(named: name) else {
            try audit.append(failure, actor: name, details: "unknown user", at: at)
            throw ManagerError.unknownUser(name)
        }
        if let until = user.lockedUntil, at < until {
            try audit.append(failure, actor: name, details: "refused: locked", at: at)
            throw ManagerError.locked(user: name, until: until)
        }
        if !user.pinHash.hasPrefix(PINHasher.keyedPrefix) {
            // An unkeyed hash from before the install secret: wrap it now, so the database stops being enough.
            user.pinHash = PINHasher.keyed(legacy: user.pinHash, pepper: pepper)
            try store.saveUser(user)
        }
        if try PINHasher.matches(pin: pin, salt: user.salt, iterations: user.iterations, expected: user.pinHash, pepper: pepper) {
            if user.failedAttempts != 0 || user.lockedUntil != nil {
                user.failedAttempts = 0
                user.lockedUntil = nil
                try store.saveUser(user)
            }
            return user
        }
        user.failedAttempts += 1
        let strikes = user.failedAttempts
        var left = Self.attemptsBeforeLock - strikes % Self.attemptsBeforeLock
        if strikes % Self.attemptsBeforeLock == 0 {
            user.lockedUntil = at.addingTimeInterval(Self.lockDuration(afterFailures: strikes))
            left = 0
        }
        try store.saveUser(user)
        try audit.append(failure, actor: name, details: "wrong PIN (\(strikes) in a row)", at: at)
        if let until = user.lockedUntil, left == 0 {
            try audit.append(.lockedOut, actor: name, details: "locked until \(Int64(until.timeIntervalSince1970 * 1000))",
                             at: at)
        }
        throw ManagerError.wrongPIN(user: name, attemptsLeft: left)
    }

    /// 30 s after the 5th wrong PIN in a row, 60 s after the 10th, … doubling up to one hour.
    public static func lockDuration(afterFailures failures: Int) -> TimeInterval {
        let lockNumber = max(1, failures / attemptsBeforeLock)
        let exponent = min(lockNumber - 1, 20)
        return min(maximumLock, firstLock * Double(1 << exponent))
    }

    static func isValid(name: String) -> Bool {
        (1...32).contains(name.count) && name.unicodeScalars.allSatisfy {
            ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "." || $0 == "-" || $0 == "_") && $0.isASCII
        }
    }
}
