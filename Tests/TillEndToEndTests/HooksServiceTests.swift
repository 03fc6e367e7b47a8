import Foundation
import Testing
import TillApp
import TillCore
import TillHooks
import TillStore
import TillTestSupport
import TillUI

/// HookService with real sales on a real SQLite file and an independent (Python) Standard Webhooks receiver.
@Suite struct HooksServiceTests {
    func endpoint(_ receiver: WebhookReceiver, events: Set<HookEventType> = Set(HookEventType.allCases)) throws -> WebhookEndpoint {
        WebhookEndpoint(name: "shop", url: receiver.url, secret: try WebhookSecret(HooksFixture.secret), events: events, timeoutSeconds: 5)
    }

    @Test func paidEventsArriveOncePerIdAcrossARestartAndA500() async throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("data/till.sqlite").path
        let log = FileLog(path: directory.file("till.log").path)
        let receiver = try await WebhookReceiver.start(secret: HooksFixture.secret, failFirst: 2)
        defer { receiver.stop() }
        let clock = HooksClock(HooksFixture.t0)
        let endpoints = [try endpoint(receiver, events: [.created, .paid])]

        var till: HooksTill? = try HooksTill(path: path, endpoints: endpoints, log: log, clock: clock)
        let first = try till!.sell("S-1", at: HooksFixture.t0)
        #expect(first.status == .paid)
        // The deliveries were committed with the sale: created and paid, due now.
        let queued = try WebhookOutbox(database: till!.store).due(at: HooksFixture.t0, limit: 10)
        #expect(queued.map(\.eventType) == ["created", "paid"])
        // The receiver answers 500 to both: retried 30 s later (jitter fixed at factor 1).
        let outcomes = await till!.service.deliverDue()
        #expect(outcomes.map(\.result) == [
            .willRetry(statusCode: 500, error: "HTTP 500: scripted failure", next: HooksFixture.at(30)),
            .willRetry(statusCode: 500, error: "HTTP 500: scripted failure", next: HooksFixture.at(30)),
        ])

        // The till restarts: everything rebuilt from the same file.
        till = nil
        till = try HooksTill(path: path, endpoints: endpoints, log: log, clock: clock)
        clock.set(HooksFixture.at(29))
        #expect(await till!.service.deliverDue().isEmpty)
        clock.set(HooksFixture.at(30))
        #expect(await till!.service.deliverDue().map(\.result) == [.delivered(statusCode: 200), .delivered(statusCode: 200)])
        try till!.sell("S-2", at: HooksFixture.at(40))
        clock.set(HooksFixture.at(100))
        #expect(await till!.service.deliverDue().count == 2)
        clock.set(HooksFixture.at(100_000))
        #expect(await till!.service.deliverDue().isEmpty)

        let received = try await receiver.log()
        #expect(received.failed == 2)
        #expect(received.rejected == 0)
        #expect(received.duplicates.isEmpty)
        #expect(Set(received.accepted).count == received.accepted.count)
        let paid = try received.accepted.compactMap { id -> String? in
            let summary = try HooksFixture.summary(received.bodies[id] ?? "")
            return summary[0] == "sale.paid" ? summary[1] : nil
        }
        #expect(paid == ["S-1", "S-2"])
        #expect(received.accepted.count == 4)
        // The same id on the failed attempt and the successful retry.
        let paidID = try #require(queued.last?.eventID)
        #expect(received.attempts.filter { $0.id == paidID }.map(\.status) == [500, 200])
    }

    @Test func theBackgroundLoopDeliversWithoutBeingAsked() async throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let receiver = try await WebhookReceiver.start(secret: HooksFixture.secret)
        defer { receiver.stop() }
        let clock = HooksClock(Date())
        let till = try HooksTill(path: directory.file("till.sqlite").path, endpoints: [try endpoint(receiver, events: [.paid])],
                                 log: log, clock: clock)
        till.service.start(interval: .milliseconds(200))
        defer { till.service.stop() }
        try till.sell("S-1", at: clock.now)
        #expect(try await HooksFixture.eventually { try await receiver.log().accepted.count == 1 })
        let body = try #require(try await receiver.log().bodies.values.first)
        #expect(try HooksFixture.summary(body) == ["sale.paid", "S-1"])
        #expect(try String(contentsOfFile: log.path, encoding: .utf8).contains("delivered (HTTP 200)"))
    }

    @Test func commandHooksGetTheEventOnStdinAndFailuresAreLogged() async throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let clock = HooksClock(HooksFixture.t0)
        let output = directory.file("event.json").path
        let commands = [
            CommandHook(name: "door", arguments: ["/bin/sh", "-c", "cat > '\(output)'"], events: [.paid], timeoutSeconds: 60),
            // Long timeouts: this test is about exit statuses, not deadlines (a loaded CI machine took over 5 s).
            CommandHook(name: "broken", arguments: ["/bin/sh", "-c", "echo jammed >&2; exit 3"], events: [.paid], timeoutSeconds: 60),
            CommandHook(name: "missing", arguments: ["no-such-program-for-till"], events: [.paid], timeoutSeconds: 5),
        ]
        let till = try HooksTill(path: directory.file("till.sqlite").path, endpoints: [], commands: commands, log: log, clock: clock)
        try till.sell("S-7", at: HooksFixture.t0)
        await till.service.settle()
        let event = try String(contentsOfFile: output, encoding: .utf8)
        #expect(try HooksFixture.summary(event) == ["sale.paid", "S-7"])
        let logged = try String(contentsOfFile: log.path, encoding: .utf8)
        #expect(logged.contains("hook \"door\" for sale.paid of S-7"))
        // (The stderr line is not asserted: the runner stops reading a second after the exit, which a loaded machine may miss.)
        #expect(logged.contains("hook \"broken\" for sale.paid of S-7") && logged.contains("exited with status 3"), "\(logged)")
        #expect(logged.contains("no-such-program-for-till not found"))
    }

    @Test func aPaidSaleIsPrintedAndAPrinterThatIsOffIsShown() async throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let inbox = Inbox()
        let (socket, port) = try refusingPort()
        defer { close(socket) }
        let printers = [
            PrinterConfiguration(name: "paper", destination: .textFile(path: directory.file("printed.txt").path), columns: 42),
            PrinterConfiguration(name: "counter", destination: .network(host: "127.0.0.1", port: port), timeoutSeconds: 2),
        ]
        let till = try HooksTill(path: directory.file("till.sqlite").path, endpoints: [], printers: printers, inbox: inbox,
                                 log: log, clock: HooksClock(HooksFixture.t0))
        try till.sell("S-9", at: HooksFixture.t0)
        await till.service.settle()
        let printed = try String(contentsOfFile: directory.file("printed.txt").path, encoding: .utf8)
        #expect(printed.contains("S-9") && printed.contains("PAID") && printed.contains("12 High Street") && printed.contains("Mouse"))
        let results = inbox.drain().compactMap { event -> Result<String, ReceiptFailure>? in
            if case .receiptWritten(let result) = event { return result }
            return nil
        }
        #expect(results.count == 2)
        #expect(results.contains(.success("printer \"paper\"")))
        #expect(results.contains { if case .failure(let failure) = $0 { failure.message.contains("refused the connection") } else { false } })

        // The receipt screen's w writes the file and prints again (the retry).
        var writer = ReceiptWriter(directory: directory.file("receipts"))
        writer.printers = till.service.printers
        let sale = try #require(try till.store.sale(id: "S-9"))
        #expect(throws: Never.self) { try writer.write(sale, shop: HooksFixture.shop, timeZone: TimeZone(identifier: "UTC")!).get() }
        #expect(await HooksFixture.eventually { inbox.drain().count >= 1 })
    }

    @Test func stockGoesDownWhenPaidBackOnReorgAndAnOversellIsLogged() async throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        let till = try HooksTill(path: directory.file("till.sqlite").path, endpoints: [], log: log, clock: HooksClock(HooksFixture.t0))
        try till.store.upsertProducts([HooksFixture.mouse, HooksFixture.lastOne], at: HooksFixture.t0)

        // Paid decrements; quoted alone does not.
        var sale = HooksFixture.quoted("S-1", [(HooksFixture.mouse, 2)], at: HooksFixture.t0)
        let quoted = HooksFixture.quoteEffects(&sale, at: HooksFixture.t0)
        try till.commit(sale, quoted)
        #expect(try till.store.stock(productID: "MOU-1") == 5)
        let observation = HooksFixture.observation(for: sale, confirmations: 6)
        let paying = sale.handle(.observed(observation, at: HooksFixture.at(60)))
        try till.commit(sale, paying)
        #expect(sale.status == .paid)
        #expect(try till.store.stock(productID: "MOU-1") == 3)
        // A reorg takes the payment out of its block: no longer paid, the stock comes back.
        let reorg = sale.handle(.reorged(observation.ref, at: HooksFixture.at(120)))
        try till.commit(sale, reorg)
        #expect(sale.status != .paid)
        #expect(try till.store.stock(productID: "MOU-1") == 5)

        // Two tills sell the last laptop at the same moment; both customers pay.
        let quotedLast = ["S-2", "S-3"].map { id -> Sale in
            var sale = HooksFixture.quoted(id, [(HooksFixture.lastOne, 1)], at: HooksFixture.t0)
            _ = HooksFixture.quoteEffects(&sale, at: HooksFixture.t0)
            return sale
        }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for quoted in quotedLast {
                group.addTask {
                    var sale = quoted
                    let effects = sale.handle(.observed(HooksFixture.observation(for: sale, confirmations: 6), at: HooksFixture.at(60)))
                    try till.commit(sale, effects)
                }
            }
            try await group.waitForAll()
        }
        #expect(try till.store.stock(productID: "LAST-1") == -1)
        let logged = try String(contentsOfFile: log.path, encoding: .utf8)
        #expect(logged.contains("warning oversold: LAST-1 stock is -1"))
    }

    /// A TCP port on 127.0.0.1 bound by the returned socket but not listening: connecting is refused.
    func refusingPort() throws -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        guard bound else {
            close(fd)
            throw ReceiverError("could not bind a test port")
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }
}
