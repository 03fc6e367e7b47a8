import BigInt
import Foundation
import GRDB
import TillCore

/// One row of a watcher's persisted state: `kind` ("script", "payment", "block") and `key` name it, `value` is
/// the watcher's own encoding.
public struct WatcherStateRow: Hashable, Sendable {
    public let kind: String
    public let key: String
    public let value: Data

    public init(kind: String, key: String, value: Data) {
        self.kind = kind
        self.key = key
        self.value = value
    }
}

/// What a watcher changed since its last commit, with the observations it produced meanwhile.
public struct WatcherCommit: Sendable {
    public var cursor: ChainCursor?
    public var upserts: [WatcherStateRow] = []
    public var removals: [(kind: String, key: String)] = []
    public var observations: [ChainObservationRecord] = []
    /// Addresses that received funds (never handed out again).
    public var funded: [String] = []

    public init(cursor: ChainCursor? = nil) { self.cursor = cursor }

    public var isEmpty: Bool {
        cursor == nil && upserts.isEmpty && removals.isEmpty && observations.isEmpty && funded.isEmpty
    }
}

/// An observation as replayed into a sale after a restart.
public struct StoredObservation: Hashable, Sendable {
    public let id: Int64
    public let record: ChainObservationRecord

    public init(id: Int64, record: ChainObservationRecord) {
        self.id = id
        self.record = record
    }
}

extension TillDatabase {
    /// The watcher's stored rows and cursor (empty for a backend never polled).
    public func watcherState(backendID: String) throws -> (cursor: ChainCursor?, rows: [WatcherStateRow]) {
        try read("loading the watcher state of \(backendID)") { db in
            let rows = try Row.fetchAll(db, sql: "SELECT kind, key, value FROM watcher_state WHERE backend_id = ?",
                                        arguments: [backendID]).map {
                WatcherStateRow(kind: $0["kind"], key: $0["key"], value: $0["value"])
            }
            let cursor = try Row.fetchOne(db, sql: "SELECT height, block_hash FROM chain_cursor WHERE backend_id = ?",
                                          arguments: [backendID]).map {
                ChainCursor(backendID: backendID, height: $0["height"], blockHash: $0["block_hash"])
            }
            return (cursor, rows)
        }
    }

    /// Writes the observations, the funded marks and the watcher's changed rows in ONE transaction: after a crash
    /// either all of it is there (and the restart replays the observations into their sales) or none of it (and the
    /// watcher scans the same blocks and mempool again).
    public func commitWatcher(backendID: String, _ commit: WatcherCommit, at: Date) throws {
        guard !commit.isEmpty else { return }
        try write("saving the watcher state of \(backendID)") { db in
            for observation in commit.observations { try insertObservation(db, observation) }
            for address in commit.funded { try markFunded(db, address: address, at: at) }
            for row in commit.upserts {
                try db.cachedStatement(sql: """
                    INSERT INTO watcher_state (backend_id, kind, key, value) VALUES (?, ?, ?, ?)
                    ON CONFLICT(backend_id, kind, key) DO UPDATE SET value = excluded.value
                    """).execute(arguments: [backendID, row.kind, row.key, row.value])
            }
            for removal in commit.removals {
                try db.cachedStatement(sql: "DELETE FROM watcher_state WHERE backend_id = ? AND kind = ? AND key = ?")
                    .execute(arguments: [backendID, removal.kind, removal.key])
            }
            if let cursor = commit.cursor {
                try db.execute(sql: """
                    INSERT INTO chain_cursor (backend_id, height, block_hash, updated_at) VALUES (?, ?, ?, ?)
                    ON CONFLICT(backend_id) DO UPDATE SET height = excluded.height, block_hash = excluded.block_hash,
                                                          updated_at = excluded.updated_at
                    """, arguments: [backendID, cursor.height, cursor.blockHash, at.millis])
            }
        }
    }

    /// Every payment, confirmations, reorg and vanished observation of these addresses (and of the payments seen
    /// on them), oldest first: what a restart replays into the sales that own the addresses.
    public func observations(forAddresses addresses: [String]) throws -> [StoredObservation] {
        guard !addresses.isEmpty else { return [] }
        return try read("reading observations") { db in
            let marks = Array(repeating: "?", count: addresses.count).joined(separator: ",")
            // Confirmation rows of the Bitcoin watchers carry no address: join them through the payment's txid.
            return try Row.fetchAll(db, sql: """
                SELECT * FROM observations WHERE address IN (\(marks))
                UNION
                SELECT o.* FROM observations o
                WHERE o.address IS NULL AND o.txid IN (SELECT txid FROM observations WHERE address IN (\(marks)))
                ORDER BY id
                """, arguments: StatementArguments(addresses + addresses)).map { row in
                StoredObservation(id: row["id"], record: ChainObservationRecord(
                    at: Date(millis: row["at"]), backend: row["backend"], kind: row["kind"], txid: row["txid"],
                    output: row["output"], address: row["address"],
                    amountUnits: (row["amount_units"] as String?).flatMap { BigUInt($0) }, height: row["height"],
                    blockHash: row["block_hash"], rawJSON: row["raw_json"], confirmations: row["confirmations"]))
            }
        }
    }
}
