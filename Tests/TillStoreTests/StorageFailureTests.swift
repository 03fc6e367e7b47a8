import Foundation
import GRDB
import Testing
import TillStore
import TillTestSupport

/// Real failures, classified: SQLite refusing to grow (its page limit stands in for a full disk, same error code),
/// a write to /dev/full (ENOSPC from the kernel), a read-only database, and a file that is not a database.
@Suite struct StorageFailureTests {
    @Test func sqliteOutOfRoomIsADiskFull() throws {
        let directory = try TemporaryDirectory()
        let queue = try DatabaseQueue(path: directory.file("small.sqlite").path)
        try queue.write { try $0.execute(sql: "CREATE TABLE filler (blob BLOB)") }
        let pages = try queue.read { try Int.fetchOne($0, sql: "PRAGMA page_count") } ?? 1
        try queue.writeWithoutTransaction { try $0.execute(sql: "PRAGMA max_page_count = \(pages + 2)") }
        let error = #expect(throws: DatabaseError.self) {
            try queue.write { try $0.execute(sql: "INSERT INTO filler VALUES (zeroblob(1000000))") }
        }
        let failure = StorageFailure(try #require(error))
        #expect(failure.kind == .diskFull && failure.label == "DISK FULL")
        #expect(failure.description.hasPrefix("the disk is full"))
    }

    @Test func theKernelsNoSpaceIsADiskFull() throws {
        let handle = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let error = #expect(throws: (any Error).self) { try handle.write(contentsOf: Data(repeating: 0, count: 4096)) }
        #expect(StorageFailure(try #require(error)).kind == .diskFull, "\(String(describing: error))")
    }

    @Test func aReadOnlyDatabaseAndADamagedFileAreNamed() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("ro.sqlite").path
        try DatabaseQueue(path: path).write { try $0.execute(sql: "CREATE TABLE t (x)") }
        var configuration = Configuration()
        configuration.readonly = true
        let readOnly = try DatabaseQueue(path: path, configuration: configuration)
        let refused = #expect(throws: DatabaseError.self) {
            try readOnly.writeWithoutTransaction { try $0.execute(sql: "INSERT INTO t VALUES (1)") }
        }
        #expect(StorageFailure(try #require(refused)).kind == .readOnly)

        let junk = directory.file("junk.sqlite").path
        try Data(repeating: 0x41, count: 8192).write(to: URL(fileURLWithPath: junk))
        let damaged = #expect(throws: (any Error).self) {
            try DatabaseQueue(path: junk).read { try $0.execute(sql: "SELECT * FROM sqlite_master") }
        }
        #expect(StorageFailure(try #require(damaged)).kind == .damaged)
        // Classifying twice changes nothing.
        let once = StorageFailure(try #require(damaged))
        #expect(StorageFailure(once) == once)
    }
}
