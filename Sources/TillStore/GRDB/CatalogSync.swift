import Foundation
import GRDB
import TillCore

/// Which catalog the `products` table was last written from, so a start with an unchanged catalog writes nothing
/// (at 100,000 products rewriting them took longer than the whole start should).
enum CatalogSyncSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE catalog_sync (
                id INTEGER PRIMARY KEY CHECK (id = 1),
                fingerprint TEXT NOT NULL,
                product_count INTEGER NOT NULL,
                synced_at INTEGER NOT NULL
            );
            """)
    }
}

extension TillDatabase {
    /// Writes `products` unless the catalog with this `fingerprint` was the last one written; true when it wrote.
    /// The check and the write are one transaction, so two tills starting at once write at most once each.
    @discardableResult
    public func syncProducts(_ products: ProductTable, fingerprint: String, at: Date) throws -> Bool {
        try write("writing the catalog's products") { db in
            let current = try String.fetchOne(db, sql: "SELECT fingerprint FROM catalog_sync WHERE id = 1")
            guard current != fingerprint else { return false }
            try Self.upsertProducts(products, at: at, in: db)
            try db.execute(sql: """
                INSERT INTO catalog_sync (id, fingerprint, product_count, synced_at) VALUES (1, ?, ?, ?)
                ON CONFLICT(id) DO UPDATE SET fingerprint = excluded.fingerprint, product_count = excluded.product_count,
                    synced_at = excluded.synced_at
                """, arguments: [fingerprint, products.count, at.millis])
            return true
        }
    }

    /// The products a sale is about to count, written only when missing (training's scratch store starts empty).
    public func insertMissingProducts(_ products: [Product], at: Date) throws {
        try write("adding products to the store") { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO products (id, name, price_minor, currency, category, barcode, tax_rate, disabled,
                                                catalog_stock, stock, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)
            for product in products {
                try insert.execute(arguments: [
                    product.id, product.name, product.price.minor, product.price.currency.code, product.category,
                    product.barcode, product.taxRate?.description, product.disabled, product.stock, product.stock, at.millis,
                ])
            }
        }
    }
}
