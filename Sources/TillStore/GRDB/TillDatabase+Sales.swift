import Foundation
import GRDB
import TillCore

/// The whole sale as JSON: what makes a reload exactly equal to what was saved. PostgreSQL stores this JSON as text;
/// SQLite stores it packed (`SaleDocument`, since v8).
public enum SaleCodec {
    public static func encode(_ sale: Sale) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return try encoder.encode(sale)
    }

    /// The document SQLite stores: the same JSON, packed.
    public static func encodeStored(_ sale: Sale) throws -> Data { try SaleDocument.pack(json: try encode(sale)) }

    /// A sale from its JSON or from a stored (packed or plain JSON) document.
    public static func decode(_ data: Data) throws -> Sale {
        try JSONDecoder().decode(Sale.self, from: try SaleDocument.json(stored: data))
    }
}

extension TillDatabase: SaleStore {
    public func nextSaleID(at: Date) throws -> String {
        let day = localDay(at)
        let number = try write("allocating a sale id") { db in
            try Int.fetchOne(db, sql: """
                INSERT INTO sale_id_counters (day, last_number) VALUES (?, 1)
                ON CONFLICT(day) DO UPDATE SET last_number = last_number + 1
                RETURNING last_number
                """, arguments: [day]) ?? 1
        }
        return "S-" + day.replacingOccurrences(of: "-", with: "") + "-" + String(format: "%04d", number)
    }

    public func save(_ sale: Sale, effects: [SaleEffect], reason: String, at: Date) throws {
        try write("saving sale \(sale.id)") { db in
            try writeSale(db, sale: sale, effects: effects, reason: reason, at: at)
        }
    }

    public func sale(id: String) throws -> Sale? {
        try read("loading sale \(id)") { db in
            guard let data = try Data.fetchOne(db, sql: "SELECT document FROM sale_documents WHERE sale_id = ?",
                                               arguments: [id])
            else { return nil }
            return try decodeSale(data, id: id)
        }
    }

    public func openSales(at now: Date) throws -> [Sale] {
        try read("loading open sales") { db in
            // Two partial indexes: the open statuses, and expired sales by the end of their late window.
            let rows = try Row.fetchAll(db, sql: """
                SELECT s.id, d.document FROM (
                    SELECT id, opened_at FROM sales
                    WHERE status IN ('building', 'awaitingPayment', 'underpaid', 'confirming')
                    UNION ALL
                    SELECT id, opened_at FROM sales WHERE status = 'expired' AND late_until > ?
                ) s JOIN sale_documents d ON d.sale_id = s.id
                ORDER BY s.opened_at, s.id
                """, arguments: [now.millis])
            return try rows.map { row in try decodeSale(row["document"], id: row["id"]) }
        }
    }

    private func decodeSale(_ data: Data, id: String) throws -> Sale {
        do { return try SaleCodec.decode(data) } catch {
            throw StoreError.unreadableRow(path: path, table: "sales", key: id, detail: "\(error)")
        }
    }

