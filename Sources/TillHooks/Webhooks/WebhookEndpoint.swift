import Foundation

/// A configured webhook receiver (the lead maps `HookSettings` of kind webhook onto this).
public struct WebhookEndpoint: Sendable, Hashable {
    /// Unique name; deliveries refer to it.
    public var name: String
    public var url: URL
    public var secret: WebhookSecret
    /// Subscribed event types.
    public var events: Set<HookEventType>
    /// Seconds before one attempt is abandoned (it is then retried).
    public var timeoutSeconds: Int

    public init(name: String, url: URL, secret: WebhookSecret, events: Set<HookEventType> = Set(HookEventType.allCases),
                timeoutSeconds: Int = 10) {
        self.name = name
        self.url = url
        self.secret = secret
        self.events = events
        self.timeoutSeconds = timeoutSeconds
    }
}

/// What happened to one delivery in one dispatcher pass.
public struct DeliveryOutcome: Sendable, Hashable {
    public enum Result: Sendable, Hashable {
        /// 2xx from the endpoint.
        case delivered(statusCode: Int)
        /// Failed; tried again at `next`.
        case willRetry(statusCode: Int?, error: String, next: Date)
        /// Failed and out of retries (or the endpoint is no longer configured).
        case gaveUp(statusCode: Int?, error: String)
        /// The outbox itself failed; the delivery stays as it was and is tried on a later pass.
        case storeFailed(String)
    }

    public let deliveryID: Int64
    public let eventID: String
    public let endpoint: String
    public let result: Result
}
