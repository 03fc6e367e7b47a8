import BigInt
import Foundation
import GRDB
import Testing
import TillCore
import TillStore
import TillTestSupport

/// A watcher's state and the observations it produced commit in one transaction: both or neither.
@Suite struct WatcherStateTests {
    static func payment(_ txid: String, address: String = "bcrt1qpaid", confirmations: Int = 0) -> ChainObservationRecord {
        ChainObservationRecord(at: Fixture.noon, backend: "BTC node", kind: "payment", txid: txid, output: 0, address: address,
                               amountUnits: 25_000, confirmations: confirmations)
    }

    static func commit(_ txid: String) -> WatcherCommit {
        var commit = WatcherCommit(cursor: ChainCursor(backendID: "BTC", height: 7, blockHash: "h7"))
        commit.observations = [payment(txid)]
        commit.funded = ["bcrt1qpaid"]
        commit.upserts = [WatcherStateRow(kind: "payment", key: "\(txid):0", value: Data("{}".utf8))]
        return commit
    }

    @Test func aCommitWritesObservationsRowsAndCursorTogether() throws {
        let test = try TestDatabase()
        try test.database.commitWatcher(backendID: "BTC", Self.commit("aa"), at: Fixture.noon)
        let (cursor, rows) = try test.reopened().watcherState(backendID: "BTC")
        #expect(cursor?.height == 7 && cursor?.blockHash == "h7")
        #expect(rows == [WatcherStateRow(kind: "payment", key: "aa:0", value: Data("{}".utf8))])
        #expect(try test.database.observationCount() == 1)
        // Another backend's state is its own.
        #expect(try test.database.watcherState(backendID: "LTC").rows.isEmpty)
    }

    @Test func aFailingWriteRollsBackTheObservationsAndTheStateAlike() throws {
        let test = try TestDatabase()
        try test.database.commitWatcher(backendID: "BTC", Self.commit("aa"), at: Fixture.noon)
        // The state write fails after the observation was inserted in the same transaction (a full disk, say).
        try test.database.pool.write { db in
            try db.execute(sql: """
                CREATE TRIGGER fail_state BEFORE INSERT ON watcher_state BEGIN SELECT RAISE(ABORT, 'disk full'); END;
                """)
        }
        var failing = Self.commit("bb")
        failing.cursor = ChainCursor(backendID: "BTC", height: 8, blockHash: "h8")
        #expect(throws: (any Error).self) { try test.database.commitWatcher(backendID: "BTC", failing, at: Fixture.noon) }
        #expect(try test.database.observationCount() == 1, "the observation of the failed commit is not there")
        let (cursor, rows) = try test.database.watcherState(backendID: "BTC")
        #expect(cursor?.height == 7, "nor its cursor")
        #expect(rows.map(\.key) == ["aa:0"], "nor its rows")
    }

    @Test func removalsDeleteOnlyTheirRows() throws {
        let test = try TestDatabase()
        var commit = WatcherCommit()
        commit.upserts = ["s1", "s2", "s3"].map { WatcherStateRow(kind: "script", key: $0, value: Data($0.utf8)) }
        try test.database.commitWatcher(backendID: "BTC", commit, at: Fixture.noon)
        var removal = WatcherCommit()
        removal.removals = [(kind: "script", key: "s2")]
        try test.database.commitWatcher(backendID: "BTC", removal, at: Fixture.noon)
        #expect(try test.database.watcherState(backendID: "BTC").rows.map(\.key).sorted() == ["s1", "s3"])
    }

    @Test func observationsOfAnAddressIncludeTheConfirmationsOfItsPayments() throws {
        let test = try TestDatabase()
        try test.database.recordObservation(Self.payment("aa", confirmations: 0))
        try test.database.recordObservation(Self.payment("cc", address: "bcrt1qother"))
        try test.database.recordObservation(ChainObservationRecord(at: Fixture.noon, backend: "BTC node", kind: "confirmations",
                                                                   txid: "aa", output: 0, height: 9, blockHash: "h9", confirmations: 2))
        let found = try test.database.observations(forAddresses: ["bcrt1qpaid"])
        #expect(found.map(\.record.kind) == ["payment", "confirmations"])
        #expect(found.last?.record.confirmations == 2 && found.last?.record.height == 9)
        #expect(found.first?.record.amountUnits == 25_000)
    }

    @Test func theSalesDatabaseSyncsEveryCommit() throws {
        let test = try TestDatabase()
        #expect(try test.database.synchronousMode() == 2, "PRAGMA synchronous = FULL on the writer")
        #expect(try test.reopened().synchronousMode() == 2)
    }

    /// Training's scratch file (made again at every start) syncs nothing, and is still a WAL database that keeps its writes.
    @Test func aScratchDatabaseSyncsNothing() throws {
        let directory = try TemporaryDirectory(prefix: "till-scratch")
        let scratch = try TillDatabase(path: directory.file("training.sqlite").path, scratch: true)
        #expect(try scratch.synchronousMode() == 0, "PRAGMA synchronous = OFF")
        #expect(try scratch.journalMode() == "wal")
        try scratch.upsertProducts([Fixture.coffee], at: Fixture.noon)
        #expect(try scratch.stockLevels()[Fixture.coffee.id] == 10)
    }
}
