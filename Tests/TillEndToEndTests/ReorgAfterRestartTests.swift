import Foundation
import Testing
@testable import TillApp
import TillChainTestSupport
import TillCore
import TillStore
import TillTestSupport
import TillUI
import TillEndToEndSupport

/// A sale paid to its 6 confirmations, the till restarted (a fresh runner on the same SQLite file), then the block
/// holding the payment invalidated on the real regtest node: the restarted till still sees the reorg.
@Suite(.serialized) struct ReorgAfterRestartTests {
    @Test func aReorgOfAPaidSaleAfterARestartTakesItOutOfPaidAndGivesTheStockBack() async throws {
        try await RegtestNode.with { node in
            let till = try LiveTill(node: node)
            let exact: @Sendable (Sale) -> CoinAmount = { $0.totalDue! }

            // First run: sell, pay, confirm 6 times, start the next sale (the paid one leaves the screen), quit.
            let first = try LiveRunnerRegtestTests.runner(till)
            let terminal = ScriptedTerminal(steps: LiveRunnerRegtestTests.sell([
                .on("Waiting for payment", do: LiveRunnerRegtestTests.pay(node, till, exact)),
                .on("Payment seen", do: LiveRunnerRegtestTests.mine(node, 6)),
                .on("PAID", type: "n"),
                .on("Products", type: "q"),
            ]))
            #expect(await runOnOwnThread(first, terminal) == 0)
            try #require(terminal.failure == nil, "\(terminal.failure ?? "")")
            try await Self.stopFeeds(of: first)

            let store = try TillDatabase(path: till.databasePath)
            let paid = try #require(try TillDatabaseReader(till).sales().first)
            try #require(paid.status == .paid && paid.watching, "paid and still in its reorg window: \(paid.status)")
            let payment = try #require(paid.payments.first)
            let block = try #require(payment.blockHash)
            let product = try #require(paid.cart.lines.first?.product)
            let stockWhilePaid = try #require(try store.stock(productID: product.id), "the sold product counts stock")
            #expect(try store.reorgWatchedSales().map(\.id) == [paid.id])
            #expect(try store.openSales(at: Date()).isEmpty, "nothing open: only the reorg watch brings the sale back")

            // Restart: a fresh runner on the same files. Once it shows its first screen, the payment's block goes.
            let second = try LiveRunnerRegtestTests.runner(till)
            let watcher = WatchingTerminal(script: WatchingTerminal.logIn, until: { (try? store.sale(id: paid.id))?.status != .paid }, timeout: 90)
            async let status = Self.run(second, on: watcher)
            try await watcher.shows("Products")
            try await node.invalidateBlock(block)
            #expect(await status == 0)
            #expect(watcher.conditionMet, "the restarted till never saw the reorg; screen:\n\(watcher.lastScreen)")
            try await Self.stopFeeds(of: second)

            let reorged = try #require(try store.sale(id: paid.id))
            #expect(reorged.status == .confirming, "back to waiting for confirmations, not paid")
            #expect(reorged.flags.contains(.reorged))
            #expect(reorged.payments.first?.wasReorged == true)
            #expect(reorged.payments.first?.confirmations == 0)
            #expect(try store.stock(productID: product.id) == stockWhilePaid + 1, "the sold unit is back in stock")
            let exceptions = try store.listSales(SaleFilter(flaggedOnly: true, flag: .reorged), after: nil, limit: 10)
            #expect(exceptions.rows.map(\.id) == [paid.id], "the manager's exceptions queue lists it")
            #expect(try store.reorgWatchedSales().isEmpty, "no longer paid: restored as an open sale from now on")
            #expect(try store.openSales(at: Date()).map(\.id) == [paid.id])
        }
    }

