import Foundation
import TillCore
import TillStore

/// Chain observations, the shop's outbox, and the product cache with its one stock count.
extension PostgresStore {
    /// Appends an observation; the same payment output seen by a second lane is recorded once (the first lane's row).
    public func recordObservation(_ observation: ChainObservationRecord) throws {
        try link.withSession("recording an observation") { session in try insertObservation(session, observation) }
    }

    /// Inserts one observation unless the same output (kind, txid, output, address, block) is already recorded.
    func insertObservation(_ session: PostgresSession, _ observation: ChainObservationRecord) throws {
        try session.execute("""
            INSERT INTO observations (at, backend, kind, txid, output, address, amount_units, height, block_hash,
                                      raw_json, lane, confirmations)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING
            """, [
                observation.at.millis, observation.backend, observation.kind, observation.txid, observation.output,
                observation.address, observation.amountUnits.map { String($0) }, observation.height,
                observation.blockHash, observation.rawJSON, lane, observation.confirmations,
            ])
    }

    /// How many observations the shop's log holds.
    public func observationCount() throws -> Int {
        try link.withSession("counting observations") { session in
            try session.query("SELECT COUNT(*) AS n FROM observations").first?.get("n", Int.self) ?? 0
        }
    }

    // MARK: - Outbox, once per shop

    /// How long a lane holds outbox rows it took for delivery; after that (the lane died) another lane takes them.
    public static let outboxClaimSeconds: Int64 = 60

    /// Due rows not yet delivered, oldest first, claimed for this lane: `FOR UPDATE SKIP LOCKED` lets two lanes
    /// asking at once take different rows, and the claim keeps the others off them until it lapses, so each row is
    /// delivered by one lane (the same ids as the SQLite outbox).
    public func pendingOutbox(at now: Date, limit: Int) throws -> [OutboxEntry] {
        try link.transaction("claiming outbox rows") { session in
            try session.query("""
                UPDATE outbox SET claimed_by = $1, claimed_until = $2
                WHERE id IN (
                    SELECT id FROM outbox
                    WHERE delivered_at IS NULL AND next_attempt_at <= $3
                      AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_until <= $3)
                    ORDER BY id LIMIT $4 FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, [lane, now.millis + Self.outboxClaimSeconds * 1000, now.millis, limit])
                .map(outboxEntry).sorted { $0.id < $1.id }
        }
    }

    /// Every outbox row of a sale, oldest first (delivered or not).
    public func outbox(saleID: String) throws -> [OutboxEntry] {
        try link.withSession("loading the outbox of \(saleID)") { session in
            try session.query("SELECT * FROM outbox WHERE sale_id = $1 ORDER BY id", [saleID]).map(outboxEntry)
        }
    }

    public func markDelivered(outboxID: Int64, at: Date) throws {
        try link.withSession("marking outbox row \(outboxID) delivered") { session in
            try session.execute("""
                UPDATE outbox SET delivered_at = $1, attempts = attempts + 1, claimed_by = NULL, claimed_until = NULL
                WHERE id = $2
                """, [at.millis, outboxID])
        }
    }

    public func markAttemptFailed(outboxID: Int64, error: String, nextAttemptAt: Date) throws {
        try link.withSession("recording a failed attempt of outbox row \(outboxID)") { session in
            try session.execute("""
                UPDATE outbox SET attempts = attempts + 1, last_error = $1, next_attempt_at = $2, claimed_by = NULL,
                                  claimed_until = NULL
                WHERE id = $3
                """, [error, nextAttemptAt.millis, outboxID])
        }
    }

    private func outboxEntry(_ row: PostgresRowReader) throws -> OutboxEntry {
        .restored(id: try row.get("id"), saleID: try row.get("sale_id"), kind: try row.get("kind"),
                  payloadJSON: try row.get("payload_json"), createdAt: Date(millis: try row.get("created_at")),
                  attempts: try row.get("attempts"), nextAttemptAt: Date(millis: try row.get("next_attempt_at")),
                  deliveredAt: try row.get("delivered_at", Int64?.self).map { Date(millis: $0) },
                  lastError: try row.get("last_error"))
    }

    // MARK: - Products

    public func upsertProducts(_ products: [Product], at: Date) throws {
        try link.transaction("refreshing the product cache") { session in try upsertProducts(session, products, at: at) }
    }

    /// Writes the products that differ from their row. The shop's live stock follows the catalog's number only
    /// when the catalog's number changed (a restock); otherwise the sales since keep counting.
    func upsertProducts(_ session: PostgresSession, _ products: some Sequence<Product>, at: Date) throws {
        for product in products {
            try session.execute("""
                INSERT INTO products (id, name, price_minor, currency, category, barcode, tax_rate, disabled,
                                      catalog_stock, stock, updated_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, $10)
                ON CONFLICT (id) DO UPDATE SET
                    name = excluded.name, price_minor = excluded.price_minor, currency = excluded.currency,
                    category = excluded.category, barcode = excluded.barcode, tax_rate = excluded.tax_rate,
                    disabled = excluded.disabled, updated_at = excluded.updated_at,
                    stock = CASE WHEN products.catalog_stock IS NOT DISTINCT FROM excluded.catalog_stock
                                 THEN products.stock ELSE excluded.stock END,
                    catalog_stock = excluded.catalog_stock
                WHERE (products.name, products.price_minor, products.currency, products.category, products.barcode,
                       products.tax_rate, products.disabled, products.catalog_stock)
                      IS DISTINCT FROM (excluded.name, excluded.price_minor, excluded.currency, excluded.category,
                                        excluded.barcode, excluded.tax_rate, excluded.disabled, excluded.catalog_stock)
                """, [
                    product.id, product.name, Int64(product.price.minor), product.price.currency.code,
                    product.category, product.barcode, product.taxRate?.description, product.disabled,
                    product.stock.map(Int64.init), at.millis,
                ])
        }
    }

    public func stock(productID: String) throws -> Int? {
        try link.withSession("reading stock of \(productID)") { session in
            try session.query("SELECT stock FROM products WHERE id = $1", [productID]).first.flatMap { try $0.get("stock", Int?.self) }
        }
    }
}
