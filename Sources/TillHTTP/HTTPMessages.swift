#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import TillCore

/// A plain HTTP request; the body is bytes, headers are set as given.
public struct HTTPRequest: Sendable {
    public var url: URL
    public var method: String
    public var headers: [String: String]
    public var body: Data?
    /// Seconds without a byte before the request is abandoned; the whole exchange has a total deadline of
    /// `deadlineFactor` times this (a server dripping one byte a second is cut there too).
    public var timeoutSeconds: Int
    /// The total deadline is this many times `timeoutSeconds`: slack for a loaded two-core till, yet a drip-feed
    /// that held a request for 97 s is cut at 30 s with the default 10 s.
    public static let deadlineFactor = 3
    /// The largest body accepted; a longer one fails the request as soon as it passes this.
    public var maxResponseBytes: Int

    /// Bodies above this are refused unless a request asks for more (JSON answers are far smaller).
    public static let defaultMaxResponseBytes = 16 * 1024 * 1024

    public init(url: URL, method: String = "GET", headers: [String: String] = [:], body: Data? = nil, timeoutSeconds: Int = 10,
                maxResponseBytes: Int = HTTPRequest.defaultMaxResponseBytes) {
        self.url = url
        self.method = method
        self.headers = headers
        self.body = body
        self.timeoutSeconds = timeoutSeconds
        self.maxResponseBytes = maxResponseBytes
    }

    /// Adds an HTTP basic `Authorization` header (RPC user and password).
    public mutating func setBasicAuth(user: String, password: String) {
        headers["Authorization"] = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }
}

/// A response: status, headers (names lower-cased) and body.
public struct HTTPResponse: Sendable {
    public let status: Int
    public let headers: [String: String]
    public let body: Data

    public init(status: Int, headers: [String: String], body: Data) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// Why an HTTP exchange failed before a response arrived.
public enum HTTPError: Error, UserFacingError, Sendable, Equatable, CustomStringConvertible {
    case timedOut(URL)
    case unreachable(URL, String)
    case failed(URL, String)

    public var message: String {
        switch self {
        case .timedOut(let url): return "no answer from \(HTTPError.hostText(url)) in time"
        case .unreachable(let url, let why): return "cannot reach \(HTTPError.hostText(url)): \(why)"
        case .failed(let url, let why): return "request to \(HTTPError.hostText(url)) failed: \(why)"
        }
    }

    public var description: String { message }

    /// Scheme, host and port only: URLs may carry credentials or API keys, which must never be logged.
    public static func hostText(_ url: URL) -> String {
        let host = url.host ?? "?"
        let shown = host.contains(":") && !host.hasPrefix("[") ? "[\(host)]" : host
        return "\(url.scheme ?? "http")://\(shown)" + (url.port.map { ":\($0)" } ?? "")
    }
}
