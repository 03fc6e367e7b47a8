extension PostgresSchema {
    /// What a running lane keeps besides its sales (issue 15, `LedgerStore`): each lane's chain watcher state and
    /// cursor, the catalog last written, each lane's customer display, and observations' confirmations.
    static let laneState = """
        -- Each lane watches its own sales, so each has its own watcher state and cursor per backend: two lanes
        -- polling the same node must never overwrite each other's (one would skip what the other already scanned).
        CREATE TABLE watcher_state (
            lane TEXT NOT NULL,
            backend_id TEXT NOT NULL,
            kind TEXT NOT NULL,
            key TEXT NOT NULL,
            value BYTEA NOT NULL,
            PRIMARY KEY (lane, backend_id, kind, key)
        );
        -- A cursor saved before this migration was the shop's (lane ''): every lane resumes from it until it saves
        -- its own, as it would have before; nothing is lost.
        ALTER TABLE chain_cursor DROP CONSTRAINT chain_cursor_pkey;
        ALTER TABLE chain_cursor ADD COLUMN lane TEXT NOT NULL DEFAULT '';
        ALTER TABLE chain_cursor ADD PRIMARY KEY (lane, backend_id);
        ALTER TABLE chain_cursor ALTER COLUMN lane DROP DEFAULT;
        -- Confirmations when observed, so a restart replays a payment's latest state (as on SQLite). A rising count
        -- in the same block is a new row (the old key kept only the first, and a restart replayed 1 confirmation
        -- for a payment long confirmed); the same report from two lanes is still one row.
        ALTER TABLE observations ADD COLUMN confirmations BIGINT;
        DROP INDEX observations_once;
        CREATE UNIQUE INDEX observations_once ON observations
            (kind, txid, output, COALESCE(address, ''), COALESCE(block_hash, ''), COALESCE(confirmations, -1))
            WHERE txid IS NOT NULL;
        -- Which catalog `products` was last written from: a lane starting with an unchanged catalog writes nothing.
        CREATE TABLE catalog_sync (
            id BIGINT PRIMARY KEY CHECK (id = 1),
            fingerprint TEXT NOT NULL,
            product_count BIGINT NOT NULL,
            synced_at BIGINT NOT NULL
        );
        -- What each lane's customer display shows (`LaneSnapshot` as JSON), one row per lane.
        CREATE TABLE lane_display (
            lane TEXT PRIMARY KEY,
            snapshot_json BYTEA NOT NULL,
            updated_at BIGINT NOT NULL
        );
        """

    /// pg6: where a lane owes the chain a second read for sales it adopted (DECISIONS 63).
    static let laneRescans = """
        -- Written in the adoption's transaction and read at every start of the lane: a lane killed before its
        -- watcher saved the moved-back cursor still reads those blocks again. Deleted by the lane's heartbeat once
        -- it watches no adopted sale.
        CREATE TABLE lane_rescans (
            lane TEXT NOT NULL,
            backend_id TEXT NOT NULL,
            from_height BIGINT NOT NULL,
            PRIMARY KEY (lane, backend_id)
        );
        """
}
