import Foundation
import Testing
import TillApp
import TillConfig
import TillCore
import TillHooks
import TillStore
import TillTestSupport
import TillUI

/// Printer, webhook, command-hook and configuration problems reach the cashier's notice line (rate-limited),
/// and stay in the log; live stock reaches the catalog screen.
@Suite struct HooksNoticeTests {
    static func notices(_ events: [TillEvent]) -> [Notice] {
        events.compactMap { if case .notice(let notice) = $0 { notice } else { nil } }
    }

    static func stockLevels(_ events: [TillEvent]) -> [[String: Int]] {
        events.compactMap { if case .stockLevels(let levels) = $0 { levels } else { nil } }
    }

    static func lines(_ log: FileLog, containing text: String) throws -> Int {
        try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n").filter { $0.contains(text) }.count
    }

    @Test func aPrinterRefusingTheConnectionIsANoticeOncePerInterval() async throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let inbox = Inbox()
        let (socket, port) = try HooksServiceTests().refusingPort()
        defer { close(socket) }
        let printers = [PrinterConfiguration(name: "counter", destination: .network(host: "127.0.0.1", port: port), timeoutSeconds: 2)]
        let till = try HooksTill(path: directory.file("till.sqlite").path, endpoints: [], printers: printers, inbox: inbox, log: log,
                                 clock: HooksClock(HooksFixture.t0))
        try till.sell("S-9", at: HooksFixture.t0)
        await till.service.settle()
        let first = Self.notices(inbox.drain())
        #expect(first.count == 1)
        #expect(first.first?.kind == .error)
        #expect(first.first?.text.contains("receipt S-9 not printed: printer \"counter\": 127.0.0.1:\(port) refused the connection") == true)

        // The next receipt fails too: logged and on the receipt screen, but the notice line is not repeated.
        try till.sell("S-10", at: HooksFixture.at(10))
        await till.service.settle()
        let second = inbox.drain()
        #expect(Self.notices(second).isEmpty)
        #expect(second.contains { if case .receiptWritten(.failure) = $0 { true } else { false } })
        #expect(try Self.lines(log, containing: "not printed") == 2)

        // The model puts it on the status line.
        var model = DeliveriesScreen.model()
        model.screen = .catalog
        _ = model.handle(.notice(try #require(first.first)))
        #expect(TillScreen.render(model).text.contains("refused the connection"))
    }

    @Test func aDeadWebhookEndpointDoesNotFloodTheNoticeLine() async throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let inbox = Inbox()
        let (socket, port) = try HooksServiceTests().refusingPort()
        defer { close(socket) }
        let clock = HooksClock(HooksFixture.t0)
        let endpoint = WebhookEndpoint(name: "shop", url: URL(string: "http://127.0.0.1:\(port)/events")!,
                                       secret: try WebhookSecret(HooksFixture.secret), events: [.created, .paid], timeoutSeconds: 2)
        let till = try HooksTill(path: directory.file("till.sqlite").path, endpoints: [endpoint], inbox: inbox, log: log, clock: clock)
        try till.sell("S-1", at: HooksFixture.t0)
        var shown: [Notice] = []
        for seconds in [0.0, 30, 90, 210] {
            clock.set(HooksFixture.at(seconds))
            #expect(await till.service.deliverDue().count == 2)
            shown += Self.notices(inbox.drain())
        }
        #expect(shown.count == 1, "\(shown)")
        #expect(shown.first?.text.hasPrefix("webhook \"shop\" is failing (") == true)
        #expect(shown.first?.text.hasSuffix("see the manager's Webhooks tab") == true)
        #expect(try Self.lines(log, containing: "to \"shop\":") == 8, "every failed attempt stays in the log")

        // After the interval the still-dead endpoint is shown again.
        clock.set(HooksFixture.at(ProblemNotices.standardInterval + 10))
        _ = await till.service.deliverDue()
        #expect(Self.notices(inbox.drain()).count == 1)
    }

