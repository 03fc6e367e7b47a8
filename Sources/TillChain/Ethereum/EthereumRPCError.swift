import Foundation
import TillCore

/// Why an Ethereum JSON-RPC exchange failed; `message` names the endpoint (scheme, host, port only: RPC URLs
/// often carry API keys) and the method.
public enum EthereumRPCError: Error, UserFacingError, Sendable, Equatable, CustomStringConvertible {
    /// The node answered with a JSON-RPC error object.
    case rpc(endpoint: String, method: String, code: Int, message: String)
    /// The HTTP status was not 200 (e.g. 503 while a provider is down, 429 when rate-limited).
    case httpStatus(endpoint: String, status: Int)
    case timedOut(endpoint: String)
    case unreachable(endpoint: String, reason: String)
    /// Not JSON-RPC: bad JSON, a missing field, bad hex, an answer without our id.
    case malformed(endpoint: String, method: String, reason: String)
    /// The node serves another chain than the configured one.
    case wrongChain(endpoint: String, expected: UInt64, actual: UInt64)
    /// The token contract's `decimals()`/`symbol()` disagree with the config.
    case tokenMismatch(contract: String, field: String, configured: String, onChain: String)
    /// Till refused to send the request (not an address, not a hash).
    case invalidArgument(String)

    public var message: String {
        switch self {
        case .rpc(let endpoint, let method, let code, let message):
            return "\(endpoint): \(method) failed with JSON-RPC error \(code): \(message)"
        case .httpStatus(let endpoint, let status): return "\(endpoint): HTTP \(status) instead of a JSON-RPC answer"
        case .timedOut(let endpoint): return "\(endpoint): no answer in time"
        case .unreachable(let endpoint, let reason): return "\(endpoint): cannot reach the node: \(reason)"
        case .malformed(let endpoint, let method, let reason): return "\(endpoint): unreadable \(method) answer: \(reason)"
        case .wrongChain(let endpoint, let expected, let actual):
            return "\(endpoint) serves chain id \(actual), but the config expects chain id \(expected): check rpc_url and chain_id"
        case .tokenMismatch(let contract, let field, let configured, let onChain):
            return "token \(contract): the config says \(field) = \(configured), but the contract's \(field)() returns \(onChain); refusing this token"
        case .invalidArgument(let why): return why
        }
    }

    public var description: String { message }
}
