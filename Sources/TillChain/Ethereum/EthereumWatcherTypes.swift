import Foundation
import TillCore

/// What an `EthereumWatcher` reports. (The lead will unify this with the Bitcoin watcher's events.)
public enum EthereumEvent: Sendable, Hashable {
    /// A payment seen in a block, or its confirmations grew. `final` once it has the configured
    /// confirmations (or its block is at or below the `finalized` tag when that mode is on).
    case observed(PaymentObservation, final: Bool)
    /// A payment reported before is no longer in the best chain (its block hash changed or the log was removed).
    case reorged(PaymentRef, address: String)
    /// A reorged payment cannot come back: its transaction is unknown to the node for a few ticks, was mined again
    /// but failed, or its sender's nonce was used by another mined transaction (a double spend); an internal
    /// transfer (ref = block hash, −1) vanishes with its block.
    case vanished(PaymentRef, address: String)
    /// Another asset than the address's sale expects arrived there (ETH on a USDC sale, another configured token):
    /// for the record and the manager, never a payment. Reported when its scan range is read (again after a rescan).
    case wrongAsset(PaymentObservation)
    /// The node answers again after an outage (also the first successful tick).
    case online
    /// The node cannot be used: unreachable, garbage, JSON-RPC errors, wrong chain.
    case offline(reason: String, since: Date)
}

/// Receives events; the watcher calls it before it advances its cursor, so a crash never loses an event.
public protocol EthereumEventSink: Sendable {
    /// Stores or forwards `events`; throwing makes the watcher redo the tick later.
    func deliver(_ events: [EthereumEvent]) async throws
}

/// The last block a watcher has scanned.
public struct EthereumCursor: Sendable, Hashable, Codable {
    public let blockNumber: Int
    public let blockHash: String

    public init(blockNumber: Int, blockHash: String) {
        self.blockNumber = blockNumber
        self.blockHash = blockHash
    }
}

/// Keeps the cursor across restarts, so blocks mined while Till was down are scanned when it comes back.
public protocol EthereumCursorStore: Sendable {
    func loadCursor() async throws -> EthereumCursor?
    func saveCursor(_ cursor: EthereumCursor) async throws
}

/// How a watcher behaves.
public struct EthereumWatcherSettings: Sendable {
    /// The chain id the node must serve.
    public var chainID: UInt64
    /// Confirmations for `final` (head − block + 1).
    public var confirmations: Int
    /// Use the node's `finalized` tag instead of counting confirmations.
    public var useFinalized: Bool
    /// Pause between ticks while online.
    public var pollInterval: Duration
    /// First pause after a failure; doubles per failure up to `maxBackoff`.
    public var initialBackoff: Duration
    public var maxBackoff: Duration
    /// Where scanning starts without a stored cursor; nil = the current head.
    public var startBlock: Int?
    /// Ticks in a row a reorged payment's transaction may be unknown to the node before it counts as vanished;
    /// more than one because a node may answer before it re-added the transactions of abandoned blocks to its pool.
    public var vanishAfterMissingPolls: Int

    public init(chainID: UInt64, confirmations: Int = 12, useFinalized: Bool = false, pollInterval: Duration = .seconds(4),
                initialBackoff: Duration = .seconds(2), maxBackoff: Duration = .seconds(60), startBlock: Int? = nil,
                vanishAfterMissingPolls: Int = 2) {
        self.chainID = chainID
        self.confirmations = max(1, confirmations)
        self.useFinalized = useFinalized
        self.pollInterval = pollInterval
        self.initialBackoff = initialBackoff
        self.maxBackoff = maxBackoff
        self.startBlock = startBlock
        self.vanishAfterMissingPolls = max(1, vanishAfterMissingPolls)
    }
}

/// A payment the watcher has reported and keeps re-checking (confirmations, reorgs) while its address is watched.
struct EthereumTrackedPayment: Sendable {
    let ref: PaymentRef
    let address: String
    let amount: CoinAmount
    let blockNumber: Int
    let blockHash: String
    var confirmations: Int
    var final: Bool
}

/// A reported payment whose block left the chain and that the scan has not found again. Followed until its
/// transaction is mined again (the scan reports it) or cannot be any more (then it vanished).
struct EthereumOrphan: Sendable, Hashable {
    let ref: PaymentRef
    let address: String
    /// Ticks in a row the node did not know the transaction.
    var unknownTicks = 0
}
