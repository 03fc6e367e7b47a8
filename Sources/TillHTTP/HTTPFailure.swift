#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
#if canImport(Glibc)
import Glibc
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import NIOSSL

/// Words an exchange's failure for the cashier and the log: what went wrong, never the URL's path, query or
/// credentials (only `HTTPError.hostText` names where).
enum HTTPFailure {
    static func mapped(_ failure: ExchangeFailure, url: URL) -> HTTPError {
        switch failure {
        case .idle, .deadline: return .timedOut(url)
        case .tooLarge(let cap): return .failed(url, "the answer is larger than \(cap) bytes")
        case .closedEarly: return .failed(url, "the connection closed before the answer was complete")
        case .cancelled: return .failed(url, "cancelled")
        case .unsupported(let why): return .failed(url, why)
        case .transport(let error): return transport(error, url: url)
        }
    }

    private static func transport(_ error: any Error, url: URL) -> HTTPError {
        switch error {
        case ChannelError.connectTimeout: return .timedOut(url)
        case let error as NIOConnectionError:
            guard let first = error.connectionErrors.first else { return .unreachable(url, "cannot find the host") }
            return .unreachable(url, reason(first.error))
        case let error as IOError where [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH].contains(error.errnoCode):
            return .unreachable(url, reason(error))
        case let error as HTTPParserError:
            if case .invalidEOFState = error { return .failed(url, "the connection closed before the answer was complete") }
            return .failed(url, "not a valid HTTP answer (\(error))")
        case let error as NIOSSLExtraError where error == .failedToValidateHostname:
            return .failed(url, "the server's TLS certificate is not for this host")
        case NIOSSLError.uncleanShutdown: return .failed(url, "the connection closed before the answer was complete")
        case let NIOSSLError.handshakeFailed(why):
            if "\(why)".contains("CERTIFICATE_VERIFY_FAILED") { return .failed(url, "the server's TLS certificate is not trusted") }
            return .failed(url, "TLS handshake failed (\(why))")
        default: return .failed(url, reason(error))
        }
    }

    /// A short reason: the system's words for a socket error, else the error's own description.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? IOError {
            switch error.errnoCode {
            case ECONNREFUSED: return "connection refused"
            case ECONNRESET: return "the connection was reset"
            default: return String(cString: strerror(error.errnoCode)).lowercased()
            }
        }
        if case ChannelError.connectTimeout = error { return "no connection in time" }
        return String(describing: error)
    }
}
