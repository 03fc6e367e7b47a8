import Foundation
import GRDB
import TillCore
import TillHooks

/// TillHooks' `OutboxStore` on the `webhook_deliveries` table of the till's SQLite database: deliveries
/// survive restarts, and `TillDatabase.save(_:effects:reason:at:deliveries:)` writes them in the sale's transaction.
public final class WebhookOutbox: OutboxStore {
    public let database: TillDatabase

    public init(database: TillDatabase) { self.database = database }

    @discardableResult
    public func enqueue(_ deliveries: [NewDelivery]) throws -> [OutboxDelivery] {
        try database.write("queueing \(deliveries.count) webhook deliveries") { db in
            try WebhookOutbox.insert(db, deliveries)
        }
    }

    public func due(at time: Date, limit: Int) throws -> [OutboxDelivery] {
        try database.read("reading due webhook deliveries") { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM webhook_deliveries
                WHERE status = 'pending' AND next_attempt_at <= ?
                ORDER BY next_attempt_at, id LIMIT ?
                """, arguments: [time.millis, limit]).map(WebhookOutbox.delivery)
        }
    }

    public func markDelivered(_ id: Int64, at time: Date, statusCode: Int) throws {
        try update(id, "recording webhook delivery \(id)", sql: """
            UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = ?,
                last_status_code = ?, last_error = NULL, next_attempt_at = NULL
            WHERE id = ?
            """, arguments: [time.millis, statusCode, id])
    }

    public func recordFailure(_ id: Int64, at time: Date, statusCode: Int?, error: String, nextAttemptAt: Date?) throws {
        try update(id, "recording a failed webhook attempt \(id)", sql: """
            UPDATE webhook_deliveries SET status = ?, attempts = attempts + 1, last_attempt_at = ?,
                last_status_code = ?, last_error = ?, next_attempt_at = ?
            WHERE id = ?
            """, arguments: [nextAttemptAt == nil ? DeliveryStatus.failed.rawValue : DeliveryStatus.pending.rawValue,
                             time.millis, statusCode, error, nextAttemptAt?.millis, id])
    }

    public func log(endpoint: String, limit: Int) throws -> [OutboxDelivery] {
        try database.read("reading the webhook log of \(endpoint)") { db in
            try Row.fetchAll(db, sql: "SELECT * FROM webhook_deliveries WHERE endpoint = ? ORDER BY id DESC LIMIT ?",
                             arguments: [endpoint, limit]).map(WebhookOutbox.delivery)
        }
    }

    public func requeue(_ id: Int64, at time: Date) throws {
        try update(id, "re-sending webhook delivery \(id)", sql: """
            UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = ?, retry_from = ? WHERE id = ?
            """, arguments: [time.millis, time.millis, id])
    }

    public func delivery(_ id: Int64) throws -> OutboxDelivery? {
        try database.read("reading webhook delivery \(id)") { db in
            try Row.fetchOne(db, sql: "SELECT * FROM webhook_deliveries WHERE id = ?", arguments: [id]).map(WebhookOutbox.delivery)
        }
    }

    private func update(_ id: Int64, _ operation: String, sql: String, arguments: StatementArguments) throws {
        let changed = try database.write(operation) { db in
            try db.execute(sql: sql, arguments: arguments)
            return db.changesCount
        }
        guard changed > 0 else { throw OutboxError("no webhook delivery with id \(id) in \(database.path)") }
    }

    /// Inserts deliveries due at once; one already queued (same endpoint and event id) is returned as it stands.
    static func insert(_ db: Database, _ deliveries: [NewDelivery]) throws -> [OutboxDelivery] {
        let insert = try db.cachedStatement(sql: """
            INSERT INTO webhook_deliveries (endpoint, event_id, event_type, body, created_at, status, next_attempt_at, retry_from)
            VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)
            ON CONFLICT (endpoint, event_id) DO NOTHING
            """)
        return try deliveries.map { new in
            let at = new.createdAt.millis
            try insert.execute(arguments: [new.endpoint, new.eventID, new.eventType, new.body, at, at, at])
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM webhook_deliveries WHERE endpoint = ? AND event_id = ?",
                                             arguments: [new.endpoint, new.eventID]) else {
                throw OutboxError("webhook delivery of \(new.eventID) to \(new.endpoint) vanished while queueing")
            }
            return try delivery(row)
        }
    }

    static func delivery(_ row: Row) throws -> OutboxDelivery {
        let id: Int64 = row["id"]
        let statusText: String = row["status"]
        guard let status = DeliveryStatus(rawValue: statusText) else {
            throw OutboxError("webhook_deliveries row \(id): unknown status \"\(statusText)\"")
        }
        let next: Int64? = row["next_attempt_at"], last: Int64? = row["last_attempt_at"]
        return OutboxDelivery(id: id, endpoint: row["endpoint"], eventID: row["event_id"], eventType: row["event_type"],
                              body: row["body"], createdAt: Date(millis: row["created_at"]), status: status,
                              attempts: row["attempts"], nextAttemptAt: next.map(Date.init(millis:)),
                              retryFrom: Date(millis: row["retry_from"]), lastAttemptAt: last.map(Date.init(millis:)),
                              lastStatusCode: row["last_status_code"], lastError: row["last_error"])
    }
}

extension TillDatabase {
    /// `save(_:effects:reason:at:)` plus webhook deliveries, all in ONE transaction: a sale change and the
    /// deliveries announcing it are durable together or not at all.
    public func save(_ sale: Sale, effects: [SaleEffect], reason: String, at: Date, deliveries: [NewDelivery]) throws {
        try write("saving sale \(sale.id) with \(deliveries.count) webhook deliveries") { db in
            try writeSale(db, sale: sale, effects: effects, reason: reason, at: at)
            _ = try WebhookOutbox.insert(db, deliveries)
        }
    }
}
