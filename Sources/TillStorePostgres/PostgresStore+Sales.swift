import Foundation
import TillCore
import TillStore

/// Sales: ids, saving every row of a change in one transaction, reloading, and the restart queries.
extension PostgresStore: SaleStore {
    /// "S-20261125-front-1-0001": the shop's day, the lane, and a number counted for the whole shop that day, so ids
    /// are unique across lanes (the counter row is locked by the upsert) and show where the sale was made.
    public func nextSaleID(at: Date) throws -> String {
        let day = localDay(at)
        let number = try link.withSession("allocating a sale id") { session in
            try session.query("""
                INSERT INTO sale_id_counters (day, last_number) VALUES ($1, 1)
                ON CONFLICT (day) DO UPDATE SET last_number = sale_id_counters.last_number + 1
                RETURNING last_number
                """, [day]).first?.get("last_number", Int.self) ?? 1
        }
        return "S-" + day.replacingOccurrences(of: "-", with: "") + "-\(lane)-" + String(format: "%04d", number)
    }

    public func save(_ sale: Sale, effects: [SaleEffect], reason: String, at: Date) throws {
        try link.transaction("saving sale \(sale.id)") { session in
            try writeSale(session, sale: sale, effects: effects, reason: reason, at: at)
        }
    }

    public func sale(id: String) throws -> Sale? {
        try link.withSession("loading sale \(id)") { session in
            guard let row = try session.query("SELECT sale_json FROM sale_documents WHERE sale_id = $1", [id]).first
            else { return nil }
            return try decodeSale(try row.get("sale_json", String.self), id: id)
        }
    }

    public func openSales(at now: Date) throws -> [Sale] {
        try loadSales("loading open sales", """
            SELECT s.id, d.sale_json FROM sales s JOIN sale_documents d ON d.sale_id = s.id
            WHERE s.watcher = $1 AND (s.status IN ('building', 'awaitingPayment', 'underpaid', 'confirming')
                                      OR (s.status = 'expired' AND s.late_until > $2))
            ORDER BY s.opened_at, s.id
            """, [lane, now.millis])
    }

    public func reorgWatchedSales() throws -> [Sale] {
        try loadSales("loading paid sales in their reorg window", """
            SELECT s.id, d.sale_json FROM sales s JOIN sale_documents d ON d.sale_id = s.id
            WHERE s.reorg_watch AND s.watcher = $1 ORDER BY s.opened_at, s.id
            """, [lane])
    }

    /// The lane a sale was made on and the lane watching it now (nil: no such sale).
    public func lanes(ofSale id: String) throws -> (madeOn: String, watchedBy: String)? {
        try link.withSession("reading the lanes of sale \(id)") { session in
            try session.query("SELECT lane, watcher FROM sales WHERE id = $1", [id]).first.map {
                (try $0.get("lane", String.self), try $0.get("watcher", String.self))
            }
        }
    }

    private func loadSales(_ operation: String, _ sql: String, _ values: [any SQLValue]) throws -> [Sale] {
        try link.withSession(operation) { session in
            try session.query(sql, values).map { row in
                try decodeSale(try row.get("sale_json", String.self), id: try row.get("id", String.self))
            }
        }
    }

    func decodeSale(_ json: String, id: String) throws -> Sale {
        do { return try SaleCodec.decode(Data(json.utf8)) } catch {
            throw StoreError.unreadableRow(path: location.redacted, table: "sales", key: id, detail: "\(error)")
        }
    }

    /// Writes every row of one sale change; the caller's transaction makes it all-or-nothing.
    func writeSale(_ session: PostgresSession, sale: Sale, effects: [SaleEffect], reason: String, at: Date) throws {
        let quote = sale.currentQuote
        let lateUntil = quote.map { $0.expiresAt.millis + Int64(sale.policy?.lateWindowSeconds ?? 0) * 1000 }
        let flags = sale.flags.isEmpty ? "" : "," + sale.flags.sorted().map(\.rawValue).joined(separator: ",") + ","
        guard let json = String(data: try SaleCodec.encode(sale), encoding: .utf8) else {
            throw StoreError.database(path: location.redacted, operation: "saving sale \(sale.id)", detail: "not UTF-8")
        }
        // The lane that made the sale stays; the watcher is this lane when it makes the sale (an adopting lane
        // takes it over explicitly).
        try session.execute("""
            INSERT INTO sales (id, lane, watcher, cashier, opened_at, opened_day, updated_at, status, flags, asset_id,
                               currency, fiat_total_minor, coin_due_units, coin_received_units, address, expires_at,
                               late_until, last_reason, reorg_watch)
            VALUES ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18)
            ON CONFLICT (id) DO UPDATE SET
                cashier = excluded.cashier, updated_at = excluded.updated_at, status = excluded.status,
                flags = excluded.flags, asset_id = excluded.asset_id, currency = excluded.currency,
                fiat_total_minor = excluded.fiat_total_minor, coin_due_units = excluded.coin_due_units,
                coin_received_units = excluded.coin_received_units, address = excluded.address,
                expires_at = excluded.expires_at, late_until = excluded.late_until,
                last_reason = excluded.last_reason, reorg_watch = excluded.reorg_watch
            """, [
                sale.id, lane, sale.cashier, sale.openedAt.millis, localDay(sale.openedAt), at.millis,
                sale.status.rawValue, flags, sale.asset?.id, sale.cart.currency.code, Int64(sale.cart.total.minor),
                sale.totalDue.map { String($0.units) }, sale.received.map { String($0.units) }, quote?.address,
                quote?.expiresAt.millis, lateUntil, reason, sale.status == .paid && sale.watching,
            ])
        try session.execute("""
            INSERT INTO sale_documents (sale_id, sale_json) VALUES ($1, $2)
            ON CONFLICT (sale_id) DO UPDATE SET sale_json = excluded.sale_json
            """, [sale.id, json])
        try writeLines(session, sale)
        try writeQuotes(session, sale)
        try writePayments(session, sale, at: at)
        for (seq, change) in sale.history.enumerated() {
            try session.execute("""
                INSERT INTO sale_transitions (sale_id, seq, from_status, to_status, at, reason)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING
                """, [sale.id, seq, change.from.rawValue, change.to.rawValue, change.at.millis, change.reason])
        }
        for effect in effects { try writeEffect(session, effect, saleID: sale.id, at: at) }
    }

