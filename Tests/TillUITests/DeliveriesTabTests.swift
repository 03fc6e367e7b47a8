import Foundation
import Testing
import TillCore
import TillTestSupport
@testable import TillUI

/// The Webhooks tab as a pure model (keys → state and effects, service events → state) and as text.
@Suite struct DeliveriesTabTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let endpoints = [WebhookEndpointRow(name: "webshop", url: "https://shop.example.com/till/events"),
                            WebhookEndpointRow(name: "kitchen", url: "http://10.0.0.7:8080/hook")]
    static let rows = [
        DeliveryRow(id: 12, eventID: "evt_0c4d2a9f1b", eventType: "paid", saleID: "S-20260920-0002", status: .pending, attempts: 3,
                    createdAt: t0.addingTimeInterval(-200), lastAttemptAt: t0.addingTimeInterval(-20), lastStatusCode: 500,
                    lastError: "HTTP 500: scripted failure", nextAttemptAt: t0.addingTimeInterval(100)),
        DeliveryRow(id: 11, eventID: "evt_91ab77e0c2", eventType: "created", saleID: "S-20260920-0002", status: .delivered,
                    attempts: 1, createdAt: t0.addingTimeInterval(-260), lastAttemptAt: t0.addingTimeInterval(-259), lastStatusCode: 200),
        DeliveryRow(id: 9, eventID: "evt_5e5e1f0033", eventType: "paid", saleID: "S-20260920-0001", status: .failed, attempts: 14,
                    createdAt: t0.addingTimeInterval(-300_000), lastAttemptAt: t0.addingTimeInterval(-40_000),
                    lastError: "127.0.0.1:9 refused the connection"),
    ]

    static func managerModel(_ size: TextSize = TextSize(columns: 120, rows: 40), training: Bool = false) -> TillModel {
        var model = TillModel(shop: ShopInfo(name: "Snapshot Shop", currency: .usd), cashier: "alice", training: training,
                              catalog: Catalog(currency: .usd, products: []), coins: [], now: t0, size: size)
        model.timeZone = TimeZone(identifier: "UTC")!
        model.session = SignedInUser(name: "mia", isManager: true)
        _ = model.openManager(approver: "mia", onBehalfOf: nil)
        return model
    }

    /// The model with the Webhooks tab in front and the log of `webshop` loaded.
    static func loaded(_ size: TextSize = TextSize(columns: 120, rows: 40)) -> (TillModel, [TillEffect]) {
        var model = managerModel(size)
        let opened = model.enterTab(.deliveries)
        _ = model.handle(.manager(.deliveries(.loaded(endpoints: endpoints, endpoint: "webshop", rows: rows))))
        return (model, opened)
    }

    @Test func openingTheTabLoadsTheFirstEndpointsLog() {
        let (model, opened) = Self.loaded()
        #expect(opened == [.manager(.deliveries(.load(endpoint: nil)))])
        #expect(model.manager.deliveries.endpoint?.name == "webshop")
        #expect(model.manager.deliveries.rows.map(\.id) == [12, 11, 9])
        #expect(model.manager.deliveries.loadedAt == Self.t0)
    }

    @Test func keysMoveTheCursorAndChooseTheEndpoint() {
        var (model, _) = Self.loaded()
        let table: [(Key, Int, [TillEffect])] = [
            (.down, 1, []), (.down, 2, []), (.down, 2, []), (.up, 1, []), (.home, 0, []), (.end, 2, []),
            (.character("]"), 0, [.manager(.deliveries(.load(endpoint: "kitchen")))]),
        ]
        for (key, cursor, effects) in table {
            #expect(model.handle(.key(key)) == effects, "\(key)")
            #expect(model.manager.deliveries.cursor == cursor, "\(key)")
        }
        #expect(model.manager.deliveries.endpoint?.name == "kitchen")
        #expect(model.manager.deliveries.rows.isEmpty, "the other endpoint's rows are not shown under this one")
        #expect(model.handle(.key(.character("1"))) == [.manager(.deliveries(.load(endpoint: "webshop")))])
        #expect(model.handle(.key(.character("["))) == [.manager(.deliveries(.load(endpoint: "kitchen")))])
        // Keys the tab does not use still switch tabs and leave.
        _ = model.handle(.key(.tab))
        #expect(model.manager.tab == .sales)
    }

    @Test func reSendAsksFirstAndSendsTheSelectedDelivery() {
        var (model, _) = Self.loaded()
        _ = model.handle(.key(.down))
        #expect(model.handle(.key(.character("r"))) == [])
        #expect(model.manager.deliveries.confirming == 11)
        // While the question is open every key is the tab's: Tab, Esc-less keys and m do nothing else.
        #expect(model.handle(.key(.tab)) == [])
        #expect(model.handle(.key(.character("m"))) == [])
        #expect(model.screen == .manager && model.manager.tab == .deliveries)
        #expect(TillScreen.render(model).text.contains("Re-send created of S-20260920-0002 to \"webshop\" now (same webhook-id)? y/n"))
        #expect(model.handle(.key(.character("y"))) == [.manager(.deliveries(.resend(deliveryID: 11, endpoint: "webshop", at: Self.t0)))])
        #expect(model.manager.deliveries.confirming == nil)

        _ = model.handle(.key(.character("r")))
        #expect(model.handle(.key(.escape)) == [])
        #expect(model.manager.deliveries.confirming == nil)
        #expect(model.screen == .manager, "Esc answers the question; it does not leave the screen")
        #expect(model.manager.deliveries.message == Notice("re-send cancelled", .info))
    }

    @Test func resultsOfAReSendAndFailuresAreShown() {
        var (model, _) = Self.loaded()
        let effects = model.handle(.manager(.deliveries(.resent(Self.rows[2]))))
        #expect(effects == [.manager(.deliveries(.load(endpoint: "webshop")))])
        #expect(model.manager.deliveries.message?.kind == .success)
        #expect(model.manager.deliveries.message?.text.contains("webhook-id evt_5e5e1f0033") == true)
        _ = model.handle(.manager(.deliveries(.failed("could not re-send delivery 9: Mia may not resendWebhook"))))
        #expect(model.manager.deliveries.message == Notice("could not re-send delivery 9: Mia may not resendWebhook", .error))
        #expect(TillScreen.render(model).text.contains("could not re-send delivery 9"))
    }

    @Test func theLogReloadsEveryFewSecondsButNotDuringAQuestion() {
        var (model, _) = Self.loaded()
        #expect(model.handle(.tick(Self.t0.addingTimeInterval(4))) == [])
        #expect(model.handle(.tick(Self.t0.addingTimeInterval(5))) == [.manager(.deliveries(.load(endpoint: "webshop")))])
        #expect(model.handle(.tick(Self.t0.addingTimeInterval(6))) == [], "one load at a time")
        _ = model.handle(.manager(.deliveries(.loaded(endpoints: Self.endpoints, endpoint: "webshop", rows: Self.rows))))
        _ = model.handle(.key(.character("r")))
        #expect(model.handle(.tick(Self.t0.addingTimeInterval(60))) == [])
    }

    @Test func aReloadKeepsTheSelectedDelivery() {
        var (model, _) = Self.loaded()
        _ = model.handle(.key(.down))
        let newer = DeliveryRow(id: 13, eventID: "evt_new", eventType: "created", saleID: "S-3", status: .pending, attempts: 0,
                                createdAt: Self.t0, nextAttemptAt: Self.t0)
        _ = model.handle(.manager(.deliveries(.loaded(endpoints: Self.endpoints, endpoint: "webshop", rows: [newer] + Self.rows))))
        #expect(model.manager.deliveries.selected?.id == 11)
    }

    @Test func nothingConfiguredOrTrainingSaysSo() {
        var model = Self.managerModel()
        _ = model.enterTab(.deliveries)
        _ = model.handle(.manager(.deliveries(.loaded(endpoints: [], endpoint: nil, rows: []))))
        #expect(TillScreen.render(model).text.contains("no webhook endpoints are configured"))
        #expect(model.handle(.key(.character("r"))) == [])
        #expect(model.manager.deliveries.message?.text == "no delivery selected to re-send")
    }

    @Test func nextAttemptIsRelative() {
        let row = Self.rows[0]
        #expect(row.nextAttemptText(now: Self.t0) == "in 100s")
        #expect(row.nextAttemptText(now: Self.t0.addingTimeInterval(100)) == "due")
        #expect(row.nextAttemptText(now: Self.t0.addingTimeInterval(-3_000)) == "in 51m")
        #expect(row.nextAttemptText(now: Self.t0.addingTimeInterval(-20_000)) == "in 5h")
        #expect(Self.rows[1].nextAttemptText(now: Self.t0) == "—")
    }

    @Test func aNarrowTerminalDropsTheCreatedColumnButKeepsTheError() throws {
        let (model, _) = Self.loaded(TextSize(columns: 80, rows: 24))
        let text = TillScreen.render(model).text
        let row = try #require(text.split(separator: "\n").first { $0.hasPrefix(" 12 ") })
        #expect(row.contains("paid") && row.contains("pending") && row.contains("in 100s") && row.contains("HTTP 500"))
        #expect(!text.contains("Created"))
        #expect(text.contains("last error: HTTP 500: scripted failure"))
    }

    @Test func tabMatchesItsSnapshotAt120x40() throws {
        var (model, _) = Self.loaded()
        _ = model.handle(.key(.down))
        let text = TillScreen.render(model).text + "\n"
        let file = ScreenSnapshotTests.directory.appendingPathComponent("manager-webhooks-120x40.txt")
        guard let expected = try? String(contentsOf: file, encoding: .utf8), ProcessInfo.processInfo.environment["TILL_RECORD_SNAPSHOTS"] == nil else {
            try Data(text.utf8).write(to: file)
            Issue.record("recorded \(file.lastPathComponent): review it and run again")
            return
        }
        #expect(text == expected)
        for line in ["HTTP 500: scripted failure", "in 100s", "delivered", "failed", "r re-send", "webhook-id evt_91ab77e0c2"] {
            #expect(text.contains(line), "\(line)")
        }
    }
}

