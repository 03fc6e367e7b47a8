import Foundation

/// A configured webhook endpoint as the Webhooks tab lists it.
public struct WebhookEndpointRow: Hashable, Sendable {
    public var name: String
    public var url: String

    public init(name: String, url: String) {
        self.name = name
        self.url = url
    }
}

/// One webhook delivery in an endpoint's log (the app maps the outbox rows onto this).
public struct DeliveryRow: Hashable, Sendable, Identifiable {
    /// Where the delivery stands.
    public enum Status: String, Hashable, Sendable {
        case pending, delivered, failed
    }

    /// The outbox row id (what a re-send names).
    public var id: Int64
    /// The `webhook-id`, the same on every attempt and every re-send.
    public var eventID: String
    /// "paid", "created", …
    public var eventType: String
    public var saleID: String
    public var status: Status
    public var attempts: Int
    public var createdAt: Date
    public var lastAttemptAt: Date?
    public var lastStatusCode: Int?
    public var lastError: String?
    /// When the next attempt is due (pending only).
    public var nextAttemptAt: Date?

    public init(id: Int64, eventID: String, eventType: String, saleID: String, status: Status, attempts: Int, createdAt: Date,
                lastAttemptAt: Date? = nil, lastStatusCode: Int? = nil, lastError: String? = nil, nextAttemptAt: Date? = nil) {
        self.id = id
        self.eventID = eventID
        self.eventType = eventType
        self.saleID = saleID
        self.status = status
        self.attempts = attempts
        self.createdAt = createdAt
        self.lastAttemptAt = lastAttemptAt
        self.lastStatusCode = lastStatusCode
        self.lastError = lastError
        self.nextAttemptAt = nextAttemptAt
    }

    /// "due", "in 25s", "in 4m", "in 3h", or "—" when nothing is scheduled.
    public func nextAttemptText(now: Date) -> String {
        guard status == .pending, let next = nextAttemptAt else { return "—" }
        let seconds = Int(next.timeIntervalSince(now).rounded(.up))
        switch seconds {
        case ...0: return "due"
        case ..<120: return "in \(seconds)s"
        case ..<7_200: return "in \(seconds / 60)m"
        default: return "in \(seconds / 3_600)h"
        }
    }
}
