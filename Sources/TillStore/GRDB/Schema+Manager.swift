import GRDB

extension Schema {
    /// Issue 6: refunds the merchant made from their own wallet, and closed days (Z reports).
    static func createManager(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE refunds (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                sale_id TEXT NOT NULL REFERENCES sales(id),
                asset_id TEXT NOT NULL,
                txid TEXT NOT NULL,
                amount_units TEXT NOT NULL,
                recorded_at INTEGER NOT NULL,
                recorded_by TEXT NOT NULL,
                note TEXT NOT NULL DEFAULT '',
                UNIQUE (sale_id, txid)
            );
            CREATE INDEX refunds_by_time ON refunds(recorded_at);
            CREATE TABLE day_closes (
                day TEXT PRIMARY KEY NOT NULL,
                closed_at INTEGER NOT NULL,
                closed_by TEXT NOT NULL,
                report_hash TEXT NOT NULL,
                report_text TEXT NOT NULL
            );
            CREATE TRIGGER refunds_append_only_update BEFORE UPDATE ON refunds
                BEGIN SELECT RAISE(ABORT, 'refunds are append-only'); END;
            CREATE TRIGGER day_closes_append_only_update BEFORE UPDATE ON day_closes
                BEGIN SELECT RAISE(ABORT, 'day closes are append-only'); END;
            """)
    }
}
