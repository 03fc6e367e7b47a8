import Foundation

/// Identifies one payment on chain: a transaction output (UTXO chains) or a log/transfer index (EVM).
public struct PaymentRef: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let txid: String
    public let output: Int

    public init(txid: String, output: Int) {
        self.txid = txid
        self.output = output
    }

    public var description: String { "\(txid):\(output)" }
    public static func < (lhs: PaymentRef, rhs: PaymentRef) -> Bool { (lhs.txid, lhs.output) < (rhs.txid, rhs.output) }
}

/// Where a payment stands on chain.
public enum PaymentChainState: String, Hashable, Sendable, Codable {
    /// In the mempool (or re-entered it after a reorg).
    case unconfirmed
    /// In a block of the best chain.
    case confirmed
    /// Gone: double-spent, replaced, or evicted. It no longer counts.
    case vanished
}

/// A payment as the chain reported it, as the sale tracks it.
public struct Payment: Hashable, Sendable, Codable {
    public let ref: PaymentRef
    public let address: String
    public let amount: CoinAmount
    /// The transaction signals replace-by-fee (BIP125), so zero-confirmation acceptance never applies.
    public let replaceable: Bool
    public let firstSeen: Date
    /// Seen after the quote expired.
    public let late: Bool
    public var state: PaymentChainState
    public var confirmations: Int
    public var blockHeight: Int?
    public var blockHash: String?
    /// True once a reorg took this payment out of a block it had been in.
    public var wasReorged: Bool

    public init(ref: PaymentRef, address: String, amount: CoinAmount, replaceable: Bool, firstSeen: Date, late: Bool,
                state: PaymentChainState = .unconfirmed, confirmations: Int = 0, blockHeight: Int? = nil,
                blockHash: String? = nil, wasReorged: Bool = false) {
        self.ref = ref
        self.address = address
        self.amount = amount
        self.replaceable = replaceable
        self.firstSeen = firstSeen
        self.late = late
        self.state = state
        self.confirmations = confirmations
        self.blockHeight = blockHeight
        self.blockHash = blockHash
        self.wasReorged = wasReorged
    }

    /// Counts toward what was received (not vanished).
    public var counts: Bool { state != .vanished }
}

/// One observation of a payment, as a chain backend reports it.
public struct PaymentObservation: Hashable, Sendable, Codable {
    public let ref: PaymentRef
    public let address: String
    public let amount: CoinAmount
    public let replaceable: Bool
    public let confirmations: Int
    public let blockHeight: Int?
    public let blockHash: String?

    public init(ref: PaymentRef, address: String, amount: CoinAmount, replaceable: Bool, confirmations: Int = 0,
                blockHeight: Int? = nil, blockHash: String? = nil) {
        self.ref = ref
        self.address = address
        self.amount = amount
        self.replaceable = replaceable
        self.confirmations = confirmations
        self.blockHeight = blockHeight
        self.blockHash = blockHash
    }
}
