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
