/// The PostgreSQL schema as a list of migrations, the same tables and meaning as the SQLite schema (TillStore's
/// `Schema`), plus what several lanes on one ledger need: the lane of each sale, lane leases, oversold stock.
/// Times are BIGINT milliseconds since 1970 (UTC); coin amounts are TEXT decimal base units (exact, any size),
/// summed as NUMERIC. Never edit a shipped migration: add a new one.
enum PostgresSchema {
    struct Migration {
        let id: String
        let sql: String
    }

    static let migrations: [Migration] = [
        Migration(id: "pg1-ledger", sql: ledger),
        Migration(id: "pg1-accounts", sql: accounts),
        Migration(id: "pg1-lanes", sql: lanes),
        Migration(id: "pg2-webhook-deliveries", sql: webhookDeliveries),
        Migration(id: "pg3-lane-state", sql: laneState),
        Migration(id: "pg4-sale-totals", sql: saleTotals),
        Migration(id: "pg5-day-and-all-time-totals",
                  sql: PostgresTotalsTable.byDay.schema + "\n" + PostgresTotalsTable.allTime.schema),
        Migration(id: "pg6-lane-rescans", sql: laneRescans),
    ]

    /// Any number, the same in every lane: migrations of one database never run twice at once.
    static let migrationLockKey: Int64 = 0x7111_1515

