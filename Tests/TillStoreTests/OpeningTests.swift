import Foundation
import GRDB
import Testing
import TillStore
import TillTestSupport

@Suite struct OpeningTests {
    @Test func createsTheDirectoryAppliesEveryMigrationAndUsesWAL() throws {
        let test = try TestDatabase()
        #expect(FileManager.default.fileExists(atPath: test.path))
        #expect(try test.database.appliedMigrations() == ["v1-sales", "v1-chain", "v1-accounts", "v2-webhook-deliveries", "v2-manager",
                                                               "v3-reorg-watch", "v3-sale-day-totals", "v4-watcher-state", "v5-lane-display", "v6-catalog-sync", "v7-sale-all-totals",
                                                               "v8-packed-sale-documents", "v9-unused-lookup-indexes"])
        #expect(try test.database.journalMode() == "wal")
        #expect(try test.database.integrityCheck() == ["ok"])
        let tables = try test.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
        }
        for table in ["products", "sales", "sale_documents", "sale_lines", "quotes", "payments", "sale_transitions", "observations",
                      "wallet_address_index", "addresses", "users", "audit_log", "outbox", "chain_cursor", "watcher_state"] {
            #expect(tables.contains(table), "missing table \(table)")
        }
    }

    @Test func reopeningKeepsDataAndDoesNotMigrateAgain() throws {
        let test = try TestDatabase()
        try test.database.save(try Fixture.sale(id: "S-1", status: .awaitingPayment), effects: [], reason: "t",
                               at: Fixture.noon)
        let before = try test.database.appliedMigrations()
        let again = try test.reopened()
        #expect(try again.appliedMigrations() == before)
        #expect(try again.sale(id: "S-1") != nil)
    }

    /// A second `TillDatabase` on a path this process already has open must not open/close the file itself: closing
    /// any descriptor of a file drops all of this process's POSIX locks on it, and a connection without its SHARED
    /// lock lets another process's closing connection delete the WAL under it (a malformed database, seen in the soak).
    @Test func aSecondOpenKeepsTheFirstConnectionsLocks() throws {
        let test = try TestDatabase()
        _ = try test.database.integrityCheck()
        #expect(try Self.someoneHoldsALock(on: test.path), "the open database should hold its SHARED lock")
        let again = try test.reopened()
        _ = try again.integrityCheck()
        #expect(try Self.someoneHoldsALock(on: test.path), "a second open dropped the first connection's locks")
    }

    /// Whether a write lock on the whole file would conflict: asked with an open-file-description lock (`F_OFD_GETLK`),
    /// which, unlike `F_GETLK`, sees the POSIX locks of this very process.
    private static func someoneHoldsALock(on path: String) throws -> Bool {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw CocoaError(.fileReadUnknown) }
        // Only read here, never closed before the test ends: closing it would itself drop the locks being checked.
        var query = flock()
        query.l_type = Int16(F_WRLCK)
        query.l_whence = Int16(SEEK_SET)
        let ofdGetLock: Int32 = 36  // F_OFD_GETLK on Linux (fcntl.h, _GNU_SOURCE)
        guard fcntl(fd, ofdGetLock, &query) == 0 else { throw CocoaError(.fileReadUnknown) }
        return query.l_type != Int16(F_UNLCK)
    }

    /// Lanes (or a till and a manager tool) starting together on a fresh data directory all get the one key: the
    /// key used to be created empty and then written, and a loser reading in between was told the key was corrupt.
    @Test func processesCreatingTheInstallKeyTogetherAllGetTheSameOne() async throws {
        for _ in 0..<20 {
            let directory = try TemporaryDirectory(prefix: "till-key-race")
            let keys = try await withThrowingTaskGroup(of: InstallSecret.self) { group in
                for _ in 0..<8 {
                    group.addTask { try await Task.detached { try InstallSecret.loadOrCreate(directory: directory.url.path) }.value }
                }
                return try await group.reduce(into: [InstallSecret]()) { $0.append($1) }
            }
            #expect(Set(keys.map(\.bytes)).count == 1)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).filter { $0 != InstallSecret.fileName }
            #expect(leftovers.isEmpty, "\(leftovers)")
        }
    }

    @Test func aDatabaseFromANewerTillIsRefusedWithAClearError() throws {
        let test = try TestDatabase()
        try test.database.pool.write { db in
            try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v9-future')")
        }
        #expect {
            _ = try test.reopened()
        } throws: { error in
            guard let error = error as? StoreError, case .newerSchema(let path, let unknown) = error else { return false }
            return path == test.path && unknown == ["v9-future"]
                && error.message.contains("written by a newer Till (schema v9-future)")
                && error.message.contains("set data_dir in till.toml") && !error.message.contains("--data-dir")
        }
    }

    @Test func aFileThatIsNotSQLiteIsRefusedNamingThePath() throws {
        let directory = try TemporaryDirectory(prefix: "till-store")
        let file = directory.file("till.sqlite")
        try Data(repeating: 0x5A, count: 8192).write(to: file)
        #expect {
            _ = try TillDatabase(path: file.path)
        } throws: { error in
            guard let error = error as? StoreError, case .notADatabase(let path, _) = error else { return false }
            return path == file.path && error.message.contains(file.path)
        }
    }

    @Test func aDamagedDatabaseGivesATypedErrorOrAFailedCheckNeverACrash() throws {
        let directory = try TemporaryDirectory(prefix: "till-store")
        let path = directory.file("till.sqlite").path
        do {
            let database = try TillDatabase(path: path)
            for number in 0..<100 {
                try database.save(try Fixture.sale(id: "S-\(number)", status: .paid, paid: 1), effects: [], reason: "t",
                                  at: Fixture.noon)
            }
        }  // closing the last connection checkpoints the WAL into the file
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 16 * 4096)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        try handle.seek(toOffset: 2 * 4096)
        try handle.write(contentsOf: Data(repeating: 0xA5, count: size - 3 * 4096))
        try handle.close()
        let outcome = Result { () throws(StoreError) -> [String] in try TillDatabase(path: path).integrityCheck() }
        switch outcome {
        case .success(let problems): #expect(problems != ["ok"])
        case .failure(let error): #expect(error.message.contains(path))
        }
    }

    @Test func aDirectoryInsteadOfAFileIsRefused() throws {
        let directory = try TemporaryDirectory(prefix: "till-store")
        #expect {
            _ = try TillDatabase(path: directory.url.path)
        } throws: { error in
            guard let error = error as? StoreError, case .cannotOpen(let path, _) = error else { return false }
            return path == directory.url.path
        }
    }
}