    /// Writes every row of one sale change; the caller's transaction makes it all-or-nothing.
    func writeSale(_ db: Database, sale: Sale, effects: [SaleEffect], reason: String, at: Date) throws {
        let quote = sale.currentQuote
        let lateUntil = quote.map { $0.expiresAt.millis + Int64(sale.policy?.lateWindowSeconds ?? 0) * 1000 }
        let flags = sale.flags.isEmpty ? "" : "," + sale.flags.sorted().map(\.rawValue).joined(separator: ",") + ","
        try db.cachedStatement(sql: """
            INSERT INTO sales (id, cashier, opened_at, opened_day, updated_at, status, flags, asset_id, currency,
                               fiat_total_minor, coin_due_units, coin_received_units, address, expires_at, late_until,
                               last_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(id) DO UPDATE SET
                cashier = excluded.cashier, updated_at = excluded.updated_at, status = excluded.status,
                flags = excluded.flags, asset_id = excluded.asset_id, currency = excluded.currency,
                fiat_total_minor = excluded.fiat_total_minor, coin_due_units = excluded.coin_due_units,
                coin_received_units = excluded.coin_received_units, address = excluded.address,
                expires_at = excluded.expires_at, late_until = excluded.late_until,
                last_reason = excluded.last_reason
            """).execute(arguments: [
                sale.id, sale.cashier, sale.openedAt.millis, localDay(sale.openedAt), at.millis, sale.status.rawValue,
                flags, sale.asset?.id, sale.cart.currency.code, sale.cart.total.minor,
                sale.totalDue.map { String($0.units) }, sale.received.map { String($0.units) }, quote?.address,
                quote?.expiresAt.millis, lateUntil, reason,
            ])
        try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO sale_documents (sale_id, reorg_watched, document) VALUES (?, ?, ?)
            """).execute(arguments: [sale.id, sale.status == .paid && sale.watching, try SaleCodec.encodeStored(sale)])
        try writeLines(db, sale)
        try writeQuotes(db, sale)
        try writePayments(db, sale, at: at)
        let transition = try db.cachedStatement(sql: """
            INSERT OR IGNORE INTO sale_transitions (sale_id, seq, from_status, to_status, at, reason)
            VALUES (?, ?, ?, ?, ?, ?)
            """)
        for (seq, change) in sale.history.enumerated() {
            try transition.execute(arguments: [sale.id, seq, change.from.rawValue, change.to.rawValue,
                                               change.at.millis, change.reason])
        }
        for effect in effects { try writeEffect(db, effect, saleID: sale.id, at: at) }
    }

    private func writeLines(_ db: Database, _ sale: Sale) throws {
        try db.cachedStatement(sql: "DELETE FROM sale_lines WHERE sale_id = ?").execute(arguments: [sale.id])
        let insert = try db.cachedStatement(sql: """
            INSERT INTO sale_lines (sale_id, line_no, product_id, name, quantity, unit_price_minor, net_minor, tax_minor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (number, line) in sale.cart.lines.enumerated() {
            try insert.execute(arguments: [sale.id, number, line.product.id, line.product.name, line.quantity,
                                           line.product.price.minor, line.net.minor, sale.cart.tax(of: line).minor])
        }
    }

    private func writeQuotes(_ db: Database, _ sale: Sale) throws {
        // Quotes are append-only in the sale; rewriting the few of one sale keeps this simple and exact.
        let insert = try db.cachedStatement(sql: """
            INSERT OR REPLACE INTO quotes (sale_id, seq, asset_id, address, derivation_path, amount_units, fiat_minor,
                                           currency, rate_price, rate_source, rate_time, uri, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        for (seq, quote) in sale.quotes.enumerated() {
            try insert.execute(arguments: [
                sale.id, seq, quote.asset.id, quote.address, quote.derivationPath, String(quote.amount.units),
                quote.fiat.minor, quote.fiat.currency.code, quote.rate.price.description, quote.rate.source,
                quote.rate.time.millis, quote.uri, quote.createdAt.millis, quote.expiresAt.millis,
            ])
        }
    }

    private func writePayments(_ db: Database, _ sale: Sale, at: Date) throws {
        let upsert = try db.cachedStatement(sql: """
            INSERT INTO payments (sale_id, txid, output, address, amount_units, state, confirmations, block_height,
                                  block_hash, first_seen, replaceable, late, reorged)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT(sale_id, txid, output) DO UPDATE SET
                state = excluded.state, confirmations = excluded.confirmations,
                block_height = excluded.block_height, block_hash = excluded.block_hash, reorged = excluded.reorged
            """)
        for payment in sale.payments {
            try upsert.execute(arguments: [
                sale.id, payment.ref.txid, payment.ref.output, payment.address, String(payment.amount.units),
                payment.state.rawValue, payment.confirmations, payment.blockHeight, payment.blockHash,
                payment.firstSeen.millis, payment.replaceable, payment.late, payment.wasReorged,
            ])
            // Funds arrived (even if they later vanish): this address is never handed out again.
            try markFunded(db, address: payment.address, at: at)
        }
    }

    private func writeEffect(_ db: Database, _ effect: SaleEffect, saleID: String, at: Date) throws {
        let (kind, json) = try EffectPayload.encode(effect)
        var delivered: Int64?
        if case .adjustStock(let changes) = effect {
            // Applied here, in the sale's transaction, so stock moves exactly once; the row is the record of it.
            let adjust = try db.cachedStatement(sql: """
                UPDATE products SET stock = stock + ?, updated_at = ? WHERE id = ? AND stock IS NOT NULL
                """)
            for change in changes { try adjust.execute(arguments: [change.delta, at.millis, change.productID]) }
            delivered = at.millis
        }
        try db.cachedStatement(sql: """
            INSERT INTO outbox (sale_id, kind, payload_json, created_at, next_attempt_at, delivered_at)
            VALUES (?, ?, ?, ?, ?, ?)
            """).execute(arguments: [saleID, kind, json, at.millis, at.millis, delivered])
    }
}
