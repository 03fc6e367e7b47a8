import Foundation
import Testing
import TillChain
import TillChainTestSupport

/// New mempool transactions are fetched in JSON-RPC batches from the real node, not one call each.
@Suite struct MempoolBatchTests {
    @Test func aBusyMempoolCostsAFewCallsNotOnePerTransaction() async throws {
        try await RegtestNode.with { node in
            let watching = RegtestWatching(node: node)
            let script = try await node.newWatchedScript()
            try await watching.watcher.watch(script)
            #expect(await watching.watcher.pollOnce())
            for _ in 0..<20 { _ = try await node.send(to: try await node.newAddress(), amount: "0.001") }
            let payment = try await node.send(to: script.address, amount: "0.0123")
            let before = node.rpc.callCount
            let ok = await watching.watcher.pollOnce()
            let reason = await watching.watcher.offlineReason ?? ""
            #expect(ok, "\(reason)")
            let calls = node.rpc.callCount - before
            let seen = await watching.recorder.seen(address: script.address)
            #expect(seen.map(\.ref.txid) == [payment])
            #expect(seen.first?.amount.units == 1_230_000)
            // mempool, tip (2 calls), one batch of 21 transactions; one call per transaction would be 24.
            #expect(calls <= 6, "\(calls) calls for 21 new mempool transactions")
        }
    }

    /// A mempool bigger than one poll's budget (a mainnet mempool at start): a payment made now is fetched in the
    /// next poll, ahead of the backlog; a payment already waiting in the backlog is still found as it drains.
    @Test func aNewPaymentIsNotQueuedBehindTheBacklogOfALargeMempool() async throws {
        try await RegtestNode.with { node in
            let watching = RegtestWatching(node: node, configuration: .init(pollInterval: .milliseconds(200), maxBackoff: .seconds(1),
                                                                            mempoolFetchesPerPoll: 100))
            let early = try await node.newWatchedScript(), late = try await node.newWatchedScript()
            try await watching.watcher.watch(early)
            try await watching.watcher.watch(late)
            // 350 unrelated transactions and, somewhere among them, a payment made before the watcher started.
            for index in 0..<350 {
                _ = try await node.send(to: try await node.newAddress(), amount: "0.0001")
                if index == 175 { _ = try await node.send(to: early.address, amount: "0.0042") }
            }
            #expect(await watching.watcher.pollOnce())
            #expect(await watching.watcher.mempoolBacklogCount == 251, "351 listed, 100 fetched")
            let payment = try await node.send(to: late.address, amount: "0.0077")
            #expect(await watching.watcher.pollOnce())
            #expect(await watching.recorder.seen(address: late.address).map(\.ref.txid) == [payment], "found in the very next poll")
            #expect(await watching.watcher.mempoolBacklogCount == 152, "the payment went first; 99 of the backlog after it")
            for _ in 0..<2 { #expect(await watching.watcher.pollOnce()) }
            #expect(await watching.watcher.mempoolBacklogCount == 0)
            #expect(await watching.recorder.seen(address: early.address).count == 1, "the backlog's payment was found as it drained")
        }
    }

    @Test func aBatchAnswersUnknownTxidsAsNil() async throws {
        try await RegtestNode.with { node in
            let txid = try await node.send(to: try await node.newAddress(), amount: "0.001")
            let found = try await node.rpc.transactions(txids: [String(repeating: "0", count: 64), txid])
            #expect(found.count == 2)
            #expect(found[0] == nil)
            #expect(found[1]?.txid == txid)
        }
    }
}
