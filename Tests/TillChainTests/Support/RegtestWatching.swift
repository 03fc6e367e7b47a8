import Foundation
import Testing
import TillChain
import TillChainTestSupport
import TillCore

/// A watcher on the node with an in-memory sink and store, polled by hand for deterministic tests.
struct RegtestWatching {
    let watcher: BitcoinNodeWatcher
    let recorder: RegtestRecorder
    let store: RegtestCursorStore

    init(node: RegtestNode, store: RegtestCursorStore = RegtestCursorStore(),
         configuration: BitcoinNodeWatcher.Configuration = .init(pollInterval: .milliseconds(200), maxBackoff: .seconds(1))) {
        recorder = RegtestRecorder()
        self.store = store
        watcher = BitcoinNodeWatcher(backend: node.rpc, sink: recorder, store: store, configuration: configuration)
    }

    /// Polls until `condition` holds over the recorded events (at most `seconds`).
    func pollUntil(seconds: Double = 60, _ what: String,
                   _ condition: @Sendable ([ChainEvent]) -> Bool) async throws {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            await watcher.pollOnce()
            if condition(await recorder.events) { return }
            guard Date() < deadline else {
                Issue.record("timed out waiting for \(what); events: \(await recorder.events)")
                throw RegtestError("timed out waiting for \(what)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
    }
}

extension [ChainEvent] {
    func seen(_ address: String) -> [PaymentObservation] {
        compactMap { if case .paymentSeen(let o) = $0, o.address == address { return o }; return nil }
    }

    func confirmations(of ref: PaymentRef) -> [(Int, Int?, String?)] {
        compactMap {
            if case .confirmationsChanged(let r, let c, let h, let hash) = $0, r == ref { return (c, h, hash) }
            return nil
        }
    }

    func contains(reorged ref: PaymentRef) -> Bool { contains(.reorged(ref)) }
    func contains(vanished ref: PaymentRef) -> Bool { contains(.vanished(ref)) }
}
