import Foundation
import GRDB
import TillStore

/// `till store migrate --to postgresql://…`: copies a single till's SQLite ledger into an empty PostgreSQL ledger,
/// table by table with the same ids, in one PostgreSQL transaction (all or nothing). The copied sales belong to
/// the given lane.
public enum LedgerCopy {
    /// How a column's SQLite value becomes a PostgreSQL parameter.
    enum Kind {
        case int, text, bool, bytes
        /// SQLite's stored sale document (packed or plain) as PostgreSQL's JSON text.
        case saleDocument
    }

    struct Table {
        let name: String
        let columns: [(String, Kind)]
        /// Extra PostgreSQL columns and the SQLite expressions that fill them (the lane is `?1`).
        var extra: [(column: String, sqlite: String, kind: Kind)] = []
        var orderBy = "rowid"
    }

    static let tables: [Table] = [
        Table(name: "products", columns: [("id", .text), ("name", .text), ("price_minor", .int), ("currency", .text),
                                          ("category", .text), ("barcode", .text), ("tax_rate", .text),
                                          ("disabled", .bool), ("catalog_stock", .int), ("stock", .int),
                                          ("updated_at", .int)]),
        Table(name: "sale_id_counters", columns: [("day", .text), ("last_number", .int)]),
        Table(name: "sales", columns: [("id", .text), ("cashier", .text), ("opened_at", .int), ("opened_day", .text),
                                       ("updated_at", .int), ("status", .text), ("flags", .text), ("asset_id", .text),
                                       ("currency", .text), ("fiat_total_minor", .int), ("coin_due_units", .text),
                                       ("coin_received_units", .text), ("address", .text), ("expires_at", .int),
                                       ("late_until", .int), ("last_reason", .text)],
              extra: [("lane", "?1", .text), ("watcher", "?1", .text),
                      ("reorg_watch", "EXISTS (SELECT 1 FROM reorg_watch w WHERE w.sale_id = sales.id)", .bool)],
              orderBy: "opened_at, id"),
        Table(name: "sale_documents", columns: [("sale_id", .text)],
              extra: [("sale_json", "document", .saleDocument)], orderBy: "sale_id"),
        Table(name: "sale_lines", columns: [("sale_id", .text), ("line_no", .int), ("product_id", .text), ("name", .text),
                                            ("quantity", .int), ("unit_price_minor", .int), ("net_minor", .int),
                                            ("tax_minor", .int)], orderBy: "sale_id, line_no"),
        Table(name: "quotes", columns: [("sale_id", .text), ("seq", .int), ("asset_id", .text), ("address", .text),
                                        ("derivation_path", .text), ("amount_units", .text), ("fiat_minor", .int),
                                        ("currency", .text), ("rate_price", .text), ("rate_source", .text),
                                        ("rate_time", .int), ("uri", .text), ("created_at", .int), ("expires_at", .int)],
              orderBy: "sale_id, seq"),
        Table(name: "payments", columns: [("sale_id", .text), ("txid", .text), ("output", .int), ("address", .text),
                                          ("amount_units", .text), ("state", .text), ("confirmations", .int),
                                          ("block_height", .int), ("block_hash", .text), ("first_seen", .int),
                                          ("replaceable", .bool), ("late", .bool), ("reorged", .bool)],
              orderBy: "sale_id, txid, output"),
        Table(name: "sale_transitions", columns: [("sale_id", .text), ("seq", .int), ("from_status", .text),
                                                  ("to_status", .text), ("at", .int), ("reason", .text)],
              orderBy: "sale_id, seq"),
        Table(name: "outbox", columns: [("id", .int), ("sale_id", .text), ("kind", .text), ("payload_json", .text),
                                        ("created_at", .int), ("attempts", .int), ("next_attempt_at", .int),
                                        ("delivered_at", .int), ("last_error", .text)], orderBy: "id"),
        Table(name: "observations", columns: [("id", .int), ("at", .int), ("backend", .text), ("kind", .text),
                                              ("txid", .text), ("output", .int), ("address", .text),
                                              ("amount_units", .text), ("height", .int), ("block_hash", .text),
                                              ("raw_json", .text), ("confirmations", .int)],
              extra: [("lane", "?1", .text)], orderBy: "id"),
        Table(name: "wallet_address_index", columns: [("wallet_id", .text), ("chain", .int), ("next_index", .int)],
              orderBy: "wallet_id, chain"),
        Table(name: "addresses", columns: [("wallet_id", .text), ("chain", .int), ("idx", .int), ("address", .text),
                                           ("path", .text), ("sale_id", .text), ("state", .text),
                                           ("allocated_at", .int), ("funded_at", .int), ("times_reused", .int)],
              orderBy: "wallet_id, chain, idx"),
        // The till's watcher becomes this lane's: its cursor and state go on where they were.
        Table(name: "chain_cursor", columns: [("backend_id", .text), ("height", .int), ("block_hash", .text),
                                              ("updated_at", .int)], extra: [("lane", "?1", .text)], orderBy: "backend_id"),
        Table(name: "watcher_state", columns: [("backend_id", .text), ("kind", .text), ("key", .text), ("value", .bytes)],
              extra: [("lane", "?1", .text)], orderBy: "backend_id, kind, key"),
        Table(name: "catalog_sync", columns: [("id", .int), ("fingerprint", .text), ("product_count", .int),
                                              ("synced_at", .int)], orderBy: "id"),
        Table(name: "users", columns: [("name", .text), ("role", .text), ("pin_hash", .text), ("salt", .text),
                                       ("iterations", .int), ("failed_attempts", .int), ("locked_until", .int),
                                       ("created_at", .int)], orderBy: "name"),
        Table(name: "audit_log", columns: [("id", .int), ("at", .int), ("actor", .text), ("action", .text),
                                           ("details", .text), ("prev_hash", .text), ("hash", .text)],
              extra: [("lane", "?1", .text)], orderBy: "id"),
        Table(name: "refunds", columns: [("id", .int), ("sale_id", .text), ("asset_id", .text), ("txid", .text),
                                         ("amount_units", .text), ("recorded_at", .int), ("recorded_by", .text),
                                         ("note", .text)], orderBy: "id"),
        Table(name: "webhook_deliveries", columns: [("id", .int), ("endpoint", .text), ("event_id", .text),
                                                    ("event_type", .text), ("body", .bytes), ("created_at", .int),
                                                    ("status", .text), ("attempts", .int), ("next_attempt_at", .int),
                                                    ("retry_from", .int), ("last_attempt_at", .int),
                                                    ("last_status_code", .int), ("last_error", .text)], orderBy: "id"),
        Table(name: "day_closes", columns: [("day", .text), ("closed_at", .int), ("closed_by", .text),
                                            ("report_hash", .text), ("report_text", .text)], orderBy: "day"),
    ]

