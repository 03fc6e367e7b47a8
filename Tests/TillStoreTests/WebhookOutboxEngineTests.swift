import Foundation
import Testing
import TillCore
import TillHooks
import TillStore
import TillStorePostgres

/// TillHooks' `OutboxStore` on both engines, and once per shop across PostgreSQL lanes.
@Suite struct WebhookOutboxEngineTests {
    func outbox(_ ledger: EngineLedger, _ store: (any SaleStore)? = nil) -> any OutboxStore {
        switch store ?? (ledger.store as any SaleStore) {
        case let database as TillDatabase: return WebhookOutbox(database: database)
        case let postgres as PostgresStore: return PostgresWebhookOutbox(store: postgres)
        default: fatalError("no outbox for \(type(of: store))")
        }
    }

    @Test(arguments: Engine.allCases) func deliveriesQueueOnceAndRecordEveryAttempt(engine: Engine) throws {
        let ledger = try EngineLedger(engine)
        let outbox = outbox(ledger)
        let rows = try outbox.enqueue([WebhookOutboxTests.new("evt_b", at: Fixture.noon.addingTimeInterval(5)),
                                       WebhookOutboxTests.new("evt_a")])
        #expect(rows[0].body == Data("{\"id\":\"evt_b\"}".utf8))
        #expect(try outbox.enqueue([WebhookOutboxTests.new("evt_a")]).map(\.id) == [rows[1].id])
        #expect(try outbox.due(at: Fixture.noon, limit: 10).map(\.eventID) == ["evt_a"])
        try outbox.recordFailure(rows[1].id, at: Fixture.noon, statusCode: 503, error: "busy",
                                 nextAttemptAt: Fixture.noon.addingTimeInterval(60))
        try outbox.markDelivered(rows[0].id, at: Fixture.noon.addingTimeInterval(5), statusCode: 200)
        #expect(try outbox.due(at: Fixture.noon.addingTimeInterval(30), limit: 10).isEmpty)
        let retried = try outbox.due(at: Fixture.noon.addingTimeInterval(60), limit: 10)
        #expect(retried.map(\.eventID) == ["evt_a"] && retried.first?.attempts == 1 && retried.first?.lastStatusCode == 503)
        #expect(try outbox.delivery(rows[0].id)?.status == .delivered)
        #expect(try outbox.log(endpoint: "shop", limit: 10).map(\.eventID) == ["evt_a", "evt_b"])
        try outbox.requeue(rows[0].id, at: Fixture.noon.addingTimeInterval(90))
        #expect(try outbox.due(at: Fixture.noon.addingTimeInterval(90), limit: 10).map(\.eventID) == ["evt_a", "evt_b"])
        #expect(throws: OutboxError.self) { try outbox.markDelivered(9_999, at: Fixture.noon, statusCode: 200) }
    }

    @Test func twoLanesNeverSendTheSameDeliveryUntilAClaimLapses() throws {
        let ledger = try EngineLedger(.postgresql)
        let front = outbox(ledger), back = outbox(ledger, try ledger.lane("back-2"))
        let rows = try front.enqueue((0..<4).map { WebhookOutboxTests.new("evt_\($0)") })
        let first = try front.due(at: Fixture.noon, limit: 2), second = try back.due(at: Fixture.noon, limit: 10)
        #expect(Set(first.map(\.id)).isDisjoint(with: second.map(\.id)))
        #expect(Set(first.map(\.id) + second.map(\.id)) == Set(rows.map(\.id)))
        // front-1 dies holding its two: after the claim lapses back-2 sends them, with the same ids.
        let lapse = Fixture.noon.addingTimeInterval(Double(PostgresStore.outboxClaimSeconds) + 1)
        #expect(Set(try back.due(at: lapse, limit: 10).map(\.id)) == Set(rows.map(\.id)))
    }
}
