import Foundation
import Testing
import TillCore
import TillHTTP
import TillHooks
import TillTestSupport

@Suite struct WebhookDispatcherTests {
    let schedule = RetrySchedule.standard

    func endpoint(_ receiver: WebhookReceiver, secret: String = HookFixture.secret) throws -> WebhookEndpoint {
        WebhookEndpoint(name: "shop", url: receiver.url, secret: try WebhookSecret(secret), timeoutSeconds: 5)
    }

    func paidEvents(_ count: Int) -> [HookEvent] {
        (1...count).map { HookEvent(type: .paid, sale: HookFixture.paid(id: "S-\($0)").0, at: HookFixture.t0) }
    }

    @Test func eachEventArrivesOnceDespite500sAndRestarts() async throws {
        let receiver = try await WebhookReceiver.start(secret: HookFixture.secret, failFirst: 3)
        let store = InMemoryOutboxStore()
        let events = paidEvents(2)
        let endpoints = [try endpoint(receiver)]
        try store.enqueue(events.flatMap { NewDelivery.forEvent($0, endpoints: endpoints) })
        let random: @Sendable () -> Double = { 0.5 }  // jitter factor exactly 1

        // Pass 1 at t0: both get 500 (failures 1 and 2), both due again after the first delay, 30 s.
        var dispatcher = WebhookDispatcher(store: store, endpoints: endpoints, random: random)
        let first = await dispatcher.deliverDue(now: HookFixture.t0)
        #expect(first.map(\.result) == [
            .willRetry(statusCode: 500, error: "HTTP 500: scripted failure", next: HookFixture.at(30)),
            .willRetry(statusCode: 500, error: "HTTP 500: scripted failure", next: HookFixture.at(30)),
        ])
        #expect(await dispatcher.deliverDue(now: HookFixture.at(29)).isEmpty)

        // The till restarts: a new dispatcher on the same outbox. Event 1 fails a third time (second delay, 60 s).
        dispatcher = WebhookDispatcher(store: store, endpoints: endpoints, random: random)
        let second = await dispatcher.deliverDue(now: HookFixture.at(30))
        #expect(second.map(\.result) == [
            .willRetry(statusCode: 500, error: "HTTP 500: scripted failure", next: HookFixture.at(90)),
            .delivered(statusCode: 200),
        ])

        dispatcher = WebhookDispatcher(store: store, endpoints: endpoints, random: random)
        #expect(await dispatcher.deliverDue(now: HookFixture.at(89)).isEmpty)
        #expect(await dispatcher.deliverDue(now: HookFixture.at(90)).map(\.result) == [.delivered(statusCode: 200)])
        #expect(await dispatcher.deliverDue(now: HookFixture.at(100_000)).isEmpty)

        let log = try await receiver.log()
        #expect(log.accepted.sorted() == events.map(\.id).sorted())
        #expect(log.duplicates.isEmpty)
        #expect(log.failed == 3)
        #expect(log.rejected == 0)
        // Every attempt of event 1 carried the same webhook-id; timestamps are the attempt times.
        let firstAttempts = log.attempts.filter { $0.id == events[0].id }
        #expect(firstAttempts.map(\.status) == [500, 500, 200])
        #expect(firstAttempts.map(\.timestamp) == ["1790000000", "1790000030", "1790000090"].map(Optional.some))
        #expect(log.bodies[events[0].id] == String(decoding: events[0].body, as: UTF8.self))

        let rows = try store.log(endpoint: "shop", limit: 10)
        #expect(rows.map(\.status) == [.delivered, .delivered])
        #expect(rows.map(\.attempts).sorted() == [2, 3])
    }

    @Test func aReceiverThatAlreadyHasTheEventSeesItOnlyOnce() async throws {
        // The answer is lost after the receiver processed it (the till crashed before recording): the retry
        // repeats the same webhook-id, and the receiver's de-duplication keeps one copy.
        let receiver = try await WebhookReceiver.start(secret: HookFixture.secret)
        let store = InMemoryOutboxStore()
        let endpoints = [try endpoint(receiver)]
        let rows = try store.enqueue(paidEvents(1).flatMap { NewDelivery.forEvent($0, endpoints: endpoints) })
        _ = await WebhookDispatcher(store: store, endpoints: endpoints).deliverDue(now: HookFixture.t0)
        try store.requeue(rows[0].id, at: HookFixture.at(10))
        _ = await WebhookDispatcher(store: store, endpoints: endpoints).deliverDue(now: HookFixture.at(10))
        let log = try await receiver.log()
        #expect(log.accepted == [rows[0].eventID])
        #expect(log.duplicates == [rows[0].eventID])
    }

    @Test func retriesFollowTheScheduleAndStopAfterThreeDays() async throws {
        let receiver = try await WebhookReceiver.start(secret: HookFixture.secret, failFirst: 1_000)
        let store = InMemoryOutboxStore()
        let endpoints = [try endpoint(receiver)]
        let row = try store.enqueue(paidEvents(1).flatMap { NewDelivery.forEvent($0, endpoints: endpoints) })[0]
        let units = [0.0, 0.25, 0.5, 0.75, 0.999]
        let random = ScriptedRandom(units)
        let dispatcher = WebhookDispatcher(store: store, endpoints: endpoints, random: { random.next() })

        var now = HookFixture.t0, attemptTimes: [Date] = []
        while let due = try store.delivery(row.id)?.nextAttemptAt, attemptTimes.count < 100 {
            #expect(await dispatcher.deliverDue(now: due.addingTimeInterval(-0.001)).isEmpty)
            now = due
            attemptTimes.append(now)
            _ = await dispatcher.deliverDue(now: now)
        }
        // Independently: delay n = min(30 s × 2^(n−1), 6 h) × (0.8 + 0.4 u), while within 3 days of creation.
        var expected = [HookFixture.t0], failures = 0
        while true {
            failures += 1
            let plain = min(30 * pow(2, Double(failures - 1)), 6 * 3600)
            let next = expected.last!.addingTimeInterval(plain * (0.8 + 0.4 * units[(failures - 1) % units.count]))
            if next.timeIntervalSince(HookFixture.t0) > 3 * 86_400 { break }
            expected.append(next)
        }
        #expect(attemptTimes.count == expected.count)
        for (actual, wanted) in zip(attemptTimes, expected) {
            #expect(abs(actual.timeIntervalSince(wanted)) < 0.001)
        }
        let final = try #require(try store.delivery(row.id))
        #expect(final.status == .failed)
        #expect(final.attempts == expected.count)
        #expect(final.lastStatusCode == 500)
        #expect(final.lastError == "HTTP 500: scripted failure")

        // A manager re-sends it once the receiver is fixed.
        try await receiver.failNext(0)
        try store.requeue(row.id, at: now.addingTimeInterval(60))
        let resent = await dispatcher.deliverDue(now: now.addingTimeInterval(60))
        #expect(resent.map(\.result) == [.delivered(statusCode: 200)])
        #expect(try await receiver.log().accepted == [row.eventID])
    }

    @Test func theReceiverRejectsATamperedBodyAndAWrongSecret() async throws {
        let receiver = try await WebhookReceiver.start(secret: HookFixture.secret)
        let event = paidEvents(1)[0]
        let delivery = OutboxDelivery(id: 1, endpoint: "shop", eventID: event.id, eventType: "paid", body: event.body,
                                      createdAt: HookFixture.t0, nextAttemptAt: HookFixture.t0, retryFrom: HookFixture.t0)
        let client = HTTPClient()
        var tampered = WebhookDispatcher.request(for: delivery, endpoint: try endpoint(receiver), at: Date())
        tampered.body = Data(String(decoding: event.body, as: UTF8.self).replacingOccurrences(of: "1460.30", with: "1.00").utf8)
        #expect(tampered.body != event.body)
        #expect(try await client.send(tampered).status == 400)
        let wrongKey = WebhookDispatcher.request(for: delivery, endpoint: try endpoint(receiver, secret: "whsec_AAAA"), at: Date())
        #expect(try await client.send(wrongKey).status == 400)
        let genuine = WebhookDispatcher.request(for: delivery, endpoint: try endpoint(receiver), at: Date())
        #expect(try await client.send(genuine).status == 200)
        let log = try await receiver.log()
        #expect(log.rejected == 2)
        #expect(log.accepted == [event.id])
    }

    @Test func rawSecretsVerifyToo() async throws {
        let receiver = try await WebhookReceiver.start(secret: "correct horse battery staple")
        let store = InMemoryOutboxStore()
        let endpoints = [try endpoint(receiver, secret: "correct horse battery staple")]
        try store.enqueue(paidEvents(1).flatMap { NewDelivery.forEvent($0, endpoints: endpoints) })
        let outcomes = await WebhookDispatcher(store: store, endpoints: endpoints).deliverDue(now: HookFixture.t0)
        #expect(outcomes.map(\.result) == [.delivered(statusCode: 200)])
    }

    @Test func unreachableAndUnconfiguredEndpointsAreRecorded() async throws {
        let store = InMemoryOutboxStore()
        let refusing = Processes.refusingPort()
        defer { close(refusing.socket) }
        let closed = WebhookEndpoint(name: "down", url: URL(string: "http://127.0.0.1:\(refusing.port)/x")!,
                                     secret: try WebhookSecret("s"), timeoutSeconds: 2)
        let event = paidEvents(1)[0]
        try store.enqueue(NewDelivery.forEvent(event, endpoints: [closed]))
        try store.enqueue([NewDelivery(endpoint: "removed", eventID: event.id, eventType: "paid", body: event.body,
                                       createdAt: HookFixture.t0)])
        let outcomes = await WebhookDispatcher(store: store, endpoints: [closed], random: { 0.5 }).deliverDue(now: HookFixture.t0)
        guard case .willRetry(nil, let error, let next) = outcomes[0].result else {
            Issue.record("expected a retry, got \(outcomes[0].result)"); return
        }
        #expect(error.contains("cannot reach") || error.contains("failed"))
        #expect(next == HookFixture.at(30))
        #expect(outcomes[1].result == .gaveUp(statusCode: nil, error: "endpoint \"removed\" is no longer configured"))
        #expect(try store.log(endpoint: "removed", limit: 5).first?.status == .failed)
    }
}