    /// Rows per INSERT statement (well under PostgreSQL's 65,535 parameters for the widest table).
    static let batchRows = 1_000

    /// Copies every table; returns the row count per table. Refuses a PostgreSQL ledger that already holds sales
    /// or audit entries (a second shop's ids would collide).
    @discardableResult
    public static func copy(from source: TillDatabase, to target: PostgresStore,
                            progress: (String, Int) -> Void = { _, _ in }) throws -> [String: Int] {
        // The audit chain and the PIN hashes are keyed with the till's install key: under another key the copy
        // would verify as edited and nobody could log in.
        guard source.installSecret.bytes == target.installSecret.bytes else {
            throw StoreError.database(path: target.location.redacted, operation: "copying the ledger",
                                      detail: "the lane's \(InstallSecret.fileName) in \(target.installSecret.directory) is not "
                                          + "the till's (\(source.installSecret.directory)); give the lane the till's data directory")
        }
        let counts = try copyRows(from: source, to: target, progress: progress)
        // Fresh tables have no statistics until autovacuum comes by: the first manager queries would be planned blind.
        try target.link.withSession("analyzing the copied ledger") { session in try session.execute("ANALYZE") }
        return counts
    }

    /// The chain is the same one: its head anchor (outside the database) moves with it. Written inside the copy's
    /// transaction, so a failure here leaves the PostgreSQL ledger empty ("nothing was written" stays true).
    private static func copyAuditHead(from source: TillDatabase, to target: PostgresStore) throws {
        guard let head = FileManager.default.contents(atPath: source.auditHeadPath) else { return }
        do { try PrivateFiles.write(head, to: target.auditHeadPath) } catch {
            throw StoreError.database(path: target.auditHeadPath, operation: "writing the audit head",
                                      detail: error.localizedDescription)
        }
    }

