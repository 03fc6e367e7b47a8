import Foundation
import GRDB

/// A till user as stored: the PIN only as a salted slow hash (computed by the caller).
public struct UserRecord: Hashable, Sendable {
    public var name: String
    /// "cashier" or "manager".
    public var role: String
    public var pinHash: String
    public var salt: String
    public var iterations: Int
    public var failedAttempts: Int
    public var lockedUntil: Date?
    public var createdAt: Date

    public init(name: String, role: String, pinHash: String, salt: String, iterations: Int, failedAttempts: Int = 0,
                lockedUntil: Date? = nil, createdAt: Date) {
        self.name = name; self.role = role; self.pinHash = pinHash; self.salt = salt; self.iterations = iterations
        self.failedAttempts = failedAttempts; self.lockedUntil = lockedUntil; self.createdAt = createdAt
    }
}

/// One audit log entry, chained to the previous one by `prevHash`.
public struct AuditEntry: Hashable, Sendable {
    public let id: Int64
    public let at: Date
    public let actor: String
    public let action: String
    public let details: String
    /// The previous entry's hash ("" for the first entry).
    public let prevHash: String
    public let hash: String
}

/// Users and the append-only audit log (issue 6 builds PINs, roles and verification on this).
public protocol AccountStore: Sendable {
    /// The per-install key (outside the database) that PIN hashes and the audit chain are keyed with.
    var installSecret: InstallSecret { get }
    /// Where the audit log's newest (id, hash) is recorded outside the database (`<database>.audit-head`).
    var auditHeadPath: String { get }
    func saveUser(_ user: UserRecord) throws
    func user(named name: String) throws -> UserRecord?
    func users() throws -> [UserRecord]
    /// Appends an entry; `hash` gets the previous entry's hash and the new entry (id, fields) and returns its
    /// hash. Runs in the write transaction, so two appends can never chain to the same predecessor.
    func appendAudit(at: Date, actor: String, action: String, details: String,
                     hash: (_ prevHash: String, _ entry: AuditEntry) throws -> String) throws -> AuditEntry
    /// Entries with id greater than `afterID`, in order.
    func auditLog(afterID: Int64, limit: Int) throws -> [AuditEntry]
    /// The newest entry (nil when the log is empty).
    func lastAuditEntry() throws -> AuditEntry?
}

extension AccountStore {
    /// Pages through the whole log; stores with an index on the id answer in one read.
    public func lastAuditEntry() throws -> AuditEntry? {
        var afterID: Int64 = 0, last: AuditEntry?
        while true {
            let page = try auditLog(afterID: afterID, limit: 1_000)
            guard let newest = page.last else { return last }
            last = newest
            afterID = newest.id
            if page.count < 1_000 { return last }
        }
    }
}

extension TillDatabase: AccountStore {
    public var auditHeadPath: String { path + ".audit-head" }

    public func saveUser(_ user: UserRecord) throws {
        try write("saving user \(user.name)") { db in
            try db.execute(sql: """
                INSERT INTO users (name, role, pin_hash, salt, iterations, failed_attempts, locked_until, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(name) DO UPDATE SET role = excluded.role, pin_hash = excluded.pin_hash,
                    salt = excluded.salt, iterations = excluded.iterations,
                    failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until
                """, arguments: [user.name, user.role, user.pinHash, user.salt, user.iterations, user.failedAttempts,
                                 user.lockedUntil?.millis, user.createdAt.millis])
        }
    }

    public func user(named name: String) throws -> UserRecord? {
        try read("loading user \(name)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM users WHERE name = ?", arguments: [name]).map(Self.user)
        }
    }

    public func users() throws -> [UserRecord] {
        try read("listing users") { db in try Row.fetchAll(db, sql: "SELECT * FROM users ORDER BY name").map(Self.user) }
    }

    private static func user(_ row: Row) -> UserRecord {
        UserRecord(name: row["name"], role: row["role"], pinHash: row["pin_hash"], salt: row["salt"],
                   iterations: row["iterations"], failedAttempts: row["failed_attempts"],
                   lockedUntil: (row["locked_until"] as Int64?).map { Date(millis: $0) },
                   createdAt: Date(millis: row["created_at"]))
    }

    public func appendAudit(at: Date, actor: String, action: String, details: String,
                            hash: (_ prevHash: String, _ entry: AuditEntry) throws -> String) throws -> AuditEntry {
        try write("appending to the audit log") { db in
            let last = try Row.fetchOne(db, sql: "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1")
            let id = (last?["id"] as Int64? ?? 0) + 1
            let prevHash = last?["hash"] as String? ?? ""
            // The hash covers the stored (millisecond) time, so verification recomputes it from the row.
            let draft = AuditEntry(id: id, at: Date(millis: at.millis), actor: actor, action: action,
                                   details: details, prevHash: prevHash, hash: "")
            let digest = try hash(prevHash, draft)
            try db.execute(sql: """
                INSERT INTO audit_log (id, at, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)
                """, arguments: [id, at.millis, actor, action, details, prevHash, digest])
            return AuditEntry(id: id, at: draft.at, actor: actor, action: action, details: details,
                              prevHash: prevHash, hash: digest)
        }
    }

    public func auditLog(afterID: Int64, limit: Int) throws -> [AuditEntry] {
        try read("reading the audit log") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM audit_log WHERE id > ? ORDER BY id LIMIT ?",
                             arguments: [afterID, limit]).map(Self.auditEntry)
        }
    }

    public func lastAuditEntry() throws -> AuditEntry? {
        try read("reading the audit log's head") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM audit_log ORDER BY id DESC LIMIT 1").map(Self.auditEntry)
        }
    }

    private static func auditEntry(_ row: Row) -> AuditEntry {
        AuditEntry(id: row["id"], at: Date(millis: row["at"]), actor: row["actor"], action: row["action"],
                   details: row["details"], prevHash: row["prev_hash"], hash: row["hash"])
    }
}
