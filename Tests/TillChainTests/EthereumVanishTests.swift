import BigInt
import Foundation
import Testing
import TillChain
import TillChainTestSupport
import TillCore
import TillTestSupport

/// A payment taken out by a reorg and then double-spent (the sender's nonce used by another transaction in the new
/// history) must be reported `vanished`, once; one mined again must not be.
@Suite("Ethereum watcher: reorged payments that never come back")
struct EthereumVanishTests {
    /// Reverts to `snapshot`, then mines `conflict` (same sender, so same nonce) and a longer history.
    private static func doubleSpend(_ node: EVMNode, original: String, snapshot: String,
                                    conflict: () async throws -> String) async throws {
        let backend = EthereumRPCBackend(url: node.url, timeoutSeconds: 30)
        let before = try #require(try await backend.transactionStatuses([original])[original])
        try await node.revert(to: snapshot)
        let replacement = try await conflict()
        try await node.mine(5)
        let after = try #require(try await backend.transactionStatuses([replacement])[replacement])
        #expect(after.from == before.from && after.nonce == before.nonce, "the conflicting transaction reuses the sender's nonce")
        #expect(try await backend.transactionStatuses([original])[original] == nil, "the original is gone from the node")
    }

    /// Ticks until nothing new is delivered (at most `limit` ticks) and returns everything delivered.
    private static func settle(_ watcher: EthereumWatcher, _ log: EVMEventLog, ticks limit: Int = 4) async -> [EthereumEvent] {
        var all: [EthereumEvent] = []
        for _ in 0..<limit {
            let ticked = await watcher.tick()
            let events = await log.drain()
            #expect(ticked, "the tick failed: \(events)")
            all += events
        }
        return all
    }

    private static func vanished(_ events: [EthereumEvent]) -> [PaymentRef] {
        events.compactMap { if case .vanished(let ref, _) = $0 { return ref }; return nil }
    }

