import TillHTTP
import BigInt

/// A block tag or number for `eth_getBlockByNumber`, `eth_getBalance`, `eth_call`.
public enum EthereumBlockTag: Sendable, Hashable {
    case latest, safe, finalized
    case number(Int)

    var json: JSONValue {
        switch self {
        case .latest: return .string("latest")
        case .safe: return .string("safe")
        case .finalized: return .string("finalized")
        case .number(let n): return .string(EthereumHex.quantityText(n))
        }
    }
}

/// A top-level transaction as `eth_getBlockByNumber(n, true)` lists it; addresses lower case.
public struct EthereumTransaction: Sendable, Hashable {
    public let hash: String
    public let from: String
    /// Nil for contract creation.
    public let to: String?
    /// Wei.
    public let value: BigUInt
}

/// A block header and, when asked for, its transactions.
public struct EthereumBlock: Sendable, Hashable {
    public let number: Int
    public let hash: String
    public let parentHash: String
    public let transactions: [EthereumTransaction]
}

/// An ERC-20 `Transfer` log; addresses lower case.
public struct EthereumTransferLog: Sendable, Hashable {
    /// The contract that emitted the log.
    public let contract: String
    public let from: String
    public let to: String
    /// Token base units (up to 2^256 − 1).
    public let amount: BigUInt
    public let transactionHash: String
    public let logIndex: Int
    public let blockNumber: Int
    public let blockHash: String
    /// The node says this log left the chain (reorg) since it was first reported.
    public let removed: Bool
}

/// The token facts read from the contract.
public struct EthereumTokenInfo: Sendable, Hashable {
    public let decimals: Int
    public let symbol: String

    public init(decimals: Int, symbol: String) {
        self.decimals = decimals
        self.symbol = symbol
    }
}
