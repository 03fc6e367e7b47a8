import GRDB

/// The webhook outbox (issue 8): one row per event and endpoint, written in the sale's transaction.
enum WebhookSchema {
    static func create(_ db: Database) throws {
        // UNIQUE (endpoint, event_id): enqueuing the same event twice for one endpoint is a no-op, so a
        // delivery is never sent twice under two row ids.
        try db.execute(sql: """
            CREATE TABLE webhook_deliveries (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                endpoint TEXT NOT NULL,
                event_id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                body BLOB NOT NULL,
                created_at INTEGER NOT NULL,
                status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER,
                retry_from INTEGER NOT NULL,
                last_attempt_at INTEGER,
                last_status_code INTEGER,
                last_error TEXT,
                UNIQUE (endpoint, event_id)
            );
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at, id) WHERE status = 'pending';
            CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint, id);
            """)
    }
}
