import Foundation
import Testing
import TillApp
import TillConfig
import TillCore
import TillStore
import TillTestSupport
import TillUI
#if canImport(Glibc)
import Glibc
#endif

/// Issue 13.4: the data directory is 0700 and every file the till writes is 0600, set explicitly: these tests run
/// with umask 0, under which anything left to the umask would come out 0666/0777.
@Suite(.serialized) struct FileModeTests {
    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int ?? -1) & 0o777
    }

    /// Runs `body` with umask 0 and restores the old one.
    static func withoutUmask<T>(_ body: () throws -> T) rethrows -> T {
        let old = umask(0)
        defer { umask(old) }
        return try body()
    }

    @Test func databaseWalShmAndItsNewDirectoryArePrivate() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("data/till").path
        let path = data + "/till.sqlite"
        let database = try Self.withoutUmask { try TillDatabase(path: path) }
        try database.pool.write { db in try db.execute(sql: "CREATE TABLE IF NOT EXISTS probe (x)"); try db.execute(sql: "INSERT INTO probe VALUES (1)") }
        #expect(Self.mode(data) == 0o700)
        #expect(Self.mode(path) == 0o600)
        #expect(FileManager.default.fileExists(atPath: path + "-wal"))
        #expect(Self.mode(path + "-wal") == 0o600)
        #expect(Self.mode(path + "-shm") == 0o600)
    }

    @Test func anOlderWorldReadableDatabaseIsTightenedOnOpen() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("till.sqlite").path
        _ = try TillDatabase(path: path)
        chmod(path, 0o644)
        _ = try TillDatabase(path: path)
        #expect(Self.mode(path) == 0o600)
    }

    @Test func logReceiptsReportsAndExportsArePrivate() throws {
        let directory = try TemporaryDirectory()
        try Self.withoutUmask {
            let log = FileLog(path: directory.file("logs/till.log").path)
            log.info("hello")
            #expect(Self.mode(directory.file("logs").path) == 0o700)
            #expect(Self.mode(log.path) == 0o600)
            try PrivateFiles.write(Data("z".utf8), to: directory.file("reports/z-2026-11-25.txt").path)
            #expect(Self.mode(directory.file("reports").path) == 0o700)
            #expect(Self.mode(directory.file("reports/z-2026-11-25.txt").path) == 0o600)
            let handle = try PrivateFiles.truncating(directory.file("exports/nov.csv").path)
            try handle.write(contentsOf: Data("a,b\n".utf8))
            try handle.close()
            #expect(Self.mode(directory.file("exports/nov.csv").path) == 0o600)
        }
        // An existing folder the till did not create (a shared log folder) keeps its mode.
        chmod(directory.url.path, 0o755)
        try PrivateFiles.directory(directory.url.path)
        #expect(Self.mode(directory.url.path) == 0o755)
        try PrivateFiles.directory(directory.url.path, tightening: true)
        #expect(Self.mode(directory.url.path) == 0o700)
    }

    @Test func aTrainingTillsDataDirectoryLogAndDatabaseArePrivate() throws {
        let directory = try TemporaryDirectory()
        let data = directory.file("data").path
        try FileManager.default.createDirectory(atPath: data, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let config = directory.file("till.toml").path
        try "data_dir = \"\(data)\"\n".write(toFile: config, atomically: true, encoding: .utf8)
        let assembly = try Self.withoutUmask { try TillLauncher.assemble(LaunchOptions(configPath: config, training: true, environment: [:]),
                                                                                     lockDataDirectory: true) }
        assembly.log.info("started")
        #expect(Self.mode(data) == 0o700)
        #expect(Self.mode(data + "/till.log") == 0o600)
        #expect(Self.mode(data + "/training.sqlite") == 0o600)
        let writer = ReceiptWriter(directory: URL(fileURLWithPath: data + "/receipts"))
        let sale = Sale(id: "S-1", cashier: "alice", openedAt: Date(), cart: Cart(currency: .usd, taxMode: .excluded))
        let written = try Self.withoutUmask { try writer.write(sale, shop: ShopInfo(name: "Shop", currency: .usd), timeZone: .current).get() }
        #expect(Self.mode(written) == 0o600)
        #expect(Self.mode(data + "/receipts") == 0o700)
        // Everything the till made in its data directory: the lock, the key, the WAL, the audit head, …
        let everything = FileManager.default.enumerator(atPath: data)?.compactMap { $0 as? String } ?? []
        #expect(everything.contains("till.lock") && everything.contains("till.key"), "\(everything)")
        for name in everything {
            var isDirectory: ObjCBool = false
            _ = FileManager.default.fileExists(atPath: data + "/" + name, isDirectory: &isDirectory)
            #expect(Self.mode(data + "/" + name) == (isDirectory.boolValue ? 0o700 : 0o600), "\(name)")
        }
    }
}
