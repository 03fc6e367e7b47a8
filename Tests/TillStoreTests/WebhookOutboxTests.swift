import Foundation
import GRDB
import Testing
import TillCore
import TillHooks
import TillStore
import TillTestSupport

/// The webhook outbox on a real SQLite file: the contract of TillHooks' `OutboxStore`, durably.
@Suite struct WebhookOutboxTests {
    static func new(_ event: String, endpoint: String = "shop", at: Date = Fixture.noon) -> NewDelivery {
        NewDelivery(endpoint: endpoint, eventID: event, eventType: "paid", body: Data("{\"id\":\"\(event)\"}".utf8), createdAt: at)
    }

    @Test func enqueuedDeliveriesAreDueAtOnceOldestFirst() throws {
        let test = try TestDatabase()
        let outbox = WebhookOutbox(database: test.database)
        let rows = try outbox.enqueue([Self.new("evt_b", at: Fixture.noon.addingTimeInterval(5)), Self.new("evt_a")])
        #expect(rows.map(\.status) == [.pending, .pending])
        #expect(rows[0].nextAttemptAt == Fixture.noon.addingTimeInterval(5))
        #expect(rows[0].body == Data("{\"id\":\"evt_b\"}".utf8))
        #expect(try outbox.due(at: Fixture.noon.addingTimeInterval(-1), limit: 10).isEmpty)
        #expect(try outbox.due(at: Fixture.noon, limit: 10).map(\.eventID) == ["evt_a"])
        #expect(try outbox.due(at: Fixture.noon.addingTimeInterval(5), limit: 10).map(\.eventID) == ["evt_a", "evt_b"])
        #expect(try outbox.due(at: Fixture.noon.addingTimeInterval(5), limit: 1).map(\.eventID) == ["evt_a"])
    }

    @Test func theSameEventForTheSameEndpointIsQueuedOnce() throws {
        let test = try TestDatabase()
        let outbox = WebhookOutbox(database: test.database)
        let first = try outbox.enqueue([Self.new("evt_1"), Self.new("evt_1", endpoint: "kitchen")])
        let again = try outbox.enqueue([Self.new("evt_1")])
        #expect(again.map(\.id) == [first[0].id])
        #expect(try outbox.due(at: Fixture.noon, limit: 10).count == 2)
    }

    @Test func deliveredAndFailedAttemptsAreRecorded() throws {
        let test = try TestDatabase()
        let outbox = WebhookOutbox(database: test.database)
        let rows = try outbox.enqueue([Self.new("evt_1"), Self.new("evt_2")])
        let later = Fixture.noon.addingTimeInterval(30)

        try outbox.recordFailure(rows[0].id, at: Fixture.noon, statusCode: 500, error: "HTTP 500", nextAttemptAt: later)
        try outbox.markDelivered(rows[1].id, at: Fixture.noon, statusCode: 204)
        #expect(try outbox.due(at: Fixture.noon.addingTimeInterval(29), limit: 10).isEmpty)
        let retry = try #require(try outbox.due(at: later, limit: 10).first)
        #expect(retry.id == rows[0].id)
        #expect(retry.attempts == 1)
        #expect(retry.lastStatusCode == 500)
        #expect(retry.lastError == "HTTP 500")
        #expect(retry.lastAttemptAt == Fixture.noon)

        let done = try #require(try outbox.delivery(rows[1].id))
        #expect(done.status == .delivered)
        #expect(done.attempts == 1)
        #expect(done.lastStatusCode == 204)
        #expect(done.nextAttemptAt == nil)

        // Out of retries: failed, never due again, until a manager re-sends it with a fresh window.
        try outbox.recordFailure(rows[0].id, at: later, statusCode: nil, error: "connection refused", nextAttemptAt: nil)
        let failed = try #require(try outbox.delivery(rows[0].id))
        #expect(failed.status == .failed)
        #expect(failed.attempts == 2)
        #expect(failed.lastStatusCode == nil)
        #expect(try outbox.due(at: later.addingTimeInterval(86_400 * 10), limit: 10).isEmpty)
        let resend = later.addingTimeInterval(3600)
        try outbox.requeue(rows[0].id, at: resend)
        let requeued = try #require(try outbox.delivery(rows[0].id))
        #expect(requeued.status == .pending)
        #expect(requeued.retryFrom == resend)
        #expect(try outbox.due(at: resend, limit: 10).map(\.id) == [rows[0].id])

        #expect(try outbox.log(endpoint: "shop", limit: 10).map(\.eventID) == ["evt_2", "evt_1"])
        #expect(throws: OutboxError.self) { try outbox.markDelivered(999, at: later, statusCode: 200) }
    }