    private static let ledger = """
        CREATE TABLE products (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            price_minor BIGINT NOT NULL,
            currency TEXT NOT NULL,
            category TEXT NOT NULL,
            barcode TEXT,
            tax_rate TEXT,
            disabled BOOLEAN NOT NULL DEFAULT FALSE,
            catalog_stock BIGINT,
            stock BIGINT,
            updated_at BIGINT NOT NULL
        );
        CREATE TABLE sale_id_counters (
            day TEXT PRIMARY KEY,
            last_number BIGINT NOT NULL
        );
        CREATE TABLE sales (
            id TEXT PRIMARY KEY,
            lane TEXT NOT NULL,
            -- The lane watching the sale on the chain now: its own lane, or one that adopted it when that lane died.
            watcher TEXT NOT NULL,
            cashier TEXT NOT NULL,
            opened_at BIGINT NOT NULL,
            opened_day TEXT NOT NULL,
            updated_at BIGINT NOT NULL,
            status TEXT NOT NULL,
            flags TEXT NOT NULL DEFAULT '',
            asset_id TEXT,
            currency TEXT NOT NULL,
            fiat_total_minor BIGINT NOT NULL,
            coin_due_units TEXT,
            coin_received_units TEXT,
            address TEXT,
            expires_at BIGINT,
            late_until BIGINT,
            last_reason TEXT NOT NULL DEFAULT '',
            -- Paid and still watched for a reorg or double spend (the sale's `watching`), kept with every save.
            reorg_watch BOOLEAN NOT NULL DEFAULT FALSE
        );
        CREATE TABLE sale_documents (
            sale_id TEXT PRIMARY KEY REFERENCES sales(id) ON DELETE CASCADE,
            sale_json TEXT NOT NULL
        );
        CREATE INDEX sales_by_opened ON sales(opened_at, id);
        CREATE INDEX sales_by_status ON sales(status, opened_at, id);
        CREATE INDEX sales_by_asset ON sales(asset_id, opened_at, id);
        CREATE INDEX sales_by_cashier ON sales(cashier, opened_at, id);
        CREATE INDEX sales_by_lane ON sales(lane, opened_at, id);
        CREATE INDEX sales_by_day ON sales(opened_day, asset_id, cashier);
        CREATE INDEX sales_flagged ON sales(opened_at, id) WHERE flags <> '';
        CREATE INDEX sales_open ON sales(opened_at)
            WHERE status IN ('building', 'awaitingPayment', 'underpaid', 'confirming');
        CREATE INDEX sales_expired_late ON sales(late_until) WHERE status = 'expired';
        CREATE INDEX sales_reorg_watch ON sales(opened_at) WHERE reorg_watch;
        CREATE TABLE sale_lines (
            sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
            line_no BIGINT NOT NULL,
            product_id TEXT NOT NULL,
            name TEXT NOT NULL,
            quantity BIGINT NOT NULL,
            unit_price_minor BIGINT NOT NULL,
            net_minor BIGINT NOT NULL,
            tax_minor BIGINT NOT NULL,
            PRIMARY KEY (sale_id, line_no)
        );
        CREATE TABLE quotes (
            sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
            seq BIGINT NOT NULL,
            asset_id TEXT NOT NULL,
            address TEXT NOT NULL,
            derivation_path TEXT,
            amount_units TEXT NOT NULL,
            fiat_minor BIGINT NOT NULL,
            currency TEXT NOT NULL,
            rate_price TEXT NOT NULL,
            rate_source TEXT NOT NULL,
            rate_time BIGINT NOT NULL,
            uri TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            expires_at BIGINT NOT NULL,
            PRIMARY KEY (sale_id, seq)
        );
        CREATE INDEX quotes_by_address ON quotes(address);
        CREATE TABLE payments (
            sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
            txid TEXT NOT NULL,
            output BIGINT NOT NULL,
            address TEXT NOT NULL,
            amount_units TEXT NOT NULL,
            state TEXT NOT NULL,
            confirmations BIGINT NOT NULL,
            block_height BIGINT,
            block_hash TEXT,
            first_seen BIGINT NOT NULL,
            replaceable BOOLEAN NOT NULL,
            late BOOLEAN NOT NULL,
            reorged BOOLEAN NOT NULL,
            PRIMARY KEY (sale_id, txid, output)
        );
        CREATE INDEX payments_by_address ON payments(address);
        CREATE INDEX payments_by_txid ON payments(txid);
        CREATE TABLE sale_transitions (
            sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
            seq BIGINT NOT NULL,
            from_status TEXT NOT NULL,
            to_status TEXT NOT NULL,
            at BIGINT NOT NULL,
            reason TEXT NOT NULL,
            PRIMARY KEY (sale_id, seq)
        );
        CREATE TABLE outbox (
            id BIGSERIAL PRIMARY KEY,
            sale_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            payload_json TEXT NOT NULL,
            created_at BIGINT NOT NULL,
            attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at BIGINT NOT NULL,
            delivered_at BIGINT,
            last_error TEXT,
            -- The lane delivering the row and until when (a lane that dies leaves the row to the others after that).
            claimed_by TEXT,
            claimed_until BIGINT
        );
        CREATE INDEX outbox_pending ON outbox(next_attempt_at) WHERE delivered_at IS NULL;
        CREATE INDEX outbox_by_sale ON outbox(sale_id);
        CREATE TABLE observations (
            id BIGSERIAL PRIMARY KEY,
            at BIGINT NOT NULL,
            backend TEXT NOT NULL,
            kind TEXT NOT NULL,
            txid TEXT,
            output BIGINT,
            address TEXT,
            amount_units TEXT,
            height BIGINT,
            block_hash TEXT,
            raw_json TEXT,
            lane TEXT NOT NULL
        );
        CREATE INDEX observations_by_address ON observations(address);
        CREATE INDEX observations_by_txid ON observations(txid);
        -- Several lanes watching one address see the same output: it is recorded once, by whichever lane saw it first.
        CREATE UNIQUE INDEX observations_once ON observations
            (kind, txid, output, COALESCE(address, ''), COALESCE(block_hash, '')) WHERE txid IS NOT NULL;
        CREATE TABLE wallet_address_index (
            wallet_id TEXT NOT NULL,
            chain BIGINT NOT NULL,
            next_index BIGINT NOT NULL,
            PRIMARY KEY (wallet_id, chain)
        );
        CREATE TABLE addresses (
            wallet_id TEXT NOT NULL,
            chain BIGINT NOT NULL,
            idx BIGINT NOT NULL,
            address TEXT NOT NULL UNIQUE,
            path TEXT NOT NULL,
            sale_id TEXT,
            state TEXT NOT NULL CHECK (state IN ('allocated', 'funded', 'released')),
            allocated_at BIGINT NOT NULL,
            funded_at BIGINT,
            times_reused BIGINT NOT NULL DEFAULT 0,
            PRIMARY KEY (wallet_id, chain, idx)
        );
        CREATE INDEX addresses_by_sale ON addresses(sale_id);
        CREATE TABLE chain_cursor (
            backend_id TEXT PRIMARY KEY,
            height BIGINT NOT NULL,
            block_hash TEXT NOT NULL,
            updated_at BIGINT NOT NULL
        );
        CREATE FUNCTION till_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN RAISE EXCEPTION '% is append-only', TG_TABLE_NAME; END $$;
        CREATE TRIGGER observations_append_only BEFORE UPDATE OR DELETE ON observations
            FOR EACH ROW EXECUTE FUNCTION till_append_only();
        """

