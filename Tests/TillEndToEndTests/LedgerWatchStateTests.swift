import Foundation
import GRDB
import Testing
@testable import TillApp
import TillChain
import TillCore
import TillStore
import TillTestSupport
import TillUI

/// The Bitcoin watchers' state in the sales database: a save writes only what changed, staged observations commit
/// with the state (and their sale events are posted only after), and an old `chain-<COIN>.json` is imported once.
@Suite struct LedgerWatchStateTests {
    static func script(_ n: Int) -> WatchedScript {
        WatchedScript(address: "mscript\(n)", scriptPubKey: [0x76, 0xa9, UInt8(n % 256), UInt8(n / 256)], asset: .btc)
    }

    static func payment(_ n: Int, confirmations: Int) -> TrackedPayment {
        let observation = PaymentObservation(ref: PaymentRef(txid: String(repeating: "\(n % 10)", count: 64), output: 0),
                                             address: "mscript\(n)", amount: CoinAmount(units: 5_000, asset: .btc), replaceable: false,
                                             confirmations: confirmations, blockHeight: confirmations > 0 ? 100 : nil,
                                             blockHash: confirmations > 0 ? "h100" : nil)
        return TrackedPayment(observation: observation, state: confirmations > 0 ? .confirmed : .unconfirmed,
                              inputs: [OutPoint(txid: String(repeating: "f", count: 64), vout: 1)], confirmations: confirmations,
                              blockHeight: observation.blockHeight, blockHash: observation.blockHash)
    }

    static func snapshot(tip: Int, confirmations: Int) -> ChainWatchSnapshot {
        ChainWatchSnapshot(cursor: ChainTip(height: tip, hash: "h\(tip)"),
                           recentHashes: Dictionary(uniqueKeysWithValues: (90...tip).map { ($0, "h\($0)") }),
                           watched: (0..<500).map(script), payments: [payment(3, confirmations: confirmations)])
    }

    static func changes(_ database: TillDatabase) throws -> Int {
        try database.pool.writeWithoutTransaction { db in db.totalChangesCount }
    }

    @Test func aTickWritesOnlyWhatChangedAndTheStateLoadsBack() async throws {
        let directory = try TemporaryDirectory(prefix: "till-watch-state")
        let database = try TillDatabase(path: directory.file("till.sqlite").path)
        let state = LedgerWatchState(backendID: "BTC", database: database)
        #expect(try await state.load() == nil, "nothing stored yet")
        try await state.save(Self.snapshot(tip: 100, confirmations: 1))
        let before = try Self.changes(database)
        try await state.save(Self.snapshot(tip: 100, confirmations: 1))
        #expect(try Self.changes(database) == before, "an unchanged tick writes nothing")
        // A new block: the cursor, one block hash and one payment's depth; not the 500 watched scripts.
        try await state.save(Self.snapshot(tip: 101, confirmations: 2))
        #expect(try Self.changes(database) - before == 3)

        let loaded = try #require(try await LedgerWatchState(backendID: "BTC", database: database).load())
        let expected = Self.snapshot(tip: 101, confirmations: 2)
        #expect(loaded.cursor == expected.cursor && loaded.recentHashes == expected.recentHashes)
        #expect(Set(loaded.watched) == Set(expected.watched) && loaded.payments == expected.payments)
    }

    @Test func stagedObservationsCommitWithTheStateAndAreNotPostedBefore() async throws {
        let directory = try TemporaryDirectory(prefix: "till-watch-state")
        let database = try TillDatabase(path: directory.file("till.sqlite").path)
        let state = LedgerWatchState(backendID: "BTC", database: database)
        let posted = Inbox()
        state.stage(ChainObservationRecord(at: Date(), backend: "BTC test", kind: "payment", txid: String(repeating: "3", count: 64),
                                           output: 0, address: "mscript3", amountUnits: 5_000, confirmations: 0),
                    funded: "mscript3", post: { posted.post(.notice(Notice("posted", .info))) })
        try await database.pool.write { db in
            try db.execute(sql: "CREATE TRIGGER fail_state BEFORE INSERT ON watcher_state BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        }
        await #expect(throws: (any Error).self) { try await state.save(Self.snapshot(tip: 100, confirmations: 0)) }
        #expect(try database.observationCount() == 0, "the observation failed with the state")
        #expect(posted.drain().isEmpty, "and its event was not posted")
        try await database.pool.write { db in try db.execute(sql: "DROP TRIGGER fail_state") }
        try await state.save(Self.snapshot(tip: 100, confirmations: 0))
        #expect(try database.observationCount() == 1, "the next save commits it with the state")
        #expect(posted.drain().count == 1)
        #expect(try database.watcherState(backendID: "BTC").rows.contains { $0.kind == "payment" })
    }

    @Test func anOldSideFileIsImportedOnceAndRemoved() async throws {
        let directory = try TemporaryDirectory(prefix: "till-watch-state")
        let database = try TillDatabase(path: directory.file("till.sqlite").path)
        let file = directory.file("chain-BTC.json")
        let old = Self.snapshot(tip: 100, confirmations: 1)
        try JSONEncoder().encode(old).write(to: file)
        let loaded = try await LedgerWatchState(backendID: "BTC", database: database, legacyFile: file).load()
        #expect(loaded == old)
        #expect(!FileManager.default.fileExists(atPath: file.path), "no second source of truth is left behind")
        let again = try #require(try await LedgerWatchState(backendID: "BTC", database: database, legacyFile: file).load())
        #expect(again.cursor == old.cursor && again.payments == old.payments && Set(again.watched) == Set(old.watched))
    }
}
