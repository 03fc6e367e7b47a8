import Foundation
import Testing
import TillApp
import TillChainTestSupport
import TillConfig
import TillCore
import TillStore
import TillTestSupport

/// Past the gap limit against the real regtest node (Bitcoin SV 1.0.13, which has no `scantxoutset`): the node
/// cannot prove a cancelled sale's address unused, so the till refuses the quote with the gap-limit message
/// and never marks an unpaid address funded on a guess; an address paid after its sale was cancelled is never
/// handed out again.
@Suite(.serialized) struct GapLimitReuseTests {
    typealias Live = LiveRunnerRegtestTests

    /// One more sale of the first product in BTC, from the product screen.
    static let anotherSale: [ScriptedTerminal.Step] = [.on("Products", .enter), .on("Total", type: "c")]
    /// Cancels the sale waiting for payment (Esc, then y).
    static let cancel: [ScriptedTerminal.Step] = [.on("Waiting for payment", .escape), .on("Cancel this sale?", type: "y")]

    /// The BTC wallet's addresses as the till's database has them, by index.
    static func addresses(_ till: LiveTill) throws -> [AllocatedAddress] {
        let configuration = try ConfigLoader.load(commandLine: till.configPath, environment: [:])
        let wallet = try WalletBridge.wallet(for: try #require(configuration.coins.first))
        return try TillDatabase(path: till.databasePath).allocatedAddresses(walletID: wallet.walletID, chain: 0)
    }

    static func log(_ till: LiveTill) throws -> String {
        try String(contentsOf: till.directory.file("data/till.log"), encoding: .utf8)
    }

    @Test func twoCancelledQuotesThenTheNodeCannotProveReuseSoTheQuoteFailsWithTheGapLimit() async throws {
        try await RegtestNode.with { node in
            let till = try LiveTill(node: node, coinExtra: "gap_limit = 2")
            let runner = try Live.runner(till)
            let terminal = ScriptedTerminal(steps: Live.sell(Self.cancel) + [.on("sale cancelled", .enter)]
                + [.on("Total", type: "c")] + Self.cancel
                + [.on("sale cancelled", .enter), .on("Total", type: "c"),
                   .on("gap limit", do: {})])
            _ = await runOnOwnThread(runner, terminal)
            #expect(terminal.failure == nil, "\(terminal.failure ?? "")")
            let sales = try TillDatabaseReader(till).sales()
            #expect(sales.filter { $0.status == .cancelled }.count == 2)
            let addresses = try Self.addresses(till)
            #expect(addresses.map(\.index) == [0, 1], "no third address past the gap limit of 2")
            #expect(!addresses.contains { $0.reused })
            // Both unpaid addresses are still reuse candidates: a missing proof never marks one funded.
            let configuration = try ConfigLoader.load(commandLine: till.configPath, environment: [:])
            let wallet = try WalletBridge.wallet(for: try #require(configuration.coins.first))
            let candidates = try TillDatabase(path: till.databasePath).reusableAddresses(walletID: wallet.walletID, at: Date())
            #expect(candidates.map(\.address) == addresses.map(\.address))
            let log = try Self.log(till)
            #expect(log.contains("has no scantxoutset"), "the log says why: \(log.suffix(2_000))")
            #expect(log.contains("address index 0 (\(addresses[0].address)) is not provably unused"))
        }
    }

    @Test func anAddressPaidAfterItsSaleWasCancelledIsNeverHandedOutAgain() async throws {
        try await RegtestNode.with { node in
            let till = try LiveTill(node: node, coinExtra: "gap_limit = 2")
            let runner = try Live.runner(till)
            let paid = AddressBox()
            // The first sale's address is paid once both sales are cancelled, and the test waits until the till has
            // recorded it: the payment's notice arriving between keystrokes replaced "sale cancelled" (a race).
            let payCancelled: @Sendable () async throws -> Void = {
                let sales = try TillDatabaseReader(till).sales()
                guard let address = sales.first?.currentQuote?.address else { throw RegtestError("no cancelled sale") }
                paid.set(address)
                _ = try await node.send(to: address, amount: "0.0012")
                _ = try await node.generate(1)
                let deadline = Date().addingTimeInterval(60)
                // The feed's observation row, written before the runner hears of it (the runner waits for this action).
                while try TillDatabaseReader(till).database.observations(address: address).isEmpty {
                    guard Date() < deadline else { throw RegtestError("the payment to \(address) was never recorded") }
                    try await Task.sleep(for: .milliseconds(100))
                }
            }
            let terminal = ScriptedTerminal(steps: Live.sell(Self.cancel) + [.on("sale cancelled", .enter)]
                + [.on("Total", type: "c")] + Self.cancel
                + [ScriptedTerminal.Step(waitFor: "sale cancelled", key: .enter, action: payCancelled),
                   .on("Total", type: "c"), .on("Waiting for payment", do: {})])
            _ = await runOnOwnThread(runner, terminal)
            #expect(terminal.failure == nil, "\(terminal.failure ?? "")")
            let address = try #require(paid.value)
            let sales = try TillDatabaseReader(till).sales()
            try #require(sales.count == 3, "sales: \(sales.map { "\($0.id) \($0.status)" })")
            // Index 0 is used now, so the gap of unused addresses is index 1 alone: the third sale gets index 2
            // (index 1 cannot be proven unused), never the paid index 0.
            let addresses = try Self.addresses(till)
            #expect(sales[2].currentQuote?.address == addresses.first { $0.index == 2 }?.address)
            #expect(!sales.dropFirst().contains { $0.quotes.contains { $0.address == address } })
            #expect(!addresses.contains { $0.reused })
        }
    }
}

/// The address a test action paid, read back by the test.
final class AddressBox: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: String?
    var value: String? { lock.withLock { stored } }
    func set(_ address: String) { lock.withLock { stored = address } }
}
