import Foundation
import Testing
@testable import TillChain
import TillChainTestSupport
import TillCore

/// Issue 15, no orphaned sales: a lane that adopts a stopped lane's sales watches their addresses only from then on,
/// while their payments may sit in blocks it already read. `rescan(from:)` reads those blocks again; what was already
/// known is not reported twice. On the suite's regtest node, and on a real EVM.
extension BitcoinWatcherTests {
    /// A watcher that read a block paying its own script and `adopted` (not watched yet); the block's height.
    func paidInABlockReadBeforeItWasWatched(amount: String) async throws -> (RegtestWatching, WatchedScript, Int) {
        let w = RegtestWatching(node: node)
        let own = try await node.newWatchedScript(), adopted = try await node.newWatchedScript()
        try await w.watcher.watch(own)
        await w.watcher.pollOnce()
        _ = try await node.sendMany([own.address: "0.01", adopted.address: amount])
        _ = try await node.generate(1)
        try await w.pollUntil("own payment mined") { $0.seen(own.address).first?.confirmations == 1 }
        return (w, adopted, try #require(await w.watcher.cursor?.height))
    }

    @Test func aScriptWatchedAfterItsBlockWasReadIsFoundOnlyOnceRescanned() async throws {
        let (w, adopted, height) = try await paidInABlockReadBeforeItWasWatched(amount: "0.02")

        // Watched now, paid in a block already read: watching alone never finds it.
        try await w.watcher.watch(adopted)
        #expect(await w.watcher.pollOnce())
        #expect(await w.recorder.seen(address: adopted.address).isEmpty)
        let before = await w.recorder.events.count

        await w.watcher.rescan(from: height)
        #expect(await w.watcher.pollOnce())
        let found = await w.recorder.seen(address: adopted.address)
        #expect(found.count == 1)
        #expect(found.first?.confirmations == 1 && found.first?.blockHeight == height)
        #expect(found.first?.amount == CoinAmount(units: 2_000_000, asset: .btc))
        let new = await w.recorder.events(after: before)
        #expect(new.allSatisfy { if case .paymentSeen(let o) = $0 { return o.address == adopted.address }; return false },
                "the already-known payment is not reported again: \(new)")
        #expect(await w.watcher.cursor?.height == height, "the cursor is back at the tip")

        // Followed from then on like any other payment.
        _ = try await node.generate(1)
        let ref = try #require(found.first?.ref)
        try await w.pollUntil("second confirmation") { $0.confirmations(of: ref).last?.0 == 2 }
    }

    /// A rescan asked for while the node is down is not dropped with the failed poll: it happens once it answers.
    @Test func aRescanAskedForWhileTheNodeIsDownHappensWhenItAnswersAgain() async throws {
        let (w, adopted, height) = try await paidInABlockReadBeforeItWasWatched(amount: "0.03")
        try await w.watcher.watch(adopted)

        await node.stop()
        await w.watcher.rescan(from: height)
        #expect(await w.watcher.pollOnce() == false)
        #expect(await w.watcher.cursor?.height == height, "nothing moved while the node was down")
        try await node.launch()
        try await w.pollUntil(seconds: 90, "the adopted payment found after the outage") { !$0.seen(adopted.address).isEmpty }
        let found = await w.recorder.seen(address: adopted.address)
        #expect(found.count == 1 && found.first?.confirmations == 1 && found.first?.blockHeight == height)
    }

    @Test func aRescanAboveTheCursorOrBeforeTheFirstPollChangesNothing() async throws {
        let w = RegtestWatching(node: node)
        let script = try await node.newWatchedScript()
        try await w.watcher.watch(script)
        await w.watcher.rescan(from: 1)  // before the first poll: there is no history of ours to read again
        #expect(await w.watcher.pollOnce())
        let tip = try #require(await w.watcher.cursor)
        await w.watcher.rescan(from: tip.height + 5)
        #expect(await w.watcher.pollOnce())
        #expect(await w.watcher.cursor == tip)
        #expect(await w.recorder.seen(address: script.address).isEmpty)
    }
}

extension EthereumWatcherTests {
    @Test func anEthereumAddressWatchedAfterItsBlockWasScannedIsFoundOnlyOnceRescanned() async throws {
        let evm = try await EVMNode.start()
        let log = EVMEventLog()
        let watcher = makeWatcher(evm, log: log)
        let own = freshEthereumAddress(), adopted = freshEthereumAddress()
        try await watcher.watch(own, for: testETH)
        #expect(await watcher.tick())
        let payer = try await evm.accounts()[1]
        _ = try await evm.sendEth(from: payer, to: own, wei: 1_000)
        let tx = try await evm.sendEth(from: payer, to: adopted, wei: 2_000)
        #expect(await watcher.tick())
        #expect(await log.drain().compactMap(\.observation).map(\.address) == [own])

        try await watcher.watch(adopted, for: testETH)
        #expect(await watcher.tick())
        #expect(await log.drain().isEmpty, "watching alone does not look at blocks already scanned")
        let height = try #require(await watcher.cursor?.blockNumber)
        await watcher.rescan(from: height - 2)
        #expect(await watcher.tick())
        let found = await log.drain().compactMap(\.observation)
        #expect(found.map(\.address) == [adopted], "found once, and the known payment not reported again: \(found)")
        #expect(found.first?.ref == PaymentRef(txid: tx, output: 0))
        #expect(found.first?.amount == CoinAmount(units: 2_000, asset: testETH))
    }
}