    @Test("a reorged token payment double-spent from the same nonce vanishes once")
    func tokenDoubleSpend() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000_000)
        let usdc = tokenAsset(token)
        let log = EVMEventLog()
        let watcher = makeWatcher(node, tokens: [usdc], native: nil, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: usdc)
        await watcher.tick()
        _ = await log.drain()
        let snapshot = try await node.snapshot()
        let tx = try await node.transferToken(token, from: accounts[0], to: sale, units: 96_130_000)
        try await node.mine(3)
        await watcher.tick()
        #expect(await log.drain().contains { $0.isFinal && $0.observation?.ref.txid == tx })

        try await Self.doubleSpend(node, original: tx, snapshot: snapshot) {
            try await node.transferToken(token, from: accounts[0], to: freshEthereumAddress(), units: 96_130_000)
        }
        let events = await Self.settle(watcher, log)
        let ref = PaymentRef(txid: tx, output: 0)
        #expect(events.contains(.reorged(ref, address: sale)))
        #expect(Self.vanished(events) == [ref], "vanished exactly once: \(events)")
        #expect(events.last { $0 == .reorged(ref, address: sale) || $0 == .vanished(ref, address: sale) } == .vanished(ref, address: sale))
        #expect(events.compactMap(\.observation).isEmpty, "the payment is not in the new chain")
    }

    @Test("a reorged ETH payment double-spent from the same nonce vanishes once")
    func etherDoubleSpend() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let log = EVMEventLog()
        let watcher = makeWatcher(node, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: testETH)
        await watcher.tick()
        _ = await log.drain()
        let snapshot = try await node.snapshot()
        let tx = try await node.sendEth(from: accounts[4], to: sale, wei: 20_000_000_000_000_000)
        await watcher.tick()
        #expect(await log.drain().compactMap(\.observation).map(\.ref) == [PaymentRef(txid: tx, output: 0)])

        try await Self.doubleSpend(node, original: tx, snapshot: snapshot) {
            try await node.sendEth(from: accounts[4], to: freshEthereumAddress(), wei: 20_000_000_000_000_000)
        }
        let events = await Self.settle(watcher, log)
        #expect(Self.vanished(events) == [PaymentRef(txid: tx, output: 0)], "vanished exactly once: \(events)")
        #expect(events.compactMap(\.observation).isEmpty)
    }

    @Test("an internal ETH transfer whose block left the chain vanishes; the new history's transfer is a new payment")
    func internalTransferReorged() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let forwarder = try await node.deployToken(name: "Wallet", symbol: "W", decimals: 0, supply: 0)
        let log = EVMEventLog()
        let watcher = makeWatcher(node, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: testETH)
        await watcher.tick()
        _ = await log.drain()
        let snapshot = try await node.snapshot()
        try await node.forwardEth(through: forwarder, from: accounts[2], to: sale, wei: 77_000)
        await watcher.tick()
        let first = try #require(await log.drain().compactMap(\.observation).first)
        #expect(first.ref.output == -1)

        try await node.revert(to: snapshot)
        try await node.mine(2)
        try await node.forwardEth(through: forwarder, from: accounts[2], to: sale, wei: 55_000)
        let events = await Self.settle(watcher, log)
        #expect(Self.vanished(events) == [first.ref], "\(events)")
        let seen = events.compactMap(\.observation)
        #expect(Set(seen.map(\.amount.units)) == [55_000])
        #expect(seen.allSatisfy { $0.ref != first.ref })
    }

    @Test("a reorged payment whose same transaction is mined again is found again, not vanished")
    func minedAgainIsNotVanished() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let log = EVMEventLog()
        let watcher = makeWatcher(node, log: log)
        let sale = freshEthereumAddress()
        try await watcher.watch(sale, for: testETH)
        await watcher.tick()
        _ = await log.drain()
        let snapshot = try await node.snapshot()
        // The same signed transaction goes into both histories (a node re-adds an abandoned block's transactions).
        let raw = try await node.signEth(from: accounts[5], to: sale, wei: 1_000)
        let tx = try await node.sendRaw(raw)
        await watcher.tick()
        #expect(await log.drain().compactMap(\.observation).map(\.ref) == [PaymentRef(txid: tx, output: 0)])
        try await node.revert(to: snapshot)
        try await node.mine(2)
        #expect(try await node.sendRaw(raw) == tx)
        let events = await Self.settle(watcher, log)
        #expect(Self.vanished(events).isEmpty, "\(events)")
        #expect(events.compactMap(\.observation).contains { $0.ref == PaymentRef(txid: tx, output: 0) })
    }

    @Test("a payment double-spent while the till was down vanishes once the restarted watcher is told of it")
    func doubleSpentWhileDown() async throws {
        let node = try await EVMNode.start()
        let accounts = try await node.accounts()
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000_000)
        let usdc = tokenAsset(token)
        let cursor = EVMCursorMemory()
        let before = EVMEventLog()
        let first = makeWatcher(node, tokens: [usdc], native: nil, store: cursor, log: before)
        let sale = freshEthereumAddress()
        try await first.watch(sale, for: usdc)
        await first.tick()
        let snapshot = try await node.snapshot()
        let tx = try await node.transferToken(token, from: accounts[0], to: sale, units: 96_130_000)
        await first.tick()
        let seen = try #require(await before.drain().compactMap(\.observation).first)
        // What the sale recorded, as the till reads it back from SQLite at start.
        let recorded = Payment(ref: seen.ref, address: seen.address, amount: seen.amount, replaceable: false, firstSeen: Date(),
                               late: false, state: .confirmed, confirmations: seen.confirmations, blockHeight: seen.blockHeight,
                               blockHash: seen.blockHash)

        try await Self.doubleSpend(node, original: tx, snapshot: snapshot) {
            try await node.transferToken(token, from: accounts[0], to: freshEthereumAddress(), units: 96_130_000)
        }
        let after = EVMEventLog()
        let restarted = makeWatcher(node, tokens: [usdc], native: nil, store: cursor, log: after)
        try await restarted.watch(sale, for: usdc)
        await restarted.resume([recorded])
        let events = await Self.settle(restarted, after)
        #expect(Self.vanished(events) == [PaymentRef(txid: tx, output: 0)], "\(events)")
    }
}
