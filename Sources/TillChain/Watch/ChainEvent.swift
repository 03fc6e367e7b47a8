import Foundation
import TillCore

/// What the chain-polling actor reports to the state machine (after it was recorded).
public enum ChainEvent: Hashable, Sendable {
    /// A watched script was paid (first sighting, mempool or block).
    case paymentSeen(PaymentObservation)
    /// Confirmations of a payment changed (0 with nil height/hash: back in the mempool).
    case confirmationsChanged(PaymentRef, confirmations: Int, height: Int?, hash: String?)
    /// The block holding the payment left the best chain.
    case reorged(PaymentRef)
    /// The payment is gone: double-spent, replaced, or dropped from the mempool and not mined.
    case vanished(PaymentRef)
    /// The backend answers again (also after the first successful poll).
    case backendOnline
    /// The backend has failed since `since`; `reason` is for people.
    case backendOffline(reason: String, since: Date)
}

/// Records an event durably, then dispatches it; the watcher treats a throw as "not recorded" and retries.
public protocol ChainEventSink: Sendable {
    func record(_ event: ChainEvent) async throws
}

/// A script the watcher looks for in every new transaction.
public struct WatchedScript: Hashable, Sendable, Codable {
    public let address: String
    public let scriptPubKey: [UInt8]
    public let asset: Asset

    public init(address: String, scriptPubKey: [UInt8], asset: Asset) {
        self.address = address
        self.scriptPubKey = scriptPubKey
        self.asset = asset
    }
}

/// A payment the watcher follows, with what it needs to notice a conflict.
public struct TrackedPayment: Hashable, Sendable, Codable {
    public var observation: PaymentObservation
    public var state: PaymentChainState
    /// Outpoints the paying transaction spends; another transaction spending one of them replaces it.
    public var inputs: [OutPoint]
    public var confirmations: Int
    public var blockHeight: Int?
    public var blockHash: String?

    public init(observation: PaymentObservation, state: PaymentChainState, inputs: [OutPoint], confirmations: Int,
                blockHeight: Int?, blockHash: String?) {
        self.observation = observation
        self.state = state
        self.inputs = inputs
        self.confirmations = confirmations
        self.blockHeight = blockHeight
        self.blockHash = blockHash
    }

    public var ref: PaymentRef { observation.ref }
}

/// Everything the watcher needs to resume after a restart.
public struct ChainWatchSnapshot: Hashable, Sendable, Codable {
    /// The last block fully processed; nil before the first poll.
    public var cursor: ChainTip?
    /// Hashes of recently processed heights, to find the fork point of a reorg.
    public var recentHashes: [Int: String]
    public var watched: [WatchedScript]
    public var payments: [TrackedPayment]

    public init(cursor: ChainTip? = nil, recentHashes: [Int: String] = [:], watched: [WatchedScript] = [],
                payments: [TrackedPayment] = []) {
        self.cursor = cursor
        self.recentHashes = recentHashes
        self.watched = watched
        self.payments = payments
    }
}

/// Loads and saves the watcher's progress (the app writes it to SQLite).
public protocol ChainCursorStore: Sendable {
    func load() async throws -> ChainWatchSnapshot?
    func save(_ snapshot: ChainWatchSnapshot) async throws
}
