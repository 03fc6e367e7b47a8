import Foundation
import TillChain
import TillCore

/// In-memory `ChainEventSink` for tests: keeps events in order and can be told to fail.
actor RegtestRecorder: ChainEventSink {
    private(set) var events: [ChainEvent] = []

    func record(_ event: ChainEvent) async throws { events.append(event) }

    /// Events after the first `count`.
    func events(after count: Int) -> [ChainEvent] { Array(events.dropFirst(count)) }

    /// The payment events about `ref`.
    func events(for ref: PaymentRef) -> [ChainEvent] {
        events.filter {
            switch $0 {
            case .paymentSeen(let observation): return observation.ref == ref
            case .confirmationsChanged(let r, _, _, _), .reorged(let r), .vanished(let r): return r == ref
            case .backendOnline, .backendOffline: return false
            }
        }
    }

    /// Observations of payments to `address`.
    func seen(address: String) -> [PaymentObservation] {
        events.compactMap { if case .paymentSeen(let o) = $0, o.address == address { return o }; return nil }
    }
}

/// In-memory `ChainCursorStore`; survives a watcher being thrown away, like the SQLite file would.
actor RegtestCursorStore: ChainCursorStore {
    private(set) var snapshot: ChainWatchSnapshot?
    private(set) var saves = 0

    func load() async throws -> ChainWatchSnapshot? { snapshot }
    func save(_ snapshot: ChainWatchSnapshot) async throws {
        self.snapshot = snapshot
        saves += 1
    }
}
