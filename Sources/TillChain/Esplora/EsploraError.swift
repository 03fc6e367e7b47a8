import Foundation
import TillCore

/// Why an Esplora call failed; `message` names the backend and the endpoint (never the base URL's path,
/// which may hold an API key).
public enum EsploraError: Error, UserFacingError, Sendable, Equatable, CustomStringConvertible {
    /// HTTP 429: the backend asked Till to wait; no request is sent before `until`.
    case rateLimited(backend: String, until: Date)
    case serverError(endpoint: String, status: Int)
    /// HTTP 404 (unknown transaction, block height not reached).
    case notFound(endpoint: String, detail: String)
    case unexpectedStatus(endpoint: String, status: Int, detail: String)
    case timedOut(endpoint: String)
    case unreachable(endpoint: String, reason: String)
    /// Not the documented shape: bad JSON, a missing field, bad hex.
    case malformed(endpoint: String, reason: String)
    /// Till refused to send the request (an address or txid that cannot be one).
    case invalidArgument(String)
    /// The server's genesis block is not the configured network's: nothing it says may reach a sale.
    case wrongChain(backend: String, reason: String)

    public var message: String {
        switch self {
        case .rateLimited(let backend, let until):
            return "\(backend) is rate-limiting Till (HTTP 429); no request before \(RateError.timeText(until))"
        case .serverError(let endpoint, let status): return "\(endpoint): server error (HTTP \(status))"
        case .notFound(let endpoint, let detail): return "\(endpoint): not found (\(detail))"
        case .unexpectedStatus(let endpoint, let status, let detail): return "\(endpoint): HTTP \(status): \(detail)"
        case .timedOut(let endpoint): return "\(endpoint): no answer in time"
        case .unreachable(let endpoint, let reason): return "\(endpoint): cannot reach the server: \(reason)"
        case .malformed(let endpoint, let reason): return "\(endpoint): unreadable response: \(reason)"
        case .invalidArgument(let why): return why
        case .wrongChain(let backend, let reason): return "\(backend) is on the wrong network: \(reason)"
        }
    }

    public var description: String { message }
}