    @Test func theDispatcherRetriesOnTheScheduleAgainstTheSQLiteOutbox() async throws {
        // A refused connection (the port is bound but nobody listens) is a failure the dispatcher schedules again.
        let test = try TestDatabase()
        let outbox = WebhookOutbox(database: test.database)
        let (socket, port) = Processes.refusingPort()
        defer { close(socket) }
        let endpoint = WebhookEndpoint(name: "shop", url: URL(string: "http://127.0.0.1:\(port)/hook")!,
                                       secret: try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), timeoutSeconds: 2)
        let rows = try outbox.enqueue([Self.new("evt_1")])
        let dispatcher = WebhookDispatcher(store: outbox, endpoints: [endpoint], random: { 0.5 })
        let first = await dispatcher.deliverDue(now: Fixture.noon)
        guard case .willRetry(nil, _, let next) = try #require(first.first?.result) else {
            Issue.record("expected a retry, got \(first)")
            return
        }
        #expect(next == Fixture.noon.addingTimeInterval(30))
        #expect(await dispatcher.deliverDue(now: Fixture.noon.addingTimeInterval(29)).isEmpty)
        _ = await dispatcher.deliverDue(now: next)
        let row = try #require(try outbox.delivery(rows[0].id))
        #expect(row.attempts == 2)
        #expect(row.nextAttemptAt == next.addingTimeInterval(60))
    }

    /// Issue 12: one slow receiver held every delivery to every endpoint. Now each endpoint has its own queue: the
    /// fast shop's delivery is delivered while the slow one is still waiting for its answer.
    @Test func aSlowReceiverDelaysOnlyItsOwnDeliveries() async throws {
        let test = try TestDatabase()
        let outbox = WebhookOutbox(database: test.database)
        let slow = try await FixtureHTTPServer.start(), fast = try await FixtureHTTPServer.start()
        defer { slow.stop(); fast.stop() }
        try await slow.script("/hook", .text("ok", delayMs: 8_000), method: "POST")
        try await fast.script("/hook", .text("ok"), method: "POST")
        let secret = try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
        let endpoints = [WebhookEndpoint(name: "slow", url: slow.baseURL.appendingPathComponent("hook"), secret: secret,
                                         timeoutSeconds: 20),
                         WebhookEndpoint(name: "fast", url: fast.baseURL.appendingPathComponent("hook"), secret: secret,
                                         timeoutSeconds: 20)]
        // The slow endpoint's delivery is the older one: one queue for all would send it first and wait for it.
        let rows = try outbox.enqueue([Self.new("evt_slow", endpoint: "slow"),
                                       Self.new("evt_fast", endpoint: "fast", at: Fixture.noon.addingTimeInterval(1))])
        let dispatcher = WebhookDispatcher(store: outbox, endpoints: endpoints, random: { 0.5 })
        let pass = Task { await dispatcher.deliverDue(now: Fixture.noon.addingTimeInterval(1)) }
        let deadline = Date().addingTimeInterval(60)
        while try outbox.delivery(rows[1].id)?.status != .delivered, Date() < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try outbox.delivery(rows[1].id)?.status == .delivered)
        #expect(try outbox.delivery(rows[0].id)?.status == .pending, "the fast delivery waited for the slow one")
        // A second pass meanwhile leaves the slow endpoint's delivery alone: it is in flight already.
        #expect(await dispatcher.deliverDue(now: Fixture.noon.addingTimeInterval(2)).isEmpty)
        let outcomes = await pass.value
        #expect(outcomes.map(\.eventID) == ["evt_slow", "evt_fast"])
        #expect(try outbox.delivery(rows[0].id)?.status == .delivered)
        #expect(try outbox.delivery(rows[0].id)?.attempts == 1)
    }

    @Test func deliveriesSurviveReopeningTheDatabase() throws {
        let test = try TestDatabase()
        let rows = try WebhookOutbox(database: test.database).enqueue([Self.new("evt_1"), Self.new("evt_2")])
        try WebhookOutbox(database: test.database).markDelivered(rows[1].id, at: Fixture.noon, statusCode: 200)
        let reopened = WebhookOutbox(database: try test.reopened())
        #expect(try reopened.due(at: Fixture.noon, limit: 10).map(\.eventID) == ["evt_1"])
        #expect(try reopened.delivery(rows[1].id)?.status == .delivered)
    }

    @Test func aSaleAndItsDeliveriesAreSavedTogetherOrNotAtAll() throws {
        let test = try TestDatabase()
        let sale = try Fixture.sale(id: "S-1", status: .awaitingPayment)
        try test.database.save(sale, effects: [], reason: "checkout", at: Fixture.noon, deliveries: [Self.new("evt_1")])
        #expect(try test.database.sale(id: "S-1") != nil)
        #expect(try WebhookOutbox(database: test.database).due(at: Fixture.noon, limit: 10).map(\.eventID) == ["evt_1"])

        // A delivery row the database refuses (here a trigger) rolls the sale change back with it.
        try test.database.pool.write { db in
            try db.execute(sql: "CREATE TRIGGER refuse BEFORE INSERT ON webhook_deliveries WHEN NEW.event_id = 'evt_bad' BEGIN SELECT RAISE(ABORT, 'refused'); END")
        }
        let paid = try Fixture.sale(id: "S-1", status: .paid, paid: 10_000)
        #expect(throws: (any Error).self) {
            try test.database.save(paid, effects: [], reason: "paid", at: Fixture.noon, deliveries: [Self.new("evt_bad")])
        }
        #expect(try test.database.sale(id: "S-1")?.status == .awaitingPayment)
    }
}
