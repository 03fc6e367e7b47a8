import Foundation
import TillConfig
import TillCore
import TillStore

/// The `SaleStore` of one lane (till) of a shop whose lanes share one PostgreSQL ledger.
///
/// Everything a lane writes carries its name; what must be one for the shop (address indexes, sale numbers, stock,
/// the outbox, observations) is serialised by PostgreSQL row locks inside the writing transaction. The store is
/// synchronous like `TillDatabase` (see `PostgresLink` for how it waits on postgres-nio without deadlocking).
public final class PostgresStore: Sendable {
    /// The server and database, without the password.
    public let location: PostgresLocation
    /// This till's lane ("front-1"): part of its sale ids, recorded with each sale, observation and audit entry.
    public let lane: String
    /// The shop's time zone: decides the local day of sale ids and of totals by day.
    public let timeZone: TimeZone
    let link: PostgresLink
    /// The shop's install secret (PIN hashes and the audit chain are keyed with it): every lane of a shop needs the
    /// same `till.key`, copied into each lane's data directory like the wallet's xpub is copied into each till.toml.
    public let installSecret: InstallSecret
    /// Where this lane records the shared audit chain's newest (id, hash) outside the database.
    public var auditHeadPath: String { (installSecret.directory as NSString).appendingPathComponent("till-postgres.audit-head") }

    /// Connects, checks the lane name, and brings the schema up to date (migrations of several lanes starting at
    /// once are serialised by an advisory lock). Throws `cannotOpen` when the server cannot be reached.
    /// `keyDirectory` is the lane's data directory, where the shop's `till.key` and the audit head anchor live:
    /// there is no default, because a key somewhere else (a temporary folder) would be lost with it.
    public init(location: PostgresLocation, lane: String, keyDirectory: String, timeZone: TimeZone = .current,
                timeout: TimeInterval = 10) throws(StoreError) {
        if let problem = LaneName.problem(lane) {
            throw .cannotOpen(path: location.redacted, detail: "lane: \(problem)")
        }
        self.location = location
        self.lane = lane
        self.timeZone = timeZone
        self.link = PostgresLink(location: location, timeout: timeout)
        let directory = keyDirectory
        do { installSecret = try InstallSecret.loadOrCreate(directory: directory) } catch {
            throw .cannotOpen(path: directory, detail: "the install key: \(error.localizedDescription)")
        }
        try migrate()
    }

    /// The identifiers of the migrations applied to this database, in order (`till config check` prints them).
    public func appliedMigrations() throws(StoreError) -> [String] {
        try link.withSession("reading the schema version") { session in
            try session.query("SELECT id FROM till_migrations ORDER BY applied_order").map { try $0.get("id", String.self) }
        }
    }

    /// Whether the server answers now; a lane shows itself offline while this is false.
    public func isReachable() -> Bool { link.ping() }

    private func migrate() throws(StoreError) {
        try link.transaction("migrating the schema") { session in
            try session.execute("SELECT pg_advisory_xact_lock($1)", [PostgresSchema.migrationLockKey])
            try session.execute("""
                CREATE TABLE IF NOT EXISTS till_migrations (
                    id TEXT PRIMARY KEY, applied_order BIGINT NOT NULL, applied_at BIGINT NOT NULL, applied_by TEXT NOT NULL)
                """)
            let applied = try session.query("SELECT id FROM till_migrations").map { try $0.get("id", String.self) }
            let known = Set(PostgresSchema.migrations.map(\.id))
            let unknown = applied.filter { !known.contains($0) }.sorted()
            if !unknown.isEmpty { throw StoreError.newerSchema(path: location.redacted, unknownMigrations: unknown) }
            for (order, migration) in PostgresSchema.migrations.enumerated() where !applied.contains(migration.id) {
                for statement in Self.statements(migration.sql) { try session.execute(statement) }
                try session.execute("""
                    INSERT INTO till_migrations (id, applied_order, applied_at, applied_by) VALUES ($1, $2, $3, $4)
                    """, [migration.id, order, Date().millis, lane])
            }
        }
    }

    /// A migration's statements one by one (the extended protocol runs one statement per query). Statements end
    /// with ";" at the end of a line; a function body keeps its inner ";" mid-line.
    static func statements(_ sql: String) -> [String] {
        sql.components(separatedBy: ";\n").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }
            .filter { !$0.isEmpty && !$0.split(separator: "\n").allSatisfy { $0.trimmingCharacters(in: .whitespaces).hasPrefix("--") } }
    }

    /// "2026-11-25": the shop's local day of `date`.
    func localDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
