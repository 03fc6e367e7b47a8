import Foundation
import TillHTTP

/// Sends due outbox deliveries, signed, and records each attempt. The app calls `deliverDue(now:)` on a
/// timer; time comes in as a value and nothing here sleeps, so tests drive it with a fake clock.
/// A restart loses nothing: all state is in the `OutboxStore`.
public actor WebhookDispatcher {
    private let store: any OutboxStore
    private var endpoints: [String: WebhookEndpoint]
    private let client: HTTPClient
    private let schedule: RetrySchedule
    private let random: @Sendable () -> Double
    /// Endpoints whose queue is being delivered now.
    private var busyEndpoints: Set<String> = []

    /// `random` returns values in [0, 1) for the jitter; inject a fixed sequence in tests.
    public init(store: any OutboxStore, endpoints: [WebhookEndpoint], client: HTTPClient = HTTPClient(),
                schedule: RetrySchedule = .standard, random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.store = store
        self.endpoints = Dictionary(endpoints.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.client = client
        self.schedule = schedule
        self.random = random
    }

    /// Replaces the endpoints (after the configuration was reloaded).
    public func setEndpoints(_ list: [WebhookEndpoint]) {
        endpoints = Dictionary(list.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// Attempts every delivery due at `now`: one queue per endpoint, oldest first, the queues side by side, so a slow
    /// or dead receiver delays only its own deliveries. An endpoint whose queue is still running from an earlier pass
    /// is left out of this one, so a delivery is never in flight twice from one till. Outcomes in delivery order.
    public func deliverDue(now: Date, limit: Int = 100) async -> [DeliveryOutcome] {
        let due: [OutboxDelivery]
        // Room for the other endpoints' deliveries behind a busy endpoint's backlog.
        do { due = try store.due(at: now, limit: limit * 4) } catch {
            return [DeliveryOutcome(deliveryID: 0, eventID: "", endpoint: "", result: .storeFailed("\(error)"))]
        }
        var queues: [String: [OutboxDelivery]] = [:]
        for delivery in due where !busyEndpoints.contains(delivery.endpoint) {
            if queues[delivery.endpoint, default: []].count < limit { queues[delivery.endpoint, default: []].append(delivery) }
        }
        busyEndpoints.formUnion(queues.keys)
        let outcomes = await withTaskGroup(of: [DeliveryOutcome].self) { group in
            for (endpoint, queue) in queues {
                group.addTask { await self.deliver(queue, endpoint: endpoint, now: now) }
            }
            var all: [DeliveryOutcome] = []
            for await part in group { all += part }
            return all
        }
        return outcomes.sorted { $0.deliveryID < $1.deliveryID }
    }

    /// One endpoint's queue, one delivery after another.
    private func deliver(_ queue: [OutboxDelivery], endpoint: String, now: Date) async -> [DeliveryOutcome] {
        defer { busyEndpoints.remove(endpoint) }
        var outcomes: [DeliveryOutcome] = []
        for delivery in queue { outcomes.append(await attempt(delivery, now: now)) }
        return outcomes
    }

    /// The signed POST for `delivery` sent at `time` (pure; the timestamp and signature are per attempt).
    public static func request(for delivery: OutboxDelivery, endpoint: WebhookEndpoint, at time: Date) -> HTTPRequest {
        var headers = WebhookSignature.headers(id: delivery.eventID, time: time, body: delivery.body, secret: endpoint.secret)
        headers["Content-Type"] = "application/json"
        headers["User-Agent"] = "Till-Webhooks/1"
        return HTTPRequest(url: endpoint.url, method: "POST", headers: headers, body: delivery.body,
                           timeoutSeconds: endpoint.timeoutSeconds)
    }

    private func attempt(_ delivery: OutboxDelivery, now: Date) async -> DeliveryOutcome {
        func outcome(_ result: DeliveryOutcome.Result) -> DeliveryOutcome {
            DeliveryOutcome(deliveryID: delivery.id, eventID: delivery.eventID, endpoint: delivery.endpoint, result: result)
        }
        guard let endpoint = endpoints[delivery.endpoint] else {
            let why = "endpoint \"\(delivery.endpoint)\" is no longer configured"
            return record(delivery, now: now, status: nil, error: why, retry: false, outcome)
        }
        let status: Int?, error: String
        do {
            let response = try await client.send(WebhookDispatcher.request(for: delivery, endpoint: endpoint, at: now))
            if (200..<300).contains(response.status) {
                do { try store.markDelivered(delivery.id, at: now, statusCode: response.status) } catch {
                    return outcome(.storeFailed("\(error)"))
                }
                return outcome(.delivered(statusCode: response.status))
            }
            status = response.status
            error = "HTTP \(response.status)" + WebhookDispatcher.snippet(response.bodyText)
        } catch let failure {
            status = nil
            error = failure.message
        }
        return record(delivery, now: now, status: status, error: error, retry: true, outcome)
    }

    private func record(_ delivery: OutboxDelivery, now: Date, status: Int?, error: String, retry: Bool,
                        _ outcome: (DeliveryOutcome.Result) -> DeliveryOutcome) -> DeliveryOutcome {
        let next = retry ? schedule.nextAttempt(afterFailures: delivery.attempts + 1, at: now,
                                                retryFrom: delivery.retryFrom, unit: random()) : nil
        do { try store.recordFailure(delivery.id, at: now, statusCode: status, error: error, nextAttemptAt: next) } catch {
            return outcome(.storeFailed("\(error)"))
        }
        if let next { return outcome(.willRetry(statusCode: status, error: error, next: next)) }
        return outcome(.gaveUp(statusCode: status, error: error))
    }

    /// The start of a response body for the log (single line, at most 120 characters).
    static func snippet(_ body: String) -> String {
        let line = body.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.isEmpty ? "" : ": " + String(line.prefix(120))
    }
}
