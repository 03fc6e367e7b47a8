import Foundation
import TillStore

/// Chain watchers' state and cursors, per lane: each lane's watcher follows its own sales, so two lanes polling the
/// same backend keep separate rows and cursors (one saving its cursor must never make the other skip blocks).
extension PostgresStore {
    /// This lane's cursor for the backend; a cursor saved before lanes had their own (lane '') until it saves one.
    public func chainCursor(backendID: String) throws -> ChainCursor? {
        try link.withSession("loading the chain cursor") { session in try cursor(session, backendID: backendID) }
    }

    public func saveChainCursor(_ cursor: ChainCursor, at: Date) throws {
        try link.withSession("saving the chain cursor") { session in try saveCursor(session, cursor, at: at) }
    }

    /// This lane's watcher rows and cursor for the backend (empty for a backend it never polled).
    public func watcherState(backendID: String) throws -> (cursor: ChainCursor?, rows: [WatcherStateRow]) {
        try link.transaction("loading the watcher state of \(backendID)") { session in
            let rows = try session.query("""
                SELECT kind, key, value FROM watcher_state WHERE lane = $1 AND backend_id = $2 ORDER BY kind, key
                """, [lane, backendID]).map {
                WatcherStateRow(kind: try $0.get("kind"), key: try $0.get("key"), value: try $0.get("value", Data.self))
            }
            return (try cursor(session, backendID: backendID), rows)
        }
    }

    /// Writes the observations (each output once for the shop), the funded marks, this lane's changed rows and its
    /// cursor in ONE transaction: after a crash all of it is there, or none (the watcher scans the same again).
    public func commitWatcher(backendID: String, _ commit: WatcherCommit, at: Date) throws {
        guard !commit.isEmpty else { return }
        try link.transaction("saving the watcher state of \(backendID)") { session in
            for observation in commit.observations { try insertObservation(session, observation) }
            for address in commit.funded { try markFunded(session, address: address, at: at) }
            for row in commit.upserts {
                try session.execute("""
                    INSERT INTO watcher_state (lane, backend_id, kind, key, value) VALUES ($1, $2, $3, $4, $5)
                    ON CONFLICT (lane, backend_id, kind, key) DO UPDATE SET value = excluded.value
                    """, [lane, backendID, row.kind, row.key, row.value])
            }
            for removal in commit.removals {
                try session.execute("""
                    DELETE FROM watcher_state WHERE lane = $1 AND backend_id = $2 AND kind = $3 AND key = $4
                    """, [lane, backendID, removal.kind, removal.key])
            }
            if let cursor = commit.cursor { try saveCursor(session, cursor, at: at) }
        }
    }

    private func cursor(_ session: PostgresSession, backendID: String) throws -> ChainCursor? {
        // This lane's own row sorts first; the shop's pre-lane row ('') is the fallback.
        try session.query("""
            SELECT height, block_hash FROM chain_cursor WHERE backend_id = $1 AND lane IN ($2, '')
            ORDER BY lane = $2 DESC LIMIT 1
            """, [backendID, lane]).first.map {
            ChainCursor(backendID: backendID, height: try $0.get("height"), blockHash: try $0.get("block_hash"))
        }
    }

    private func saveCursor(_ session: PostgresSession, _ cursor: ChainCursor, at: Date) throws {
        try session.execute("""
            INSERT INTO chain_cursor (lane, backend_id, height, block_hash, updated_at) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (lane, backend_id) DO UPDATE SET height = excluded.height, block_hash = excluded.block_hash,
                                                         updated_at = excluded.updated_at
            """, [lane, cursor.backendID, cursor.height, cursor.blockHash, at.millis])
    }
}
