import Foundation
import Testing
import TillApp
import TillChainTestSupport
import TillCore
import TillStore
import TillTestSupport
import TillEndToEndSupport

/// The live runner (SQLite, wallet, node watcher, screens) against a real regtest node, driven without a
/// terminal: underpaid then topped up, overpaid, and a payment after the quote expired.
@Suite(.serialized) struct LiveRunnerRegtestTests {
    /// The runner built exactly as `till --config` builds it, with a user to log in as.
    static func runner(_ till: LiveTill) throws -> TillRunner {
        try TillLogin.ensureUser("runner-test", databasePath: till.databasePath)
        return try TillLauncher.assemble(LaunchOptions(configPath: till.configPath, training: false,
                                                environment: ["USER": "runner-test", "HOME": till.directory.url.path])).runner
    }

    static func sell(_ then: [ScriptedTerminal.Step]) -> [ScriptedTerminal.Step] {
        TillLogin.steps(as: "runner-test") + [.on("Products", .enter), .on("Total", type: "c")] + then
    }

    /// Pays `amount(sale)` to the address now shown, from the node's wallet.
    static func pay(_ node: RegtestNode, _ till: LiveTill, _ amount: @escaping @Sendable (Sale) -> CoinAmount) -> @Sendable () async throws -> Void {
        {
            guard let sale = try till.pendingSale(), let quote = sale.currentQuote else { throw RegtestError("no sale awaiting payment") }
            _ = try await node.send(to: quote.address, amount: amount(sale).plainDecimal)
        }
    }

    static func mine(_ node: RegtestNode, _ blocks: Int) -> @Sendable () async throws -> Void {
        { _ = try await node.generate(blocks) }
    }

    @Test func underpaidThenToppedUpThenOverpaid() async throws {
        try await RegtestNode.with { node in
            let till = try LiveTill(node: node)
            let runner = try Self.runner(till)
            let half: @Sendable (Sale) -> CoinAmount = { CoinAmount(units: $0.totalDue!.units / 2, asset: .btc) }
            let rest: @Sendable (Sale) -> CoinAmount = { $0.stillDue! }
            let more: @Sendable (Sale) -> CoinAmount = { CoinAmount(units: $0.totalDue!.units + 50_000, asset: .btc) }
            let terminal = ScriptedTerminal(steps: Self.sell([
                .on("Waiting for payment", do: Self.pay(node, till, half)),
                .on("UNDERPAID", do: Self.pay(node, till, rest)),
                .on("Payment seen", do: Self.mine(node, 6)),
                .on("✓ PAID", type: "n"),
                .on("Products", .enter), .on("Total", type: "c"),
                .on("Waiting for payment", do: Self.pay(node, till, more)),
                .on("Payment seen", do: Self.mine(node, 6)),
                .on("✓ PAID", type: "n"),
                .on("Products", type: "q"),
            ]))
            #expect(await runOnOwnThread(runner, terminal) == 0)
            #expect(terminal.failure == nil, "\(terminal.failure ?? "")")
            let store = try TillDatabaseReader(till)
            let sales = try store.sales()
            try #require(sales.count == 2, "sales in SQLite: \(sales.map { "\($0.id) \($0.status) \($0.payments.count) payments" })")
            let first = sales[0], second = sales[1]
            #expect(first.status == .paid)
            #expect(first.payments.count == 2)
            try #require(first.quotes.count == 2, "a second quote asks for the rest")
            #expect(first.quotes[1].address == first.quotes[0].address, "the rest is asked on the same address")
            #expect(first.received == first.totalDue)
            #expect(second.status == .paid)
            #expect(second.flags.contains(.overpaid))
        }
    }

    @Test func aPaymentAfterExpiryIsRecordedAndFlaggedLate() async throws {
        try await RegtestNode.with { node in
            let till = try LiveTill(node: node, expiry: "1m")
            let runner = try Self.runner(till)
            let exact: @Sendable (Sale) -> CoinAmount = { $0.totalDue! }
            let terminal = ScriptedTerminal(steps: Self.sell([
                .on("EXPIRED: nothing was received", do: Self.pay(node, till, exact)),
                .on("paid after the quote expired", do: Self.mine(node, 6)),
                .on("PAID", type: "n"),
                .on("Products", type: "q"),
            ]))
            #expect(await runOnOwnThread(runner, terminal) == 0)
            #expect(terminal.failure == nil, "\(terminal.failure ?? "")")
            let sale = try #require(try TillDatabaseReader(till).sales().first)
            #expect(sale.status == .paid)
            #expect(sale.flags.contains(.paidLate))
            #expect(sale.payments.first?.late == true)
        }
    }
}
