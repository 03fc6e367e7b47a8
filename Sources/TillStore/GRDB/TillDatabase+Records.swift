import Foundation
import GRDB
import TillCore

/// Chain observations and cursors, the outbox, and the product cache.
extension TillDatabase {
    public func recordObservation(_ observation: ChainObservationRecord) throws {
        try write("recording an observation") { db in try insertObservation(db, observation) }
    }

    func insertObservation(_ db: Database, _ observation: ChainObservationRecord) throws {
        try db.cachedStatement(sql: """
            INSERT INTO observations (at, backend, kind, txid, output, address, amount_units, height, block_hash,
                                      raw_json, confirmations)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """).execute(arguments: [
                observation.at.millis, observation.backend, observation.kind, observation.txid, observation.output,
                observation.address, observation.amountUnits.map { String($0) }, observation.height,
                observation.blockHash, observation.rawJSON, observation.confirmations,
            ])
    }

    /// How many observations the log holds (for the manager and tests).
    public func observationCount() throws -> Int {
        try read("counting observations") { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observations") ?? 0 }
    }

    public func chainCursor(backendID: String) throws -> ChainCursor? {
        try read("loading the chain cursor") { db in
            try Row.fetchOne(db, sql: "SELECT height, block_hash FROM chain_cursor WHERE backend_id = ?",
                             arguments: [backendID]).map {
                ChainCursor(backendID: backendID, height: $0["height"], blockHash: $0["block_hash"])
            }
        }
    }

    public func saveChainCursor(_ cursor: ChainCursor, at: Date) throws {
        try write("saving the chain cursor") { db in
            try db.execute(sql: """
                INSERT INTO chain_cursor (backend_id, height, block_hash, updated_at) VALUES (?, ?, ?, ?)
                ON CONFLICT(backend_id) DO UPDATE SET height = excluded.height, block_hash = excluded.block_hash,
                                                      updated_at = excluded.updated_at
                """, arguments: [cursor.backendID, cursor.height, cursor.blockHash, at.millis])
        }
    }

    // MARK: - Outbox

    public func pendingOutbox(at now: Date, limit: Int) throws -> [OutboxEntry] {
        try read("loading the outbox") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM outbox WHERE delivered_at IS NULL AND next_attempt_at <= ? ORDER BY id LIMIT ?
                """, arguments: [now.millis, limit]).map(Self.outboxEntry)
        }
    }

    /// Every outbox row of a sale, oldest first (delivered or not).
    public func outbox(saleID: String) throws -> [OutboxEntry] {
        try read("loading the outbox of \(saleID)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM outbox WHERE sale_id = ? ORDER BY id", arguments: [saleID])
                .map(Self.outboxEntry)
        }
    }

    public func markDelivered(outboxID: Int64, at: Date) throws {
        try write("marking outbox row \(outboxID) delivered") { db in
            try db.execute(sql: "UPDATE outbox SET delivered_at = ?, attempts = attempts + 1 WHERE id = ?",
                           arguments: [at.millis, outboxID])
        }
    }

    public func markAttemptFailed(outboxID: Int64, error: String, nextAttemptAt: Date) throws {
        try write("recording a failed attempt of outbox row \(outboxID)") { db in
            try db.execute(sql: """
                UPDATE outbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ? WHERE id = ?
                """, arguments: [error, nextAttemptAt.millis, outboxID])
        }
    }

    private static func outboxEntry(_ row: Row) -> OutboxEntry {
        OutboxEntry(id: row["id"], saleID: row["sale_id"], kind: row["kind"], payloadJSON: row["payload_json"],
                    createdAt: Date(millis: row["created_at"]), attempts: row["attempts"],
                    nextAttemptAt: Date(millis: row["next_attempt_at"]),
                    deliveredAt: (row["delivered_at"] as Int64?).map { Date(millis: $0) },
                    lastError: row["last_error"])
    }

    // MARK: - Products

    /// Writes the catalog's products; a product whose catalog fields are unchanged is not rewritten.
    public func upsertProducts(_ products: [Product], at: Date) throws {
        try write("refreshing the product cache") { db in try Self.upsertProducts(products, at: at, in: db) }
    }

    static func upsertProducts(_ products: some Sequence<Product>, at: Date, in db: Database) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO products (id, name, price_minor, currency, category, barcode, tax_rate, disabled,
                                  catalog_stock, stock, updated_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
                name = excluded.name, price_minor = excluded.price_minor, currency = excluded.currency,
                category = excluded.category, barcode = excluded.barcode, tax_rate = excluded.tax_rate,
                disabled = excluded.disabled, updated_at = excluded.updated_at,
                stock = CASE WHEN catalog_stock IS excluded.catalog_stock THEN stock ELSE excluded.stock END,
                catalog_stock = excluded.catalog_stock
            WHERE products.name IS NOT excluded.name OR products.price_minor IS NOT excluded.price_minor
               OR products.currency IS NOT excluded.currency OR products.category IS NOT excluded.category
               OR products.barcode IS NOT excluded.barcode OR products.tax_rate IS NOT excluded.tax_rate
               OR products.disabled IS NOT excluded.disabled OR products.catalog_stock IS NOT excluded.catalog_stock
            """)
        for product in products {
            try upsert.execute(arguments: [
                product.id, product.name, product.price.minor, product.price.currency.code, product.category,
                product.barcode, product.taxRate?.description, product.disabled, product.stock, product.stock,
                at.millis,
            ])
        }
    }

    public func stock(productID: String) throws -> Int? {
        try read("reading stock of \(productID)") { db in
            try Int.fetchOne(db, sql: "SELECT stock FROM products WHERE id = ?", arguments: [productID])
        }
    }
}
