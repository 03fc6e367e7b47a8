import BigInt
import Foundation
import TillCore

/// The best block a backend knows.
public struct ChainTip: Hashable, Sendable, Codable {
    public let height: Int
    public let hash: String

    public init(height: Int, hash: String) {
        self.height = height
        self.hash = hash
    }
}

/// A transaction output being spent: `txid:vout`.
public struct OutPoint: Hashable, Sendable, Codable {
    public let txid: String
    public let vout: Int

    public init(txid: String, vout: Int) {
        self.txid = txid
        self.vout = vout
    }
}

/// One output of a transaction: its index, script bytes and value in base units.
public struct ChainOutput: Hashable, Sendable {
    public let index: Int
    public let scriptPubKey: [UInt8]
    public let units: BigUInt

    public init(index: Int, scriptPubKey: [UInt8], units: BigUInt) {
        self.index = index
        self.scriptPubKey = scriptPubKey
        self.units = units
    }
}

/// A transaction as the watcher needs it: what it spends, what it pays, and whether it signals replace-by-fee.
public struct ChainTransaction: Hashable, Sendable {
    public let txid: String
    /// Outpoints spent (empty for a coinbase).
    public let inputs: [OutPoint]
    public let outputs: [ChainOutput]
    /// BIP125: some input has nSequence below 0xfffffffe.
    public let replaceable: Bool

    public init(txid: String, inputs: [OutPoint], outputs: [ChainOutput], replaceable: Bool) {
        self.txid = txid
        self.inputs = inputs
        self.outputs = outputs
        self.replaceable = replaceable
    }
}

/// A block with all its transactions.
public struct ChainBlock: Hashable, Sendable {
    public let hash: String
    public let height: Int
    /// Nil only for the genesis block.
    public let previousHash: String?
    public let transactions: [ChainTransaction]

    public init(hash: String, height: Int, previousHash: String?, transactions: [ChainTransaction]) {
        self.hash = hash
        self.height = height
        self.previousHash = previousHash
        self.transactions = transactions
    }
}

/// What the chain-polling actor needs from a backend (a node's RPC, or an Esplora server, which has the same
/// calls: tip, block hash at a height, block transactions, mempool txids, one transaction).
public protocol ChainBackend: Sendable {
    /// A short name for messages ("node 127.0.0.1:18443"); never contains credentials.
    var name: String { get }
    /// The best block.
    func tip() async throws(ChainBackendError) -> ChainTip
    /// The hash of the best-chain block at `height`.
    func blockHash(at height: Int) async throws(ChainBackendError) -> String
    /// The block with `hash` and its transactions.
    func block(hash: String) async throws(ChainBackendError) -> ChainBlock
    /// The txids in the mempool now.
    func mempoolTxids() async throws(ChainBackendError) -> [String]
    /// One transaction (mempool or chain), or nil when the backend does not know it.
    func transaction(txid: String) async throws(ChainBackendError) -> ChainTransaction?
    /// Many transactions at once, in order (a node batches them; the default asks one after another).
    func transactions(txids: [String]) async throws(ChainBackendError) -> [ChainTransaction?]
}

/// Why a backend call failed; `message` is for the person at the till.
public enum ChainBackendError: Error, UserFacingError, Hashable, Sendable, CustomStringConvertible {
    /// The server refused the credentials (HTTP 401).
    case authFailed(backend: String)
    /// No connection (refused, no route, DNS).
    case unreachable(backend: String, reason: String)
    /// No answer in time.
    case timedOut(backend: String)
    /// The server answered with an error of its own.
    case rpcError(backend: String, method: String, code: Int, message: String)
    /// An HTTP status the call does not expect.
    case httpStatus(backend: String, method: String, status: Int)
    /// The answer could not be understood.
    case garbage(backend: String, method: String, reason: String)
    /// The backend serves another chain than the coin's network; nothing from it may reach a sale.
    case wrongChain(backend: String, reason: String)

    public var message: String {
        switch self {
        case .authFailed(let backend):
            return "\(backend) refused the RPC user/password (HTTP 401): check rpc_user/rpc_password or the cookie file"
        case .unreachable(let backend, let reason): return "cannot reach \(backend): \(reason)"
        case .timedOut(let backend): return "\(backend) did not answer in time"
        case .rpcError(let backend, let method, let code, let message):
            return "\(backend) answered \(method) with error \(code): \(message)"
        case .httpStatus(let backend, let method, let status):
            return "\(backend) answered \(method) with HTTP status \(status)"
        case .garbage(let backend, let method, let reason):
            return "\(backend) sent an unreadable answer to \(method): \(reason)"
        case .wrongChain(let backend, let reason):
            return "\(backend) is on the wrong chain: \(reason); check the backend url and port"
        }
    }

    public var description: String { message }
}