    @Test func aReorgOfAPaidSaleThatLeftTheScreenIsSeenWhileRunning() async throws {
        try await RegtestNode.with { node in
            let till = try LiveTill(node: node)
            let store = try TillDatabase(path: till.databasePath)
            let saleIsOutOfPaid: @Sendable () -> Bool = {
                guard let sale = try? TillDatabaseReader(till).sales().first else { return false }
                return sale.status != .paid && sale.flags.contains(.reorged)
            }
            let terminal = WatchingTerminal(script: WatchingTerminal.logIn + [("Products", .enter), ("Total", .character("c")),
                                                     ("PAID", .character("n"))],
                                            until: saleIsOutOfPaid, timeout: 120)
            let runner = try LiveRunnerRegtestTests.runner(till)
            async let status = Self.run(runner, on: terminal)
            try await terminal.showing("Waiting for payment")
            let quoted = try #require(try till.pendingSale())
            _ = try await node.send(to: quoted.currentQuote!.address, amount: quoted.totalDue!.plainDecimal)
            try await terminal.showing("Payment seen")
            _ = try await node.generate(6)
            // The cashier moved on to the next sale: the paid one is off screen, in the background.
            try await terminal.shows("Products")
            let paid = try #require(try store.sale(id: quoted.id))
            try #require(paid.status == .paid, "paid before the reorg: \(paid.status)")
            let stockWhilePaid = try #require(try store.stock(productID: paid.cart.lines[0].product.id))
            try await node.invalidateBlock(try #require(paid.payments.first?.blockHash))
            #expect(await status == 0)
            #expect(terminal.conditionMet, "the running till never saw the reorg; screen:\n\(terminal.lastScreen)")
            try await Self.stopFeeds(of: runner)
            let reorged = try #require(try store.sale(id: paid.id))
            #expect(reorged.status == .confirming)
            #expect(try store.stock(productID: paid.cart.lines[0].product.id) == stockWhilePaid + 1)
        }
    }

    /// Runs the runner's blocking loop on its own thread (as `runOnOwnThread` does for scripted terminals).
    static func run(_ runner: TillRunner, on terminal: WatchingTerminal) async -> Int32 {
        nonisolated(unsafe) let runner = runner
        return await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: runner.run(on: terminal)) }.start()
        }
    }

    /// Stops the runner's chain watchers, as quitting the process would, and lets a poll in flight finish.
    static func stopFeeds(of runner: TillRunner) async throws {
        for feed in runner.feeds.values { (feed as? BitcoinFeed)?.stop() }
        try await Task.sleep(for: .seconds(1))
    }
}

/// A terminal that types `script` keys when their text shows, then hangs up once `until` holds (or after `timeout`
/// seconds). The test drives the chain from its own task meanwhile, so the runner's loop never waits for it.
final class WatchingTerminal: TerminalPort, @unchecked Sendable {
    let size = TextSize(columns: 120, rows: 40)
    private let until: () -> Bool
    private let deadline: Date
    private let lock = NSLock()
    private var script: [(text: String, key: Key)]
    private var screen = ""
    private var met = false

    /// The PIN screen of the user `LiveRunnerRegtestTests.runner` creates, answered digit by digit.
    static var logIn: [(text: String, key: Key)] {
        let name = "runner-test", pin = TillLogin.pin
        return pin.enumerated().map { typed, digit in ("PIN for \(name): \(String(repeating: "•", count: typed))█", Key.character(digit)) }
            + [("PIN for \(name): \(String(repeating: "•", count: pin.count))█", .enter)]
    }

    init(script: [(text: String, key: Key)] = [], until: @escaping () -> Bool, timeout: TimeInterval) {
        self.script = script
        self.until = until
        deadline = Date().addingTimeInterval(timeout)
    }

    var lastScreen: String { lock.lock(); defer { lock.unlock() }; return screen }
    var conditionMet: Bool { lock.lock(); defer { lock.unlock() }; return met }
    private var scriptDone: Bool { lock.lock(); defer { lock.unlock() }; return script.isEmpty }

    func draw(_ canvas: Canvas) {
        lock.lock(); screen = canvas.text; lock.unlock()
    }

    func invalidate() {}

    func readKey(timeoutMilliseconds: Int?) -> Key? {
        lock.lock()
        if let step = script.first, screen.contains(step.text) {
            script.removeFirst()
            lock.unlock()
            return step.key
        }
        let scripted = !script.isEmpty
        lock.unlock()
        if !scripted, until() {
            lock.lock(); met = true; lock.unlock()
            return .hangup
        }
        if Date() > deadline { return .hangup }
        Thread.sleep(forTimeInterval: 0.05)
        return nil
    }

    /// Waits until every scripted key was typed and the screen shows `text`.
    func shows(_ text: String) async throws {
        while !(scriptDone && lastScreen.contains(text)) {
            guard Date() < deadline else { throw RegtestError("timed out waiting for \"\(text)\"; the screen was:\n\(lastScreen)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Waits until the screen shows `text`, whatever is left of the script.
    func showing(_ text: String) async throws {
        while !lastScreen.contains(text) {
            guard Date() < deadline else { throw RegtestError("timed out waiting for \"\(text)\"; the screen was:\n\(lastScreen)") }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
