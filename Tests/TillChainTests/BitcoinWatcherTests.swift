import TillChainTestSupport
import BigInt
import Foundation
import Testing
@testable import TillChain
import TillCore

/// The chain-polling actor against a real regtest node (one node for the suite, tests in series).
@Suite(.serialized, .regtestNode)
struct BitcoinWatcherTests {
    let node: RegtestNode

    init() throws { node = try #require(RegtestNode.shared, "the .regtestNode trait did not start a node") }

    @Test func paymentInTheMempoolIsSeenWithExactAmountAndOutput() async throws {
        let w = RegtestWatching(node: node)
        let script = try await node.newWatchedScript()
        try await w.watcher.watch(script)
        #expect(await w.watcher.pollOnce())
        let txid = try await node.send(to: script.address, amount: "0.1234")
        try await w.pollUntil("payment seen") { !$0.seen(script.address).isEmpty }
        let seen = await w.recorder.seen(address: script.address)
        #expect(seen.count == 1)
        let observation = try #require(seen.first)
        #expect(observation.ref.txid == txid)
        #expect(observation.amount == CoinAmount(units: 12_340_000, asset: .btc))
        #expect(observation.confirmations == 0 && observation.blockHash == nil)
        #expect(!observation.replaceable)
        // The output index is the one paying our script, as the node reports it.
        let tx = try await node.rpc.call("getrawtransaction", [.string(txid), .number("1")])
        let hex = tx["vout"]?[observation.ref.output]?["scriptPubKey"]?["hex"]?.stringValue
        #expect(hex == Hex.encode(script.scriptPubKey))
        #expect(await w.recorder.events.first == .backendOnline)
    }

    @Test func confirmationsRiseFromZeroToSixBlockByBlock() async throws {
        let w = RegtestWatching(node: node)
        let script = try await node.newWatchedScript()
        try await w.watcher.watch(script)
        await w.watcher.pollOnce()
        _ = try await node.send(to: script.address, amount: "0.5")
        try await w.pollUntil("payment seen") { !$0.seen(script.address).isEmpty }
        let ref = try #require(await w.recorder.seen(address: script.address).first?.ref)
        var firstHash: String?
        for expected in 1...6 {
            let hashes = try await node.generate(1)
            if expected == 1 { firstHash = hashes.first }
            try await w.pollUntil("confirmation \(expected)") { $0.confirmations(of: ref).last?.0 == expected }
        }
        let steps = await w.recorder.events.confirmations(of: ref)
        #expect(steps.map(\.0) == [1, 2, 3, 4, 5, 6])
        #expect(steps.allSatisfy { $0.2 == firstHash })
        let tracked = try #require(await w.watcher.payments.first { $0.ref == ref })
        #expect(tracked.state == .confirmed && tracked.confirmations == 6 && tracked.blockHash == firstHash)
    }

    @Test func twoWatchedAddressesPaidInOneTransaction() async throws {
        let w = RegtestWatching(node: node)
        let first = try await node.newWatchedScript(), second = try await node.newWatchedScript()
        try await w.watcher.watch(first)
        try await w.watcher.watch(second)
        await w.watcher.pollOnce()
        let txid = try await node.sendMany([first.address: "0.011", second.address: "0.00000546"])
        try await w.pollUntil("both outputs") { !$0.seen(first.address).isEmpty && !$0.seen(second.address).isEmpty }
        let a = try #require(await w.recorder.seen(address: first.address).first)
        let b = try #require(await w.recorder.seen(address: second.address).first)
        #expect(a.ref.txid == txid && b.ref.txid == txid && a.ref.output != b.ref.output)
        #expect(a.amount.units == 1_100_000 && b.amount.units == 546)
    }

    @Test func reorgTakesAConfirmedPaymentOutAndItConfirmsAgainElsewhere() async throws {
        let w = RegtestWatching(node: node)
        let script = try await node.newWatchedScript()
        try await w.watcher.watch(script)
        await w.watcher.pollOnce()
        _ = try await node.send(to: script.address, amount: "0.2")
        try await w.pollUntil("payment seen") { !$0.seen(script.address).isEmpty }
        let ref = try #require(await w.recorder.seen(address: script.address).first?.ref)
        let orphan = try #require(try await node.generate(1).first)
        try await w.pollUntil("confirmed") { $0.confirmations(of: ref).last?.0 == 1 }
        try await node.invalidateBlock(orphan)
        try await w.pollUntil("reorged") { $0.contains(reorged: ref) }
        #expect(await w.recorder.events.confirmations(of: ref).last?.0 == 0)
        #expect(try await node.mempool().contains(ref.txid))
        let replacement = try await node.generate(2)
        try await w.pollUntil("confirmed again") { $0.confirmations(of: ref).last?.0 == 2 }
        let last = try #require(await w.recorder.events.confirmations(of: ref).last)
        #expect(last.2 == replacement.first && last.2 != orphan)
        #expect(!(await w.recorder.events.contains(vanished: ref)))
    }

    @Test func reorgWithAConflictingSpendMinedMakesThePaymentVanish() async throws {
        let w = RegtestWatching(node: node)
        let script = try await node.newWatchedScript()
        try await w.watcher.watch(script)
        await w.watcher.pollOnce()
        let txid = try await node.send(to: script.address, amount: "0.3")
        try await w.pollUntil("payment seen") { !$0.seen(script.address).isEmpty }
        let ref = try #require(await w.recorder.seen(address: script.address).first?.ref)
        let orphan = try #require(try await node.generate(1).first)
        try await w.pollUntil("confirmed") { $0.confirmations(of: ref).last?.0 == 1 }
        try await node.invalidateBlock(orphan)
        let conflict = try await node.doubleSpend(txid, mine: 2)
        try await w.pollUntil("reorged and vanished") { $0.contains(reorged: ref) && $0.contains(vanished: ref) }
        let events = await w.recorder.events(for: ref)
        let reorgedAt = try #require(events.firstIndex(of: .reorged(ref)))
        let vanishedAt = try #require(events.firstIndex(of: .vanished(ref)))
        #expect(reorgedAt < vanishedAt)
        #expect(await w.watcher.payments.first { $0.ref == ref }?.state == .vanished)
        let mined = try await node.rpc.call("getrawtransaction", [.string(conflict), .number("1")])
        #expect(mined["confirmations"]?.intValue == 2)
    }

    @Test func doubleSpendOfASeenUnconfirmedPaymentMakesItVanish() async throws {
        let w = RegtestWatching(node: node)
        let script = try await node.newWatchedScript()
        try await w.watcher.watch(script)
        await w.watcher.pollOnce()
        let txid = try await node.send(to: script.address, amount: "0.4")
        try await w.pollUntil("payment seen") { !$0.seen(script.address).isEmpty }
        let ref = try #require(await w.recorder.seen(address: script.address).first?.ref)
        _ = try await node.doubleSpend(txid)
        try await w.pollUntil("vanished") { $0.contains(vanished: ref) }
        #expect(await w.recorder.events.confirmations(of: ref).isEmpty)
        #expect(await w.watcher.payments.first { $0.ref == ref }?.state == .vanished)
    }
}
