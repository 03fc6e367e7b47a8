import Foundation
import TillCore
import TillHooks
import TillStore

/// TillHooks' `OutboxStore` on the shop's PostgreSQL ledger: one outbox for every lane. `due` claims the rows it
/// returns for this lane (`FOR UPDATE SKIP LOCKED`, then `claimed_until`), so two lanes never send the same
/// delivery; a lane that dies mid-send leaves its rows to the others once the claim lapses. Ids are row ids, and
/// the (endpoint, event id) key makes enqueuing the same event twice a no-op, as on SQLite.
public final class PostgresWebhookOutbox: OutboxStore {
    public let store: PostgresStore

    public init(store: PostgresStore) { self.store = store }

    @discardableResult
    public func enqueue(_ deliveries: [NewDelivery]) throws -> [OutboxDelivery] {
        try store.link.transaction("queueing \(deliveries.count) webhook deliveries") { session in
            try Self.insert(session, deliveries)
        }
    }

    public func due(at time: Date, limit: Int) throws -> [OutboxDelivery] {
        try store.link.transaction("claiming due webhook deliveries") { session in
            try session.query("""
                UPDATE webhook_deliveries SET claimed_by = $1, claimed_until = $2
                WHERE id IN (
                    SELECT id FROM webhook_deliveries
                    WHERE status = 'pending' AND next_attempt_at <= $3
                      AND (claimed_by IS NULL OR claimed_by = $1 OR claimed_until <= $3)
                    ORDER BY next_attempt_at, id LIMIT $4 FOR UPDATE SKIP LOCKED)
                RETURNING *
                """, [store.lane, time.millis + PostgresStore.outboxClaimSeconds * 1000, time.millis, limit])
                .map(Self.delivery)
                .sorted { ($0.nextAttemptAt ?? .distantPast, $0.id) < ($1.nextAttemptAt ?? .distantPast, $1.id) }
        }
    }

    public func markDelivered(_ id: Int64, at time: Date, statusCode: Int) throws {
        try update(id, "recording webhook delivery \(id)", """
            UPDATE webhook_deliveries SET status = 'delivered', attempts = attempts + 1, last_attempt_at = $1,
                last_status_code = $2, last_error = NULL, next_attempt_at = NULL, claimed_by = NULL, claimed_until = NULL
            WHERE id = $3
            """, [time.millis, statusCode, id])
    }

    public func recordFailure(_ id: Int64, at time: Date, statusCode: Int?, error: String, nextAttemptAt: Date?) throws {
        try update(id, "recording a failed webhook attempt \(id)", """
            UPDATE webhook_deliveries SET status = $1, attempts = attempts + 1, last_attempt_at = $2,
                last_status_code = $3, last_error = $4, next_attempt_at = $5, claimed_by = NULL, claimed_until = NULL
            WHERE id = $6
            """, [nextAttemptAt == nil ? DeliveryStatus.failed.rawValue : DeliveryStatus.pending.rawValue, time.millis,
                  statusCode, error, nextAttemptAt?.millis, id])
    }

    public func log(endpoint: String, limit: Int) throws -> [OutboxDelivery] {
        try store.link.withSession("reading the webhook log of \(endpoint)") { session in
            try session.query("SELECT * FROM webhook_deliveries WHERE endpoint = $1 ORDER BY id DESC LIMIT $2",
                              [endpoint, limit]).map(Self.delivery)
        }
    }

    public func requeue(_ id: Int64, at time: Date) throws {
        try update(id, "re-sending webhook delivery \(id)", """
            UPDATE webhook_deliveries SET status = 'pending', next_attempt_at = $1, retry_from = $1, claimed_by = NULL,
                claimed_until = NULL
            WHERE id = $2
            """, [time.millis, id])
    }

    public func delivery(_ id: Int64) throws -> OutboxDelivery? {
        try store.link.withSession("reading webhook delivery \(id)") { session in
            try session.query("SELECT * FROM webhook_deliveries WHERE id = $1", [id]).first.map(Self.delivery)
        }
    }

    private func update(_ id: Int64, _ operation: String, _ sql: String, _ values: [any SQLValue]) throws {
        let changed = try store.link.withSession(operation) { session in try session.execute(sql, values) }
        guard changed > 0 else { throw OutboxError("no webhook delivery with id \(id) in \(store.location.redacted)") }
    }

    /// Inserts deliveries due at once; one already queued (same endpoint and event id) is returned as it stands.
    static func insert(_ session: PostgresSession, _ deliveries: [NewDelivery]) throws -> [OutboxDelivery] {
        try deliveries.map { new in
            let at = new.createdAt.millis
            try session.execute("""
                INSERT INTO webhook_deliveries (endpoint, event_id, event_type, body, created_at, status,
                                                next_attempt_at, retry_from)
                VALUES ($1, $2, $3, $4, $5, 'pending', $5, $5) ON CONFLICT (endpoint, event_id) DO NOTHING
                """, [new.endpoint, new.eventID, new.eventType, new.body, at])
            guard let row = try session.query("SELECT * FROM webhook_deliveries WHERE endpoint = $1 AND event_id = $2",
                                              [new.endpoint, new.eventID]).first else {
                throw OutboxError("webhook delivery of \(new.eventID) to \(new.endpoint) vanished while queueing")
            }
            return try delivery(row)
        }
    }

    static func delivery(_ row: PostgresRowReader) throws -> OutboxDelivery {
        let id: Int64 = try row.get("id")
        let statusText: String = try row.get("status")
        guard let status = DeliveryStatus(rawValue: statusText) else {
            throw OutboxError("webhook_deliveries row \(id): unknown status \"\(statusText)\"")
        }
        return OutboxDelivery(
            id: id, endpoint: try row.get("endpoint"), eventID: try row.get("event_id"), eventType: try row.get("event_type"),
            body: try row.get("body"), createdAt: Date(millis: try row.get("created_at")), status: status,
            attempts: try row.get("attempts"), nextAttemptAt: try row.get("next_attempt_at", Int64?.self).map(Date.init(millis:)),
            retryFrom: Date(millis: try row.get("retry_from")),
            lastAttemptAt: try row.get("last_attempt_at", Int64?.self).map(Date.init(millis:)),
            lastStatusCode: try row.get("last_status_code"), lastError: try row.get("last_error"))
    }
}

extension PostgresStore {
    /// `save(_:effects:reason:at:)` plus webhook deliveries, all in ONE transaction (as `TillDatabase`'s).
    public func save(_ sale: Sale, effects: [SaleEffect], reason: String, at: Date, deliveries: [NewDelivery]) throws {
        try link.transaction("saving sale \(sale.id) with \(deliveries.count) webhook deliveries") { session in
            try writeSale(session, sale: sale, effects: effects, reason: reason, at: at)
            _ = try PostgresWebhookOutbox.insert(session, deliveries)
        }
    }
}
