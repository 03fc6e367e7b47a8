import Foundation
import GRDB
import Testing
import TillCore
import TillConfig
@testable import TillStore
@testable import TillStorePostgres
import TillTestSupport

/// The storage engines the shared store suites run against: one suite, two stores.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }
}

/// A fresh, empty ledger on one engine, with what keeps it alive (a temp directory, a database on the shared
/// test cluster), and more lanes on the same ledger.
final class EngineLedger: @unchecked Sendable {
    let engine: Engine
    /// The first lane ("front-1").
    let store: any LedgerStore
    /// The data directory: the SQLite file's folder, or where the PostgreSQL lanes keep the shop's till.key.
    private let directory: TemporaryDirectory
    private let sqlitePath: String?
    /// The PostgreSQL URL of this ledger (nil on SQLite).
    let url: String?
    /// The PostgreSQL database's name, for statements run behind the store's back (nil on SQLite).
    private let databaseName: String?

    static let utc = TimeZone(identifier: "UTC")!

    init(_ engine: Engine) throws {
        self.engine = engine
        switch engine {
        case .sqlite:
            let directory = try TemporaryDirectory(prefix: "till-engine")
            let path = directory.file("data/till.sqlite").path
            self.directory = directory
            sqlitePath = path
            url = nil
            databaseName = nil
            store = try TillDatabase(path: path, timeZone: Self.utc)
        case .postgresql:
            let server = try PostgresServer.shared()
            let name = try server.createDatabase(prefix: "ledger")
            let url = server.url(database: name)
            databaseName = name
            let keys = try TemporaryDirectory(prefix: "till-engine-key")
            directory = keys
            sqlitePath = nil
            self.url = url
            store = try PostgresStore(location: try PostgresLocation.parse(url, environment: [:]), lane: "front-1",
                                      keyDirectory: keys.url.path, timeZone: Self.utc)
        }
    }

    /// Another till on the same ledger: a second lane on PostgreSQL, a second connection to the file on SQLite.
    func lane(_ name: String) throws -> any LedgerStore {
        switch engine {
        case .sqlite: return try TillDatabase(path: sqlitePath!, timeZone: Self.utc)
        case .postgresql:
            return try PostgresStore(location: try PostgresLocation.parse(url!, environment: [:]), lane: name,
                                     keyDirectory: directory.url.path, timeZone: Self.utc)
        }
    }

    /// Makes every later insert into `table` fail (a full disk in the middle of a transaction), on either engine.
    func failInserts(into table: String) throws {
        switch engine {
        case .sqlite:
            try (store as! TillDatabase).pool.write { db in
                try db.execute(sql: "CREATE TRIGGER fail_\(table) BEFORE INSERT ON \(table) BEGIN SELECT RAISE(ABORT, 'disk full'); END")
            }
        case .postgresql:
            try PostgresServer.shared().psql("""
                CREATE FUNCTION fail_\(table)() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full'; END $$;
                CREATE TRIGGER fail_\(table) BEFORE INSERT ON \(table) FOR EACH ROW EXECUTE FUNCTION fail_\(table)();
                """, database: databaseName!)
        }
    }

    /// What the first lane's customer display reads: SQLite's `LaneReader`, or the lane's row on PostgreSQL.
    func laneSnapshot() throws -> LaneSnapshot? {
        switch engine {
        case .sqlite: return try LaneReader(path: sqlitePath!).read().snapshot
        case .postgresql: return try (store as! PostgresStore).laneView().snapshot
        }
    }
}

/// The running totals against the sales they add up, on either engine.
extension EngineLedger {
    /// Totals by a scan of the sales, never the running totals: what `totals` must always equal.
    func scannedTotals(_ filter: SaleFilter, groupedBy grouping: Set<TotalsGrouping>) throws -> [SaleTotals] {
        switch store {
        case let database as TillDatabase:
            return try database.pool.read { db in try TillDatabase.totals(db, filter: filter, grouping: grouping) }
        case let postgres as PostgresStore:
            return try postgres.scannedTotals(filter, lane: nil, groupedBy: grouping)
        default:
            throw StoreError.database(path: "", operation: "scanning", detail: "unknown engine")
        }
    }

    /// Rows of each running-totals table that differ from the sales grouped the same way (empty: all match).
    func runningTotalsDifferences() throws -> [String: Int] {
        switch store {
        case let database as TillDatabase: return try database.runningTotalsDifferences()
        case let postgres as PostgresStore: return try postgres.runningTotalsDifferences()
        default: throw StoreError.database(path: "", operation: "comparing", detail: "unknown engine")
        }
    }
}

/// How many groups of a running-totals table differ from the sales grouped the same way: a group missing on either
/// side, a different sum, or opening-time bounds that do not contain the group's sales.
func runningTotalsMismatchSQL(table: String, keys: [String], sums: [String], grouped: String) -> String {
    let differs = sums.map { "s.\($0) <> g.\($0)" } + ["s.first_at > g.first_at", "s.last_at < g.last_at"]
    return """
        SELECT COUNT(*) AS n FROM (SELECT * FROM \(table) WHERE sales > 0) s FULL JOIN (\(grouped)) g USING (\(keys.joined(separator: ", ")))
        WHERE s.sales IS NULL OR g.sales IS NULL OR \(differs.joined(separator: " OR "))
        """
}

extension TillDatabase {
    /// Groups of each running-totals table that differ from the sales (empty: all match).
    func runningTotalsDifferences() throws -> [String: Int] {
        try pool.read { db in
            var differences: [String: Int] = [:]
            for table in TotalsTable.all {
                let sql = runningTotalsMismatchSQL(table: table.name, keys: table.keys,
                                                   sums: ["sales", "fiat_minor"] + TotalsTable.sums + ["huge"],
                                                   grouped: table.grouped)
                let count = try Int.fetchOne(db, sql: sql) ?? -1
                if count != 0 { differences[table.name] = count }
            }
            return differences
        }
    }
}

extension PostgresStore {
    /// Groups of each running-totals table that differ from the sales (empty: all match).
    func runningTotalsDifferences() throws -> [String: Int] {
        try link.withSession("comparing the running totals") { session in
            var differences: [String: Int] = [:]
            for table in PostgresTotalsTable.all {
                let sql = runningTotalsMismatchSQL(table: table.name, keys: table.keys,
                                                   sums: ["sales", "fiat_minor", "due", "received"], grouped: table.grouped)
                let count = try session.query(sql).first?.get("n", Int.self) ?? -1
                if count != 0 { differences[table.name] = count }
            }
            return differences
        }
    }
}