/// Live stock counts from the store drive the catalog's low/zero marks and the beyond-stock warning.
@Suite struct LiveStockTests {
    static let catalog = Catalog(currency: .usd, products: [
        Product(id: "LAP-1", name: "Last laptop", price: FiatAmount(minor: 99_900, currency: .usd), category: "Computers", stock: 5),
        Product(id: "MOU-1", name: "Mouse", price: FiatAmount(minor: 2_500, currency: .usd), category: "Accessories", stock: 40),
        Product(id: "CAB-1", name: "Cable", price: FiatAmount(minor: 900, currency: .usd), category: "Accessories"),
    ])

    static func model() -> TillModel {
        var model = TillModel(shop: ShopInfo(name: "Shop", currency: .usd), cashier: "alice", training: false, catalog: catalog,
                              coins: [], now: DeliveriesTabTests.t0, size: TextSize(columns: 80, rows: 24))
        model.nextSaleID = "S-1"
        return model
    }

    static func productLine(_ text: String, _ name: String) -> String {
        text.split(separator: "\n").first { $0.contains(name) }.map(String.init) ?? ""
    }

    @Test func stockEventsUpdateTheCatalogMarks() {
        var model = Self.model()
        var text = TillScreen.render(model).text
        #expect(!Self.productLine(text, "Last laptop").contains("left"), "the file says 5: not low")
        _ = model.handle(.stockLevels(["LAP-1": 2]))
        text = TillScreen.render(model).text
        #expect(Self.productLine(text, "Last laptop").contains("2 left││"))
        _ = model.handle(.stockLevels(["LAP-1": 0]))
        text = TillScreen.render(model).text
        #expect(Self.productLine(text, "Last laptop").contains(" out││"))
        #expect(Self.productLine(text, "Mouse").contains("$25.00") && !Self.productLine(text, "Mouse").contains("left"),
                "products the event does not name keep their count")
        _ = model.handle(.stockLevels(["MOU-1": 3]))
        #expect(model.browser.stock(of: Self.catalog.products[0]) == 0)
        #expect(Self.productLine(TillScreen.render(model).text, "Mouse").contains("3 left││"))
        #expect(model.browser.stock(of: Self.catalog.products[2]) == nil, "uncounted products stay uncounted")
    }

    @Test func addingBeyondTheLiveCountWarns() {
        var model = Self.model()
        _ = model.handle(.key(.enter))
        #expect(model.notice == Notice("added Last laptop", .info), "the file's 5 allow it")
        _ = model.handle(.stockLevels(["LAP-1": 1]))
        _ = model.handle(.key(.enter))
        #expect(model.notice == Notice("only 1 Last laptop in stock", .warning))
        _ = model.handle(.stockLevels(["LAP-1": -1]))
        _ = model.handle(.key(.enter))
        #expect(model.notice == Notice("only 0 Last laptop in stock", .warning))
    }
}
