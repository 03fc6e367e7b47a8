import Foundation
import GRDB

extension TillDatabase {
    /// The newest audit entry with `action` (e.g. the last recorded configuration), or nil.
    public func lastAuditEntry(action: String) throws -> AuditEntry? {
        try read("reading the last \(action) audit entry") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1", arguments: [action])
                .map { row in
                    AuditEntry(id: row["id"], at: Date(millis: row["at"]), actor: row["actor"], action: row["action"],
                               details: row["details"], prevHash: row["prev_hash"], hash: row["hash"])
                }
        }
    }
}
