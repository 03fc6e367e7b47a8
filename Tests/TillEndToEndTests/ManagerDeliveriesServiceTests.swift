import Foundation
import Testing
import TillApp
import TillCore
import TillHooks
import TillManager
import TillStore
import TillTestSupport
import TillUI

/// The Webhooks tab's service on a real SQLite file with a real (Python) webhook receiver: the log shows attempts
/// and errors, and a manager's re-send delivers the same webhook-id again, approved and audited.
@Suite struct ManagerDeliveriesServiceTests {
    static let pin = "4321"

    /// The manager service over `till`'s store, with a manager "mia" whose login opened the visit.
    static func managerService(_ till: HooksTill, directory: TemporaryDirectory, inbox: Inbox, log: FileLog) throws -> ManagerService {
        let accounts = Accounts(store: till.store, iterations: 1_000)
        try accounts.addUser(name: "mia", role: .manager, pin: pin, approval: nil, at: HooksFixture.t0)
        let access = ManagerAccess()
        access.visit = try accounts.login(name: "mia", pin: pin, at: HooksFixture.t0)
        access.session = access.visit
        let service = ManagerService(store: till.store, access: access, accounts: accounts, inbox: inbox, log: log,
                                     timeZone: TimeZone(identifier: "UTC")!, currency: .usd, assets: [.btc],
                                     dataDirectory: directory.file("data"))
        service.hooks = till.service
        return service
    }

    /// The tab's events out of the service's answer.
    static func tabEvents(_ events: [TillEvent]) -> [DeliveriesTabEvent] {
        events.compactMap { if case .manager(.deliveries(let event)) = $0 { event } else { nil } }
    }

    static func loadedRows(_ events: [TillEvent]) -> [DeliveryRow]? {
        for case .loaded(_, _, let rows) in tabEvents(events) { return rows }
        return nil
    }

    @Test func theTabShowsAttemptsAndErrorsAndAReSendDeliversTheSameWebhookIDAgain() async throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let inbox = Inbox()
        let receiver = try await WebhookReceiver.start(secret: HooksFixture.secret, failFirst: 2)
        defer { receiver.stop() }
        let clock = HooksClock(HooksFixture.t0)
        let endpoint = WebhookEndpoint(name: "shop", url: receiver.url, secret: try WebhookSecret(HooksFixture.secret), events: [.paid],
                                       timeoutSeconds: 5)
        let till = try HooksTill(path: directory.file("data/till.sqlite").path, endpoints: [endpoint], inbox: inbox, log: log, clock: clock)
        let service = try Self.managerService(till, directory: directory, inbox: inbox, log: log)
        try till.sell("S-1", at: HooksFixture.t0)

        // Two 500s: the tab shows the attempts, the error and when the next try is due.
        await till.service.deliverDue()
        clock.set(HooksFixture.at(30))
        await till.service.deliverDue()
        let failing = try #require(Self.loadedRows(service.perform(.deliveries(.load(endpoint: nil)))))
        #expect(failing.count == 1)
        let row = try #require(failing.first)
        #expect([row.eventType, row.saleID, row.status.rawValue] == ["paid", "S-1", "pending"])
        #expect(row.attempts == 2)
        #expect(row.lastError == "HTTP 500: scripted failure")
        #expect(row.lastStatusCode == 500)
        #expect(row.nextAttemptAt == HooksFixture.at(90), "30 s, then 60 s (jitter fixed at factor 1)")

        // The model shows it on the Webhooks tab.
        var model = DeliveriesScreen.model()
        for event in service.perform(.deliveries(.load(endpoint: "shop"))) { _ = model.handle(event) }
        let screen = TillScreen.render(model).text
        #expect(screen.contains("HTTP 500: scripted failure") && screen.contains("S-1") && screen.contains("in 60s"))

        clock.set(HooksFixture.at(90))
        #expect(await till.service.deliverDue().map(\.result) == [.delivered(statusCode: 200)])
        let delivered = try #require(Self.loadedRows(service.perform(.deliveries(.load(endpoint: "shop")))))
        #expect(delivered.map(\.status) == [.delivered])
        #expect(delivered.first?.attempts == 3)

        // Without a manager visit the re-send is refused and nothing is queued.
        let visit = service.access.visit
        service.access.visit = nil
        let refused = Self.tabEvents(service.perform(.deliveries(.resend(deliveryID: row.id, endpoint: "shop", at: HooksFixture.at(100)))))
        guard case .failed(let why) = refused.first else { Issue.record("expected a refusal, got \(refused)"); return }
        #expect(why.contains("could not re-send delivery \(row.id)"))
        #expect(try WebhookOutbox(database: till.store).delivery(row.id)?.status == .delivered)

        // With the visit: queued again, audited, and delivered with the same webhook-id.
        service.access.visit = visit
        clock.set(HooksFixture.at(200))
        let resent = service.perform(.deliveries(.resend(deliveryID: row.id, endpoint: "shop", at: HooksFixture.at(200))))
        guard case .resent(let again) = Self.tabEvents(resent).first else { Issue.record("expected .resent, got \(resent)"); return }
        #expect(again.eventID == row.eventID)
        #expect(Self.loadedRows(resent)?.first?.status == .pending)
        #expect(await till.service.deliverDue().map(\.result) == [.delivered(statusCode: 200)])

        let received = try await receiver.log()
        #expect(received.attempts.filter { $0.id == row.eventID }.map(\.status) == [500, 500, 200, 200])
        #expect(received.duplicates == [row.eventID], "the receiver sees the same webhook-id again and can drop it")
        #expect(received.rejected == 0)

        let audit = try till.store.auditLog(afterID: 0, limit: 100).filter { $0.action == AuditAction.webhookResent.rawValue }
        #expect(audit.count == 1)
        #expect(audit.first?.actor == "mia")
        #expect(audit.first?.details == "delivery=\(row.id) endpoint=shop event=\(row.eventID) type=paid sale=S-1")
        #expect(try AuditLog(store: till.store).verify().isIntact)
    }

    @Test func noEndpointsLoadsAnEmptyTab() throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let till = try HooksTill(path: directory.file("till.sqlite").path, endpoints: [], log: log, clock: HooksClock(HooksFixture.t0))
        let service = try Self.managerService(till, directory: directory, inbox: Inbox(), log: log)
        service.hooks = nil
        guard case .loaded(let endpoints, let endpoint, let rows) = Self.tabEvents(service.perform(.deliveries(.load(endpoint: "x")))).first else {
            Issue.record("expected .loaded")
            return
        }
        #expect(endpoints.isEmpty && endpoint == nil && rows.isEmpty)
    }
}

/// A manager screen model with the Webhooks tab in front.
enum DeliveriesScreen {
    static func model() -> TillModel {
        var model = TillModel(shop: HooksFixture.shop, cashier: "mia", training: false, catalog: Catalog(currency: .usd, products: []),
                              coins: [], now: HooksFixture.at(30), size: TextSize(columns: 120, rows: 40))
        model.timeZone = TimeZone(identifier: "UTC")!
        model.screen = .manager
        model.manager.tab = .deliveries
        model.manager.approver = "mia"
        return model
    }
}