    private static let accounts = """
        CREATE TABLE users (
            name TEXT PRIMARY KEY,
            role TEXT NOT NULL,
            pin_hash TEXT NOT NULL,
            salt TEXT NOT NULL,
            iterations BIGINT NOT NULL,
            failed_attempts BIGINT NOT NULL DEFAULT 0,
            locked_until BIGINT,
            created_at BIGINT NOT NULL
        );
        CREATE TABLE audit_log (
            id BIGSERIAL PRIMARY KEY,
            at BIGINT NOT NULL,
            actor TEXT NOT NULL,
            action TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL,
            lane TEXT NOT NULL DEFAULT ''
        );
        CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
            FOR EACH ROW EXECUTE FUNCTION till_append_only();
        CREATE TABLE refunds (
            id BIGSERIAL PRIMARY KEY,
            sale_id TEXT NOT NULL REFERENCES sales(id),
            asset_id TEXT NOT NULL,
            txid TEXT NOT NULL,
            amount_units TEXT NOT NULL,
            recorded_at BIGINT NOT NULL,
            recorded_by TEXT NOT NULL,
            note TEXT NOT NULL DEFAULT '',
            UNIQUE (sale_id, txid)
        );
        CREATE INDEX refunds_by_time ON refunds(recorded_at);
        CREATE TABLE day_closes (
            day TEXT PRIMARY KEY,
            closed_at BIGINT NOT NULL,
            closed_by TEXT NOT NULL,
            report_hash TEXT NOT NULL,
            report_text TEXT NOT NULL
        );
        CREATE TRIGGER refunds_append_only BEFORE UPDATE OR DELETE ON refunds
            FOR EACH ROW EXECUTE FUNCTION till_append_only();
        CREATE TRIGGER day_closes_append_only BEFORE UPDATE OR DELETE ON day_closes
            FOR EACH ROW EXECUTE FUNCTION till_append_only();
        """

    /// The webhook outbox (TillHooks' `OutboxStore`), one for the shop: a lane claims due rows before sending.
    private static let webhookDeliveries = """
        CREATE TABLE webhook_deliveries (
            id BIGSERIAL PRIMARY KEY,
            endpoint TEXT NOT NULL,
            event_id TEXT NOT NULL,
            event_type TEXT NOT NULL,
            body BYTEA NOT NULL,
            created_at BIGINT NOT NULL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'delivered', 'failed')),
            attempts BIGINT NOT NULL DEFAULT 0,
            next_attempt_at BIGINT,
            retry_from BIGINT NOT NULL,
            last_attempt_at BIGINT,
            last_status_code BIGINT,
            last_error TEXT,
            claimed_by TEXT,
            claimed_until BIGINT,
            UNIQUE (endpoint, event_id)
        );
        CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at, id) WHERE status = 'pending';
        CREATE INDEX webhook_deliveries_by_endpoint ON webhook_deliveries(endpoint, id);
        """

    private static let lanes = """
        -- One row per lane: its heartbeat is its lease on its open sales (another lane adopts them when it lapses).
        CREATE TABLE lanes (
            lane TEXT PRIMARY KEY,
            heartbeat_at BIGINT NOT NULL,
            started_at BIGINT NOT NULL
        );
        -- Stock taken below zero: two lanes sold the last unit at once. The sale stands; the manager sees the flag.
        CREATE TABLE oversold (
            sale_id TEXT NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
            product_id TEXT NOT NULL,
            stock_after BIGINT NOT NULL,
            at BIGINT NOT NULL,
            PRIMARY KEY (sale_id, product_id)
        );
        """
}
