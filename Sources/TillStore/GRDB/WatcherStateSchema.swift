import GRDB

/// A chain watcher's state (watched scripts, followed payments, recent block hashes) as rows, next to the
/// observations it produced.
///
/// Why rows in the sales database and not a side file: the state and the observations must commit in ONE
/// transaction (a kill between them made a restarted watcher skip a payment the sale never got), and a
/// per-row table lets each tick write only what changed. The cursor stays in `chain_cursor`.
enum WatcherStateSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE watcher_state (
                backend_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                key TEXT NOT NULL,
                value BLOB NOT NULL,
                PRIMARY KEY (backend_id, kind, key)
            ) WITHOUT ROWID;
            ALTER TABLE observations ADD COLUMN confirmations INTEGER;
            """)
    }
}
