import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
import TillCore
#endif

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
        "\(url.scheme ?? "http")://\(url.host ?? "?")" + (url.port.map { ":\($0)" } ?? "")
    }
}

/// Sends HTTP requests; one shared URLSession without caches or cookies. Every request has a total deadline and a
/// body cap, and a redirect to another origin (scheme, host, port) is refused rather than followed.
public struct HTTPClient: Sendable {
    private let session: URLSession
    private let delegate = HTTPSessionDelegate()

    public init() {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.requestCachePolicy = .reloadIgnoringLocalCacheData
        configuration.urlCache = nil
        configuration.urlCredentialStorage = nil
        session = URLSession(configuration: configuration, delegate: delegate, delegateQueue: nil)
    }

    /// Performs the request; any HTTP status is a response (a 401 too, at once), only transport failures throw:
    /// no connection, the deadline passed, a body over the cap, a refused redirect.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        var urlRequest = URLRequest(url: request.url)
        urlRequest.httpMethod = request.method
        urlRequest.httpBody = request.body
        urlRequest.timeoutInterval = TimeInterval(max(request.timeoutSeconds, 1))
        for (name, value) in request.headers { urlRequest.setValue(value, forHTTPHeaderField: name) }
        let completion = TaskCompletion()
        let task = session.dataTask(with: urlRequest)
        delegate.register(task, cap: max(request.maxResponseBytes, 0), completion: completion)
        // On a Dispatch timer, not a Swift task: the deadline must fire even when the cooperative pool (two threads
        // on a two-core till) is busy.
        let delegate = self.delegate
        let deadline = DispatchWorkItem { delegate.end(task, .deadline) }
        DispatchQueue.global().asyncAfter(deadline: .now() + .seconds(max(request.timeoutSeconds, 1) * HTTPRequest.deadlineFactor),
                                          execute: deadline)
        defer { deadline.cancel() }
        let outcome = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                completion.wait(continuation)
                task.resume()
            }
        } onCancel: {
            task.cancel()
        }
        switch outcome.ending {
        case .refused(let response): return response
        case .deadline: throw .timedOut(request.url)
        case .tooLarge(let cap): throw .failed(request.url, "the answer is larger than \(cap) bytes")
        case .redirectRefused(let target): throw .failed(request.url, "refused a redirect to another origin (\(target))")
        case nil: break
        }
        if let error = outcome.error { throw Self.mapped(error, url: request.url) }
        guard let http = outcome.response as? HTTPURLResponse else { throw .failed(request.url, "not an HTTP response") }
        return HTTPResponse(status: http.statusCode, headers: HTTPResponse.lowercased(http.allHeaderFields), body: outcome.body)
    }

    /// Same scheme, host and port (the port the scheme implies when none is written).
    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func port(_ url: URL) -> Int? { url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil) }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased() && port(a) == port(b)
    }

    private static func mapped(_ error: any Error, url: URL) -> HTTPError {
        guard let error = error as? URLError else { return .failed(url, String(describing: error)) }
        switch error.code {
        case .timedOut: return .timedOut(url)
        case .cannotConnectToHost, .cannotFindHost, .networkConnectionLost, .notConnectedToInternet, .dnsLookupFailed:
            return .unreachable(url, error.localizedDescription)
        default: return .failed(url, error.localizedDescription)
        }
    }
}
