import TillChainTestSupport
import Foundation
import Testing
@testable import TillChain
import TillCore

/// Outages, restarts and non-P2PKH scripts, on the same suite node.
extension BitcoinWatcherTests {
    @Test func nodeStoppedAndRestartedWhileWatchingGoesOfflineThenOnlineAndStillFollowsThePayment() async throws {
        let w = RegtestWatching(node: node)
        let script = try await node.newWatchedScript()
        try await w.watcher.watch(script)
        let running = Task { await w.watcher.run() }
        defer { running.cancel() }
        _ = try await node.send(to: script.address, amount: "0.05")
        try await waitFor(w, "payment seen") { !$0.seen(script.address).isEmpty }
        let ref = try #require(await w.recorder.seen(address: script.address).first?.ref)
        await node.stop()
        try await waitFor(w, "offline") { $0.contains { if case .backendOffline = $0 { true } else { false } } }
        #expect(await w.watcher.offlineReason?.contains("node 127.0.0.1:\(node.rpcPort)") == true)
        try await node.launch()
        try await node.generate(1)
        try await waitFor(w, "online and confirmed", seconds: 90) { $0.confirmations(of: ref).last?.0 == 1 }
        let events = await w.recorder.events
        let offlineAt = try #require(events.firstIndex { if case .backendOffline = $0 { true } else { false } })
        #expect(events[offlineAt...].contains(.backendOnline))
        #expect(await w.watcher.offlineSince == nil)
    }

    @Test func watcherRestartedFromTheStoreCatchesUpOnPaymentsMadeWhileItWasOff() async throws {
        let store = RegtestCursorStore()
        let mined = try await node.newWatchedScript(), pending = try await node.newWatchedScript()
        do {
            let before = RegtestWatching(node: node, store: store)
            try await before.watcher.watch(mined)
            try await before.watcher.watch(pending)
            #expect(await before.watcher.pollOnce())
        }
        // The till is off: one payment gets mined (and buried), another waits in the mempool.
        let minedTxid = try await node.send(to: mined.address, amount: "0.07")
        let blocks = try await node.generate(3)
        let pendingTxid = try await node.send(to: pending.address, amount: "0.08")

        let after = RegtestWatching(node: node, store: store)
        #expect(await after.watcher.pollOnce())
        let events = await after.recorder.events
        let found = try #require(events.seen(mined.address).first)
        #expect(found.ref.txid == minedTxid && found.amount.units == 7_000_000)
        #expect(found.confirmations == 3 && found.blockHash == blocks.first)
        let waiting = try #require(events.seen(pending.address).first)
        #expect(waiting.ref.txid == pendingTxid && waiting.confirmations == 0)
        #expect(await after.watcher.cursor?.hash == blocks.last)
    }

    @Test func segwitAndTaprootOutputsAreMatchedByScriptBytes() async throws {
        let w = RegtestWatching(node: node)
        let segwit = WatchedScript(address: "bcrt1q-segwit-test", scriptPubKey: [0x00, 0x14] + (0..<20).map { UInt8($0 * 7) },
                                   asset: .btc)
        let taproot = WatchedScript(address: "bcrt1p-taproot-test",
                                    scriptPubKey: [0x51, 0x20] + (0..<32).map { UInt8(255 - $0 * 3) }, asset: .btc)
        try await w.watcher.watch(segwit)
        try await w.watcher.watch(taproot)
        await w.watcher.pollOnce()
        let segwitTxid = try await node.sendRaw(paying: segwit.scriptPubKey, amount: "0.0123")
        // An input sequence below 0xfffffffe signals replace-by-fee (BIP125); bit 31 turns BIP68 off so it is final.
        let taprootTxid = try await node.sendRaw(paying: taproot.scriptPubKey, amount: "1.00000001", sequence: 0x8000_0001)
        try await w.pollUntil("both seen") { !$0.seen(segwit.address).isEmpty && !$0.seen(taproot.address).isEmpty }
        let a = try #require(await w.recorder.seen(address: segwit.address).first)
        let b = try #require(await w.recorder.seen(address: taproot.address).first)
        #expect(a.ref.txid == segwitTxid && a.amount.units == 1_230_000 && !a.replaceable)
        #expect(b.ref.txid == taprootTxid && b.amount.units == 100_000_001 && b.replaceable)
        try await node.generate(1)
        try await w.pollUntil("both confirmed") {
            $0.confirmations(of: a.ref).last?.0 == 1 && $0.confirmations(of: b.ref).last?.0 == 1
        }
    }

    @Test func wrongPasswordIsReportedOfflineWithoutBlockingTheWatcher() async throws {
        // The node's 401 is an answer at once (FoundationNetworking used to stall on its challenge until the
        // deadline); the watcher reports the node offline and stays responsive.
        let backend = BitcoinRPCBackend(url: node.rpcURL, credentials: .userPassword(user: "till", password: "wrong"),
                                        timeoutSeconds: 1)
        let recorder = RegtestRecorder()
        let watcher = BitcoinNodeWatcher(backend: backend, sink: recorder, store: RegtestCursorStore())
        #expect(await watcher.pollOnce() == false)
        let reason = try #require(await watcher.offlineReason)
        #expect(reason.contains(backend.name))
        guard case .backendOffline(let recorded, _) = await recorder.events.first else {
            Issue.record("no offline event"); return
        }
        #expect(recorded == reason)
    }

    @Test func fallbackBackendAnswersWhenThePrimaryIsDown() async throws {
        let dead = BitcoinRPCBackend(url: URL(string: "http://127.0.0.1:1/")!,
                                     credentials: .userPassword(user: "x", password: "y"), timeoutSeconds: 2)
        let recorder = RegtestRecorder()
        let watcher = BitcoinNodeWatcher(backend: dead, fallback: node.rpc, sink: recorder, store: RegtestCursorStore())
        #expect(await watcher.pollOnce())
        #expect(await recorder.events == [.backendOnline])
        #expect(await watcher.cursor?.hash == (try await node.rpc.tip()).hash)
    }

    private func waitFor(_ w: RegtestWatching, _ what: String, seconds: Double = 60,
                         _ condition: @Sendable ([ChainEvent]) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while !condition(await w.recorder.events) {
            guard Date() < deadline else {
                Issue.record("timed out waiting for \(what); events: \(await w.recorder.events)")
                throw RegtestError("timed out waiting for \(what)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }
}
