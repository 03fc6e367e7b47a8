import Foundation

/// Where a delivery stands.
public enum DeliveryStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for its first or next attempt.
    case pending
    /// The endpoint answered 2xx.
    case delivered
    /// Retries ran out (3 days by default); a manager may requeue it.
    case failed
}

/// A delivery to write into the outbox (in the same transaction as the sale's state change).
public struct NewDelivery: Sendable, Hashable {
    /// The endpoint's configured name.
    public let endpoint: String
    /// The `webhook-id`: the same on every attempt so the receiver can drop duplicates.
    public let eventID: String
    public let eventType: String
    public let body: Data
    public let createdAt: Date

    public init(endpoint: String, eventID: String, eventType: String, body: Data, createdAt: Date) {
        self.endpoint = endpoint
        self.eventID = eventID
        self.eventType = eventType
        self.body = body
        self.createdAt = createdAt
    }

    /// One delivery of `event` per endpoint subscribed to its type.
    public static func forEvent(_ event: HookEvent, endpoints: [WebhookEndpoint]) -> [NewDelivery] {
        endpoints.filter { $0.events.contains(event.type) }.map {
            NewDelivery(endpoint: $0.name, eventID: event.id, eventType: event.type.rawValue, body: event.body,
                        createdAt: event.time)
        }
    }
}

/// A delivery as the outbox holds it, with its attempt history summarised.
public struct OutboxDelivery: Sendable, Hashable, Identifiable {
    public let id: Int64
    public let endpoint: String
    public let eventID: String
    public let eventType: String
    public let body: Data
    public let createdAt: Date
    public var status: DeliveryStatus
    public var attempts: Int
    /// When the next attempt is due (pending only).
    public var nextAttemptAt: Date?
    /// Start of the retry window: creation, or the last manual requeue.
    public var retryFrom: Date
    public var lastAttemptAt: Date?
    public var lastStatusCode: Int?
    public var lastError: String?

    public init(id: Int64, endpoint: String, eventID: String, eventType: String, body: Data, createdAt: Date,
                status: DeliveryStatus = .pending, attempts: Int = 0, nextAttemptAt: Date?, retryFrom: Date,
                lastAttemptAt: Date? = nil, lastStatusCode: Int? = nil, lastError: String? = nil) {
        self.id = id
        self.endpoint = endpoint
        self.eventID = eventID
        self.eventType = eventType
        self.body = body
        self.createdAt = createdAt
        self.status = status
        self.attempts = attempts
        self.nextAttemptAt = nextAttemptAt
        self.retryFrom = retryFrom
        self.lastAttemptAt = lastAttemptAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
    }
}

/// Durable storage of webhook deliveries (the app implements it on TillStore's outbox table).
/// Every method is one short transaction; the dispatcher never holds a transaction across HTTP.
public protocol OutboxStore: Sendable {
    /// Adds deliveries, due at once (`nextAttemptAt = createdAt`), and returns them with their ids.
    @discardableResult
    func enqueue(_ deliveries: [NewDelivery]) throws -> [OutboxDelivery]
    /// Pending deliveries with `nextAttemptAt <= time`, oldest due first, at most `limit`.
    func due(at time: Date, limit: Int) throws -> [OutboxDelivery]
    /// The endpoint answered 2xx: status delivered, attempts + 1.
    func markDelivered(_ id: Int64, at time: Date, statusCode: Int) throws
    /// An attempt failed: attempts + 1, the status code or error kept; `nextAttemptAt` nil means give up (failed).
    func recordFailure(_ id: Int64, at time: Date, statusCode: Int?, error: String, nextAttemptAt: Date?) throws
    /// The endpoint's deliveries, newest first, at most `limit` (the manager screen's log).
    func log(endpoint: String, limit: Int) throws -> [OutboxDelivery]
    /// Makes a delivery pending again, due at `time`, with a fresh retry window (the manager's "re-send").
    func requeue(_ id: Int64, at time: Date) throws
    /// One delivery by id, or nil.
    func delivery(_ id: Int64) throws -> OutboxDelivery?
}

/// Why an outbox operation failed.
public struct OutboxError: Error, Sendable, Hashable, CustomStringConvertible {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
