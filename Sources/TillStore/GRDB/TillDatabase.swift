import Foundation
import GRDB

/// The till's SQLite database (GRDB `DatabasePool`, WAL, the system libsqlite3): the `SaleStore` of one till.
public final class TillDatabase: Sendable {
    /// The database file.
    public let path: String
    /// The shop's time zone: decides the local day of sale ids and of totals by day.
    public let timeZone: TimeZone
    /// The GRDB pool, for maintenance tools and tests; the app goes through `SaleStore`.
    public let pool: DatabasePool
    /// `<folder of the database>/till.key`, created on first open (see `InstallSecret`).
    public let installSecret: InstallSecret

    /// Opens (creating the directory and file if needed) and migrates the database at `path`. A `scratch` file (training's,
    /// deleted and made again at every start) is not synced to disk at each commit: nothing in it outlives the run.
    public init(path: String, timeZone: TimeZone = .current, scratch: Bool = false) throws(StoreError) {
        self.path = path
        self.timeZone = timeZone
        let url = URL(fileURLWithPath: path)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw .cannotOpen(path: path, detail: "it is a directory; give a file path")
        }
        do {
            try PrivateFiles.directory(url.deletingLastPathComponent().path)
        } catch {
            throw .cannotOpen(path: path, detail: "cannot create its directory: \(error.localizedDescription)")
        }
        // SQLite gives the -wal and -shm files the database file's mode: creating it 0600 first keeps all three
        // private; an older install's files are tightened here. Never by open/close: that would drop the POSIX locks
        // of a connection this process already has on the file (a second `TillDatabase` on one path).
        do { try PrivateFiles.createWithoutOpening(path) } catch {
            throw .cannotOpen(path: path, detail: error.localizedDescription)
        }
        for suffix in ["-wal", "-shm"] { PrivateFiles.tighten(path + suffix) }
        do { installSecret = try InstallSecret.loadOrCreate(directory: url.deletingLastPathComponent().path) } catch {
            throw .cannotOpen(path: path, detail: error.localizedDescription)
        }
        var configuration = Configuration()
        // A second till process or a manager tool may hold the write lock for a moment: wait rather than fail.
        configuration.busyMode = .timeout(10)
        configuration.label = "till"
        configuration.prepareDatabase { db in
            db.add(function: BigSum.function)
            // A scratch file syncs nothing, from its first statement (the switch to WAL) on: it is made with some 20
            // commits, each an fsync on the way to training's first frame.
            if scratch { try db.execute(sql: "PRAGMA synchronous = OFF") }
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB sets NORMAL with WAL: a power cut could then lose the last committed sales. FULL syncs the WAL at
            // every commit (the cost per sale is measured by `till-bench store`). Only the writer connection writes.
            // (GRDB's switch to WAL sets NORMAL, so a scratch file's OFF is said again here.)
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(scratch ? "OFF" : "FULL")") }
        } catch {
            throw Self.openError(error, path: path)
        }
        try migrate()
    }

    private func migrate() throws(StoreError) {
        let migrator = Schema.migrator
        do {
            let applied = try pool.read { db in try migrator.appliedIdentifiers(db) }
            let unknown = applied.subtracting(migrator.migrations).sorted()
            if !unknown.isEmpty { throw StoreError.newerSchema(path: path, unknownMigrations: unknown) }
            try migrator.migrate(pool)
        } catch let error as StoreError {
            throw error
        } catch {
            throw Self.openError(error, path: path)
        }
    }

    /// The identifiers of the migrations applied to this database, in order.
    public func appliedMigrations() throws(StoreError) -> [String] {
        try read("reading the schema version") { db in try Schema.migrator.completedMigrations(db) }
    }

    /// `PRAGMA integrity_check`: ["ok"] for a sound database, else SQLite's list of problems.
    public func integrityCheck() throws(StoreError) -> [String] {
        try read("checking integrity") { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    /// `PRAGMA synchronous` of the connection that writes (2 = FULL).
    public func synchronousMode() throws(StoreError) -> Int {
        do { return try pool.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 } } catch {
            throw mapped(error, operation: "reading the synchronous mode")
        }
    }

    /// `PRAGMA journal_mode` ("wal").
    public func journalMode() throws(StoreError) -> String {
        try read("reading the journal mode") { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }

    // MARK: - Running work with typed errors

    func read<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.read(body) } catch { throw mapped(error, operation: operation) }
    }

    func write<T>(_ operation: String, _ body: (Database) throws -> T) throws(StoreError) -> T {
        do { return try pool.write(body) } catch { throw mapped(error, operation: operation) }
    }

    /// Keeps our own typed errors, names the file for SQLite's.
    func mapped(_ error: any Error, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? DatabaseError,
           error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT {
            return .notADatabase(path: path, detail: error.message ?? "\(error.resultCode)")
        }
        if let error = error as? DatabaseError {
            return .database(path: path, operation: operation, detail: error.message ?? "\(error.resultCode)")
        }
        return .database(path: path, operation: operation, detail: "\(error)")
    }

    private static func openError(_ error: any Error, path: String) -> StoreError {
        guard let error = error as? DatabaseError else { return .cannotOpen(path: path, detail: "\(error)") }
        let detail = error.message ?? "\(error.resultCode)"
        switch error.resultCode {
        case .SQLITE_NOTADB, .SQLITE_CORRUPT: return .notADatabase(path: path, detail: detail)
        default: return .cannotOpen(path: path, detail: detail)
        }
    }
}

// MARK: - Time and days

extension Date {
    /// Milliseconds since 1970, the form dates take in columns (the sale JSON keeps them exact).
    public var millis: Int64 { Int64((timeIntervalSince1970 * 1000).rounded(.down)) }

    /// The date `millis` milliseconds after 1970.
    public init(millis: Int64) { self.init(timeIntervalSince1970: Double(millis) / 1000) }
}

extension TillDatabase {
    /// "2026-11-25": the shop's local day of `date`.
    public func localDay(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }
}
