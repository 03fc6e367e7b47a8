import Foundation
import TillStore

/// Users and the shop's one audit chain: appends from every lane are serialised by an advisory lock held for the
/// appending transaction, so two lanes can never chain to the same predecessor.
extension PostgresStore: AccountStore {
    /// The advisory lock key of the audit chain (any number, the same in every lane).
    static let auditLockKey: Int64 = 0x7111_a0d1

    public func saveUser(_ user: UserRecord) throws {
        try link.withSession("saving user \(user.name)") { session in
            try session.execute("""
                INSERT INTO users (name, role, pin_hash, salt, iterations, failed_attempts, locked_until, created_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                ON CONFLICT (name) DO UPDATE SET role = excluded.role, pin_hash = excluded.pin_hash,
                    salt = excluded.salt, iterations = excluded.iterations,
                    failed_attempts = excluded.failed_attempts, locked_until = excluded.locked_until
                """, [user.name, user.role, user.pinHash, user.salt, user.iterations, user.failedAttempts,
                      user.lockedUntil?.millis, user.createdAt.millis])
        }
    }

    public func user(named name: String) throws -> UserRecord? {
        try link.withSession("loading user \(name)") { session in
            try session.query("SELECT * FROM users WHERE name = $1", [name]).first.map(userRecord)
        }
    }

    public func users() throws -> [UserRecord] {
        try link.withSession("listing users") { session in
            try session.query("SELECT * FROM users ORDER BY name").map(userRecord)
        }
    }

    private func userRecord(_ row: PostgresRowReader) throws -> UserRecord {
        UserRecord(name: try row.get("name"), role: try row.get("role"), pinHash: try row.get("pin_hash"),
                   salt: try row.get("salt"), iterations: try row.get("iterations"),
                   failedAttempts: try row.get("failed_attempts"),
                   lockedUntil: try row.get("locked_until", Int64?.self).map { Date(millis: $0) },
                   createdAt: Date(millis: try row.get("created_at")))
    }

    public func appendAudit(at: Date, actor: String, action: String, details: String,
                            hash: (_ prevHash: String, _ entry: AuditEntry) throws -> String) throws -> AuditEntry {
        try link.transaction("appending to the audit log") { session in
            try session.execute("SELECT pg_advisory_xact_lock($1)", [Self.auditLockKey])
            let last = try session.query("SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1").first
            let id = (try last?.get("id", Int64.self) ?? 0) + 1
            let prevHash = try last?.get("hash", String.self) ?? ""
            // The hash covers the stored (millisecond) time, so verification recomputes it from the row.
            let draft = AuditEntry.restored(id: id, at: Date(millis: at.millis), actor: actor, action: action,
                                            details: details, prevHash: prevHash, hash: "")
            let digest = try hash(prevHash, draft)
            try session.execute("""
                INSERT INTO audit_log (id, at, actor, action, details, prev_hash, hash, lane)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, [id, at.millis, actor, action, details, prevHash, digest, lane])
            return .restored(id: id, at: draft.at, actor: actor, action: action, details: details, prevHash: prevHash,
                             hash: digest)
        }
    }

    public func auditLog(afterID: Int64, limit: Int) throws -> [AuditEntry] {
        try link.withSession("reading the audit log") { session in
            try session.query("SELECT * FROM audit_log WHERE id > $1 ORDER BY id LIMIT $2", [afterID, limit])
                .map(auditEntry)
        }
    }

    public func lastAuditEntry() throws -> AuditEntry? {
        try link.withSession("reading the audit log's head") { session in
            try session.query("SELECT * FROM audit_log ORDER BY id DESC LIMIT 1").first.map(auditEntry)
        }
    }

    private func auditEntry(_ row: PostgresRowReader) throws -> AuditEntry {
        .restored(id: try row.get("id"), at: Date(millis: try row.get("at")), actor: try row.get("actor"),
                  action: try row.get("action"), details: try row.get("details"), prevHash: try row.get("prev_hash"),
                  hash: try row.get("hash"))
    }
}
