import BigInt
import Foundation
import GRDB
import TillCore
import TillStore

extension TillDatabase {
    /// Writes every sale of `generator` with the rows `save` would write (sales, sale_documents, sale_lines, quotes,
    /// payments, sale_transitions) and the day counters `nextSaleID` continues from, `batchSize` sales per
    /// transaction with prepared statements. Outbox rows and address allocations are not generated. Returns how
    /// many sales were written; `progress` gets the running count after each transaction.
    @discardableResult
    public func storeGenerated(_ generator: SalesGenerator, batchSize: Int = 10_000,
                               progress: (Int) -> Void = { _ in }) throws -> Int {
        var batch: [SyntheticSales.Parts] = []
        batch.reserveCapacity(batchSize)
        var written = 0
        func flush() throws {
            guard !batch.isEmpty else { return }
            let parts = batch
            try pool.write { db in
                var statements = try GeneratedRowStatements(db)
                for sale in parts { try statements.insert(sale, day: localDay(sale.openedAt)) }
            }
            written += parts.count
            batch.removeAll(keepingCapacity: true)
            progress(written)
        }
        try generator.forEachSale { parts in
            batch.append(parts)
            if batch.count >= batchSize { try flush() }
        }
        try flush()
        try pool.write { db in
            let counter = try db.makeStatement(sql: """
                INSERT INTO sale_id_counters (day, last_number) VALUES (?, ?)
                ON CONFLICT(day) DO UPDATE SET last_number = MAX(last_number, excluded.last_number)
                """)
            for day in generator.days where day.sales > 0 { try counter.execute(arguments: [day.text, day.sales]) }
        }
        return written
    }
}

/// The INSERTs of one sale's rows, prepared once per transaction.
private struct GeneratedRowStatements {
    let sale, document, line, quote, payment, transition: Statement

    init(_ db: Database) throws {
        sale = try db.makeStatement(sql: """
            INSERT INTO sales (id, cashier, opened_at, opened_day, updated_at, status, flags, asset_id, currency,
                               fiat_total_minor, coin_due_units, coin_received_units, address, expires_at, late_until,
                               last_reason)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        // Generated sales are never watched (`"watching":false` in their JSON).
        document = try db.makeStatement(sql: """
            INSERT INTO sale_documents (sale_id, reorg_watched, document) VALUES (?, 0, ?)
            """)
        line = try db.makeStatement(sql: """
            INSERT INTO sale_lines (sale_id, line_no, product_id, name, quantity, unit_price_minor, net_minor, tax_minor)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)
            """)
        quote = try db.makeStatement(sql: """
            INSERT INTO quotes (sale_id, seq, asset_id, address, derivation_path, amount_units, fiat_minor, currency,
                                rate_price, rate_source, rate_time, uri, created_at, expires_at)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        payment = try db.makeStatement(sql: """
            INSERT INTO payments (sale_id, txid, output, address, amount_units, state, confirmations, block_height,
                                  block_hash, first_seen, replaceable, late, reorged)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            """)
        transition = try db.makeStatement(sql: """
            INSERT INTO sale_transitions (sale_id, seq, from_status, to_status, at, reason) VALUES (?, ?, ?, ?, ?, ?)
            """)
    }

    /// The same column values `writeSale` derives from the `Sale` (see TillDatabase+Sales.swift).
    mutating func insert(_ parts: SyntheticSales.Parts, day: String) throws {
        var cart = Cart(currency: parts.currency)
        for line in parts.lines { cart.add(line.product, quantity: line.quantity) }
        let current = parts.quotes.last
        let lateUntil = current.map { $0.expiresAt.millis + Int64(parts.policy?.lateWindowSeconds ?? 0) * 1000 }
        let flags = parts.flags.isEmpty ? "" : "," + parts.flags.sorted().map(\.rawValue).joined(separator: ",") + ","
        let received: String? = parts.asset.map { _ in
            String(parts.payments.filter(\.counts).reduce(BigUInt(0)) { $0 + $1.amount.units })
        }
        let last = parts.history.last
        let updatedAt = last?.at ?? parts.openedAt
        try sale.execute(arguments: [
            parts.id, parts.cashier, parts.openedAt.millis, day, updatedAt.millis, parts.status.rawValue, flags,
            parts.asset?.id, cart.currency.code, cart.total.minor, parts.quotes.first.map { String($0.amount.units) },
            received, current?.address, current?.expiresAt.millis, lateUntil, last?.reason ?? "generated",
        ])
        let json = Data(SaleDocumentJSON.document(parts, cart: cart).utf8)
        try document.execute(arguments: [parts.id, try SaleDocument.pack(json: json)])
        for (number, item) in cart.lines.enumerated() {
            try line.execute(arguments: [parts.id, number, item.product.id, item.product.name, item.quantity,
                                         item.product.price.minor, item.net.minor, cart.tax(of: item).minor])
        }
        for (seq, item) in parts.quotes.enumerated() {
            try quote.execute(arguments: [
                parts.id, seq, item.asset.id, item.address, item.derivationPath, String(item.amount.units),
                item.fiat.minor, item.fiat.currency.code, item.rate.price.description, item.rate.source,
                item.rate.time.millis, item.uri, item.createdAt.millis, item.expiresAt.millis,
            ])
        }
        for item in parts.payments {
            try payment.execute(arguments: [
                parts.id, item.ref.txid, item.ref.output, item.address, String(item.amount.units), item.state.rawValue,
                item.confirmations, item.blockHeight, item.blockHash, item.firstSeen.millis, item.replaceable,
                item.late, item.wasReorged,
            ])
        }
        for (seq, change) in parts.history.enumerated() {
            try transition.execute(arguments: [parts.id, seq, change.from.rawValue, change.to.rawValue,
                                               change.at.millis, change.reason])
        }
    }
}
