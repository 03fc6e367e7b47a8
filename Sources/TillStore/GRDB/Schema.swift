import GRDB

/// The SQLite schema as a list of migrations. Never edit a shipped migration: add a new one.
/// Times are INTEGER milliseconds since 1970 (UTC); coin amounts are TEXT decimal base units (exact, any size).
enum Schema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-sales", migrate: createSales)
        migrator.registerMigration("v1-chain", migrate: createChain)
        migrator.registerMigration("v1-accounts", migrate: createAccounts)
        migrator.registerMigration("v2-webhook-deliveries", migrate: WebhookSchema.create)
        migrator.registerMigration("v2-manager", migrate: createManager)
        migrator.registerMigration("v3-reorg-watch", migrate: ReorgWatchSchema.create)
        migrator.registerMigration("v3-sale-day-totals", migrate: createSaleTotals)
        migrator.registerMigration("v4-watcher-state", migrate: WatcherStateSchema.create)
        migrator.registerMigration("v5-lane-display", migrate: LaneDisplaySchema.create)
        migrator.registerMigration("v6-catalog-sync", migrate: CatalogSyncSchema.create)
        migrator.registerMigration("v7-sale-all-totals", migrate: createAllTimeTotals)
        // Immediate checks: the copy checks each row's sale by key; deferred would check every table's keys at the end.
        migrator.registerMigration("v8-packed-sale-documents", foreignKeyChecks: .immediate,
                                   migrate: SaleDocumentSchema.create)
        // Lookups no query makes (DECISIONS 60): a payment by txid, a quote by address (`addresses` already maps an
        // address to its sale through its own unique index). 166 bytes a sale.
        migrator.registerMigration("v9-unused-lookup-indexes") { db in
            try db.execute(sql: "DROP INDEX payments_by_txid; DROP INDEX quotes_by_address")
        }
        return migrator
    }

    private static func createSales(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE products (
                id TEXT PRIMARY KEY NOT NULL,
                name TEXT NOT NULL,
                price_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                category TEXT NOT NULL,
                barcode TEXT,
                tax_rate TEXT,
                disabled INTEGER NOT NULL DEFAULT 0,
                catalog_stock INTEGER,
                stock INTEGER,
                updated_at INTEGER NOT NULL
            );
            CREATE TABLE sale_id_counters (
                day TEXT PRIMARY KEY NOT NULL,
                last_number INTEGER NOT NULL
            );
            CREATE TABLE sales (
                id TEXT PRIMARY KEY NOT NULL,
                cashier TEXT NOT NULL,
                opened_at INTEGER NOT NULL,
                opened_day TEXT NOT NULL,
                updated_at INTEGER NOT NULL,
                status TEXT NOT NULL,
                flags TEXT NOT NULL DEFAULT '',
                asset_id TEXT,
                currency TEXT NOT NULL,
                fiat_total_minor INTEGER NOT NULL,
                coin_due_units TEXT,
                coin_received_units TEXT,
                address TEXT,
                expires_at INTEGER,
                late_until INTEGER,
                last_reason TEXT NOT NULL DEFAULT ''
            );
            -- The whole sale for exact reloads, apart so list and totals scans read slim rows.
            CREATE TABLE sale_documents (
                sale_id TEXT PRIMARY KEY NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
                sale_json BLOB NOT NULL
            );
            CREATE INDEX sales_by_opened ON sales(opened_at, id);
            CREATE INDEX sales_by_status ON sales(status, opened_at, id);
            CREATE INDEX sales_by_asset ON sales(asset_id, opened_at, id);
            CREATE INDEX sales_by_cashier ON sales(cashier, opened_at, id);
            CREATE INDEX sales_by_day ON sales(opened_day, asset_id, cashier);
            CREATE INDEX sales_flagged ON sales(opened_at, id) WHERE flags <> '';
            CREATE INDEX sales_open ON sales(opened_at)
                WHERE status IN ('building', 'awaitingPayment', 'underpaid', 'confirming');
            CREATE INDEX sales_expired_late ON sales(late_until) WHERE status = 'expired';
            CREATE TABLE sale_lines (
                sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
                line_no INTEGER NOT NULL,
                product_id TEXT NOT NULL,
                name TEXT NOT NULL,
                quantity INTEGER NOT NULL,
                unit_price_minor INTEGER NOT NULL,
                net_minor INTEGER NOT NULL,
                tax_minor INTEGER NOT NULL,
                PRIMARY KEY (sale_id, line_no)
            ) WITHOUT ROWID;
            CREATE TABLE quotes (
                sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                asset_id TEXT NOT NULL,
                address TEXT NOT NULL,
                derivation_path TEXT,
                amount_units TEXT NOT NULL,
                fiat_minor INTEGER NOT NULL,
                currency TEXT NOT NULL,
                rate_price TEXT NOT NULL,
                rate_source TEXT NOT NULL,
                rate_time INTEGER NOT NULL,
                uri TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                PRIMARY KEY (sale_id, seq)
            ) WITHOUT ROWID;
            CREATE INDEX quotes_by_address ON quotes(address);
            CREATE TABLE payments (
                sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
                txid TEXT NOT NULL,
                output INTEGER NOT NULL,
                address TEXT NOT NULL,
                amount_units TEXT NOT NULL,
                state TEXT NOT NULL,
                confirmations INTEGER NOT NULL,
                block_height INTEGER,
                block_hash TEXT,
                first_seen INTEGER NOT NULL,
                replaceable INTEGER NOT NULL,
                late INTEGER NOT NULL,
                reorged INTEGER NOT NULL,
                PRIMARY KEY (sale_id, txid, output)
            ) WITHOUT ROWID;
            CREATE INDEX payments_by_address ON payments(address);
            CREATE INDEX payments_by_txid ON payments(txid);
            CREATE TABLE sale_transitions (
                sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
                seq INTEGER NOT NULL,
                from_status TEXT NOT NULL,
                to_status TEXT NOT NULL,
                at INTEGER NOT NULL,
                reason TEXT NOT NULL,
                PRIMARY KEY (sale_id, seq)
            ) WITHOUT ROWID;
            CREATE TABLE outbox (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                sale_id TEXT NOT NULL,
                kind TEXT NOT NULL,
                payload_json TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                attempts INTEGER NOT NULL DEFAULT 0,
                next_attempt_at INTEGER NOT NULL,
                delivered_at INTEGER,
                last_error TEXT
            );
            CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE delivered_at IS NULL;
            CREATE INDEX outbox_by_sale ON outbox(sale_id);
            """)
    }

    private static func createChain(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE observations (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                backend TEXT NOT NULL,
                kind TEXT NOT NULL,
                txid TEXT,
                output INTEGER,
                address TEXT,
                amount_units TEXT,
                height INTEGER,
                block_hash TEXT,
                raw_json TEXT
            );
            CREATE INDEX observations_by_address ON observations(address);
            CREATE INDEX observations_by_txid ON observations(txid);
            CREATE TABLE wallet_address_index (
                wallet_id TEXT NOT NULL,
                chain INTEGER NOT NULL,
                next_index INTEGER NOT NULL,
                PRIMARY KEY (wallet_id, chain)
            ) WITHOUT ROWID;
            CREATE TABLE addresses (
                wallet_id TEXT NOT NULL,
                chain INTEGER NOT NULL,
                idx INTEGER NOT NULL,
                address TEXT NOT NULL UNIQUE,
                path TEXT NOT NULL,
                sale_id TEXT,
                state TEXT NOT NULL CHECK (state IN ('allocated', 'funded', 'released')),
                allocated_at INTEGER NOT NULL,
                funded_at INTEGER,
                times_reused INTEGER NOT NULL DEFAULT 0,
                PRIMARY KEY (wallet_id, chain, idx)
            ) WITHOUT ROWID;
            CREATE INDEX addresses_by_sale ON addresses(sale_id);
            CREATE TABLE chain_cursor (
                backend_id TEXT PRIMARY KEY NOT NULL,
                height INTEGER NOT NULL,
                block_hash TEXT NOT NULL,
                updated_at INTEGER NOT NULL
            );
            """)
    }

    private static func createAccounts(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE users (
                name TEXT PRIMARY KEY NOT NULL,
                role TEXT NOT NULL,
                pin_hash TEXT NOT NULL,
                salt TEXT NOT NULL,
                iterations INTEGER NOT NULL,
                failed_attempts INTEGER NOT NULL DEFAULT 0,
                locked_until INTEGER,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE audit_log (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                at INTEGER NOT NULL,
                actor TEXT NOT NULL,
                action TEXT NOT NULL,
                details TEXT NOT NULL,
                prev_hash TEXT NOT NULL,
                hash TEXT NOT NULL
            );
            CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END;
            CREATE TRIGGER observations_append_only BEFORE UPDATE ON observations
                BEGIN SELECT RAISE(ABORT, 'observations are append-only'); END;
            """)
    }
}