    private static func copyRows(from source: TillDatabase, to target: PostgresStore,
                                 progress: (String, Int) -> Void) throws -> [String: Int] {
        try target.link.transaction("copying the SQLite ledger \(source.path)") { session in
            let existing = try session.query("""
                SELECT (SELECT COUNT(*) FROM sales) + (SELECT COUNT(*) FROM audit_log) AS n
                """).first?.get("n", Int.self) ?? 0
            guard existing == 0 else {
                throw StoreError.database(path: target.location.redacted, operation: "copying the ledger",
                                          detail: "the PostgreSQL ledger is not empty (\(existing) sales and audit "
                                              + "entries); migrate into a new, empty database")
            }
            // The running totals are filled by one grouped pass over the copied sales instead of by their triggers on
            // each row (three per sale). Inside this transaction: no lane ever sees the triggers off.
            let totals = PostgresTotalsTable.all
            for trigger in totals.flatMap(\.triggers) { try session.execute("ALTER TABLE sales DISABLE TRIGGER \(trigger)") }
            var counts: [String: Int] = [:]
            for table in tables {
                counts[table.name] = try copy(table, from: source, lane: target.lane, session: session) { progress(table.name, $0) }
            }
            for table in totals {
                try session.execute("DELETE FROM \(table.name)")
                try session.execute(table.fill)
            }
            for trigger in totals.flatMap(\.triggers) { try session.execute("ALTER TABLE sales ENABLE TRIGGER \(trigger)") }
            // Rows kept their ids: the sequences continue after them.
            for table in ["outbox", "observations", "audit_log", "refunds", "webhook_deliveries"] {
                try session.execute("""
                    SELECT setval(pg_get_serial_sequence('\(table)', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM \(table)
                    """)
            }
            try copyAuditHead(from: source, to: target)
            return counts
        }
    }

    private static func copy(_ table: Table, from source: TillDatabase, lane: String, session: PostgresSession,
                             progress: (Int) -> Void) throws -> Int {
        let names = table.columns.map(\.0) + table.extra.map(\.column)
        let kinds = table.columns.map(\.1) + table.extra.map(\.kind)
        let select = "SELECT " + (table.columns.map(\.0) + table.extra.map(\.sqlite)).joined(separator: ", ")
            + " FROM \(table.name) ORDER BY \(table.orderBy)"
        var batch: [any SQLValue] = [], rows = 0, total = 0
        func flush() throws {
            guard rows > 0 else { return }
            let tuples = (0..<rows).map { row in
                "(" + (1...names.count).map { "$\(row * names.count + $0)" }.joined(separator: ", ") + ")"
            }
            try session.execute("INSERT INTO \(table.name) (\(names.joined(separator: ", "))) VALUES "
                + tuples.joined(separator: ", "), batch)
            total += rows
            progress(total)
            batch.removeAll(keepingCapacity: true)
            rows = 0
        }
        try source.pool.read { db in
            // GRDB checks the argument count: only statements that use the lane get it.
            let arguments: StatementArguments = select.contains("?1") ? [lane] : []
            let cursor = try Row.fetchCursor(db, sql: select, arguments: arguments)
            while let row = try cursor.next() {
                for (index, kind) in kinds.enumerated() { batch.append(try value(row[index] as DatabaseValue, kind)) }
                rows += 1
                if rows == batchRows { try flush() }
            }
        }
        try flush()
        return total
    }

    private static func value(_ value: DatabaseValue, _ kind: Kind) throws -> any SQLValue {
        switch (kind, value.storage) {
        case (.int, .int64(let number)): return number
        case (.int, _): return Int64?.none
        case (.bool, .int64(let number)): return number != 0
        case (.bool, _): return Bool?.none
        case (.text, .string(let text)): return text
        case (.text, .int64(let number)): return String(number)
        case (.text, _): return String?.none
        // Inflated, not re-encoded: PostgreSQL gets the very JSON the till wrote.
        case (.saleDocument, .blob(let data)): return String(decoding: try SaleDocument.json(stored: data), as: UTF8.self)
        case (.saleDocument, .string(let text)): return text
        case (.saleDocument, _): return String?.none
        case (.bytes, .blob(let data)): return data
        case (.bytes, .string(let text)): return Data(text.utf8)
        case (.bytes, _): return Data?.none
        }
    }
}