    private func writeLines(_ session: PostgresSession, _ sale: Sale) throws {
        try session.execute("DELETE FROM sale_lines WHERE sale_id = $1", [sale.id])
        for (number, line) in sale.cart.lines.enumerated() {
            try session.execute("""
                INSERT INTO sale_lines (sale_id, line_no, product_id, name, quantity, unit_price_minor, net_minor,
                                        tax_minor)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                """, [sale.id, number, line.product.id, line.product.name, line.quantity,
                      Int64(line.product.price.minor), Int64(line.net.minor), Int64(sale.cart.tax(of: line).minor)])
        }
    }

    private func writeQuotes(_ session: PostgresSession, _ sale: Sale) throws {
        for (seq, quote) in sale.quotes.enumerated() {
            try session.execute("""
                INSERT INTO quotes (sale_id, seq, asset_id, address, derivation_path, amount_units, fiat_minor,
                                    currency, rate_price, rate_source, rate_time, uri, created_at, expires_at)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                ON CONFLICT (sale_id, seq) DO UPDATE SET
                    asset_id = excluded.asset_id, address = excluded.address,
                    derivation_path = excluded.derivation_path, amount_units = excluded.amount_units,
                    fiat_minor = excluded.fiat_minor, currency = excluded.currency, rate_price = excluded.rate_price,
                    rate_source = excluded.rate_source, rate_time = excluded.rate_time, uri = excluded.uri,
                    created_at = excluded.created_at, expires_at = excluded.expires_at
                """, [
                    sale.id, seq, quote.asset.id, quote.address, quote.derivationPath, String(quote.amount.units),
                    Int64(quote.fiat.minor), quote.fiat.currency.code, quote.rate.price.description, quote.rate.source,
                    quote.rate.time.millis, quote.uri, quote.createdAt.millis, quote.expiresAt.millis,
                ])
        }
    }

    private func writePayments(_ session: PostgresSession, _ sale: Sale, at: Date) throws {
        for payment in sale.payments {
            try session.execute("""
                INSERT INTO payments (sale_id, txid, output, address, amount_units, state, confirmations, block_height,
                                      block_hash, first_seen, replaceable, late, reorged)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
                ON CONFLICT (sale_id, txid, output) DO UPDATE SET
                    state = excluded.state, confirmations = excluded.confirmations,
                    block_height = excluded.block_height, block_hash = excluded.block_hash, reorged = excluded.reorged
                """, [
                    sale.id, payment.ref.txid, payment.ref.output, payment.address, String(payment.amount.units),
                    payment.state.rawValue, payment.confirmations, payment.blockHeight, payment.blockHash,
                    payment.firstSeen.millis, payment.replaceable, payment.late, payment.wasReorged,
                ])
            // Funds arrived (even if they later vanish): this address is never handed out again.
            try markFunded(session, address: payment.address, at: at)
        }
    }

    private func writeEffect(_ session: PostgresSession, _ effect: SaleEffect, saleID: String, at: Date) throws {
        let (kind, json) = try EffectPayload.encode(effect)
        var delivered: Int64?
        if case .adjustStock(let changes) = effect {
            // One count for the shop, moved in the sale's transaction (the row lock orders two lanes selling the
            // same product). Below zero, two lanes sold the last unit at once: the sale stands and is flagged.
            for change in changes {
                let after = try session.query("""
                    UPDATE products SET stock = stock + $1, updated_at = $2 WHERE id = $3 AND stock IS NOT NULL
                    RETURNING stock
                    """, [Int64(change.delta), at.millis, change.productID]).first?.get("stock", Int.self)
                if let after, after < 0, change.delta < 0 {
                    try session.execute("""
                        INSERT INTO oversold (sale_id, product_id, stock_after, at) VALUES ($1, $2, $3, $4)
                        ON CONFLICT (sale_id, product_id) DO UPDATE SET stock_after = excluded.stock_after, at = excluded.at
                        """, [saleID, change.productID, after, at.millis])
                }
            }
            delivered = at.millis
        }
        try session.execute("""
            INSERT INTO outbox (sale_id, kind, payload_json, created_at, next_attempt_at, delivered_at)
            VALUES ($1, $2, $3, $4, $5, $6)
            """, [saleID, kind, json, at.millis, at.millis, delivered])
    }

    /// Sales that took stock below zero (two lanes sold the last unit at once), by sale id, with the products.
    public func oversoldSales() throws -> [String: [String]] {
        try link.withSession("listing oversold sales") { session in
            var result: [String: [String]] = [:]
            for row in try session.query("SELECT sale_id, product_id FROM oversold ORDER BY sale_id, product_id") {
                result[try row.get("sale_id", String.self), default: []].append(try row.get("product_id", String.self))
            }
            return result
        }
    }
}