    @Test func repeatsAreHeldBackAndARecoveryIsShownOnce() {
        let inbox = Inbox()
        let clock = HooksClock(HooksFixture.t0)
        let notices = ProblemNotices(inbox: inbox, interval: 60, clock: clock.function)
        #expect(notices.report("printer \"a\"", "a is off"))
        #expect(!notices.report("printer \"a\"", "a is off"))
        #expect(notices.report("printer \"b\"", "b is off"), "subjects are limited separately")
        clock.set(HooksFixture.at(59))
        #expect(!notices.report("printer \"a\"", "a is off"))
        notices.recovered("printer \"a\"", "a prints again")
        notices.recovered("printer \"a\"", "a prints again")
        #expect(notices.report("printer \"a\"", "a is off again"), "after a recovery the next failure shows at once")
        clock.set(HooksFixture.at(200))
        #expect(notices.report("printer \"b\"", "b is still off"))
        #expect(Self.notices(inbox.drain()) == [
            Notice("a is off", .error), Notice("b is off", .error), Notice("a prints again", .success),
            Notice("a is off again", .error), Notice("b is still off", .error),
        ])
    }

    @Test func failingAndTimedOutCommandHooksAreShown() async throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let inbox = Inbox()
        let commands = [
            CommandHook(name: "slow", arguments: ["/bin/sleep", "10"], events: [.paid], timeoutSeconds: 1),
            CommandHook(name: "missing", arguments: ["no-such-program-for-till"], events: [.paid], timeoutSeconds: 5),
            CommandHook(name: "fine", arguments: ["/bin/true"], events: [.paid], timeoutSeconds: 5),
        ]
        let till = try HooksTill(path: directory.file("till.sqlite").path, endpoints: [], commands: commands, inbox: inbox, log: log,
                                 clock: HooksClock(HooksFixture.t0))
        try till.sell("S-7", at: HooksFixture.t0)
        await till.service.settle()
        let shown = Self.notices(inbox.drain()).map(\.text).sorted()
        #expect(shown.count == 2, "\(shown)")
        #expect(shown.first?.hasPrefix("hook \"missing\" failed for sale.paid of S-7: no-such-program-for-till not found") == true)
        #expect(shown.last?.hasPrefix("hook \"slow\" failed for sale.paid of S-7: killed after the 1 s timeout") == true)
        #expect(try Self.lines(log, containing: "hook \"slow\" for sale.paid of S-7") == 1)
    }

    @Test func configurationProblemsAtStartAreOneNoticeAndAllLogged() throws {
        let directory = try TemporaryDirectory()
        let (socket, port) = try HooksServiceTests().refusingPort()
        defer { close(socket) }
        let toml = """
            data_dir = "\(directory.file("data").path)"
            [[printer]]
            name = "counter"
            type = "escpos-network"
            host = "127.0.0.1"
            port = \(port)
            [[hook]]
            name = "door"
            type = "command"
            command = ["no-such-door-opener"]
            """
        let path = directory.file("till.toml").path
        try Data(toml.utf8).write(to: URL(fileURLWithPath: path))
        let configuration = try ConfigLoader.load(commandLine: path, environment: [:])
        let log = FileLog(path: directory.file("till.log").path)
        let inbox = Inbox()
        let service = HookService(endpoints: [], commands: [], printers: ReceiptPrinters([], inbox: inbox, log: log), outbox: nil,
                                  shop: HooksFixture.shop, log: log, inbox: inbox)
        let problems = HookSetup(configuration).problems + HookSetup.check(configuration).map(\.description)
        #expect(problems.count == 2)
        service.reportConfigurationProblems(problems)
        service.reportConfigurationProblems(problems)
        let shown = Self.notices(inbox.drain())
        #expect(shown.count == 1)
        #expect(shown.first?.kind == .warning)
        #expect(shown.first?.text.hasPrefix("till.toml: printer \"counter\": 127.0.0.1:\(port) refused the connection") == true)
        #expect(shown.first?.text.hasSuffix("(+1 more: run `till config check`)") == true)
        #expect(try Self.lines(log, containing: "no-such-door-opener is not on PATH") == 2)
    }

    @Test func twoOpenSalesOfTheLastItemTheSecondPaidWarnsAndTheCatalogFollows() throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let inbox = Inbox()
        let till = try HooksTill(path: directory.file("till.sqlite").path, endpoints: [], inbox: inbox, log: log,
                                 clock: HooksClock(HooksFixture.t0))
        try till.store.upsertProducts([HooksFixture.mouse, HooksFixture.lastOne], at: HooksFixture.t0)
        let watch = StockWatch(store: till.store, log: log, inbox: inbox)
        watch.postAll(from: till.store)
        #expect(Self.stockLevels(inbox.drain()) == [["MOU-1": 5, "LAST-1": 1]])

        // Both sales hold the last laptop and are quoted; neither takes stock before it is paid.
        var sales = try ["S-2", "S-3"].map { id -> Sale in
            var sale = HooksFixture.quoted(id, [(HooksFixture.lastOne, 1)], at: HooksFixture.t0)
            let quoted = HooksFixture.quoteEffects(&sale, at: HooksFixture.t0)
            try till.commit(sale, quoted)
            return sale
        }
        #expect(try till.store.stock(productID: "LAST-1") == 1)
        #expect(Self.stockLevels(inbox.drain()).isEmpty)

        func pay(_ index: Int, at seconds: TimeInterval) throws {
            let effects = sales[index].handle(.observed(HooksFixture.observation(for: sales[index], confirmations: 6), at: HooksFixture.at(seconds)))
            try till.commit(sales[index], effects)
        }
        try pay(0, at: 60)
        var events = inbox.drain()
        #expect(Self.stockLevels(events) == [["LAST-1": 0]])
        #expect(Self.notices(events).isEmpty)
        try pay(1, at: 61)
        events = inbox.drain()
        #expect(Self.stockLevels(events) == [["LAST-1": -1]])
        #expect(Self.notices(events) == [Notice("oversold: Last laptop stock is -1 after S-3 — tell the manager to count it", .warning)])
        #expect(try Self.lines(log, containing: "warning oversold: LAST-1 stock is -1 after sale S-3") == 1)

        // The catalog screen shows it out, and warns when it is added again.
        var model = TillModel(shop: HooksFixture.shop, cashier: "alice", training: false,
                              catalog: Catalog(currency: .usd, products: [HooksFixture.lastOne, HooksFixture.mouse]), coins: [],
                              now: HooksFixture.t0, size: TextSize(columns: 80, rows: 24))
        model.nextSaleID = "S-4"
        for event in events { _ = model.handle(event) }
        #expect(TillScreen.render(model).text.contains("Last laptop") && TillScreen.render(model).text.contains(" out│"))
        _ = model.handle(.key(.enter))
        #expect(model.notice == Notice("only 0 Last laptop in stock", .warning))

        // A reorg of the second payment gives the unit back, and the screen hears of it.
        let ref = HooksFixture.observation(for: sales[1], confirmations: 6).ref
        let reorged = sales[1].handle(.reorged(ref, at: HooksFixture.at(120)))
        try till.commit(sales[1], reorged)
        #expect(Self.stockLevels(inbox.drain()) == [["LAST-1": 0]])
    }
}
