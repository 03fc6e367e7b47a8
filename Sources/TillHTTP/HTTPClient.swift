#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import NIOCore
import NIOSSL

/// Sends HTTP/1.1 requests over SwiftNIO, one connection per request, closed after the answer. Every request has an
/// idle timeout and a total deadline, a body cap, and a redirect to another origin (scheme, host, port) is refused
/// rather than followed. HTTPS verifies the server's certificate and name against the system's trust store.
///
/// Why not URLSession: on Linux it is FoundationNetworking on libcurl, which brought ~25 shared libraries and
/// 5.7 MiB of resident memory into every till (DECISIONS 62); NIO is already linked for PostgreSQL.
public struct HTTPClient: Sendable {
    /// Redirects followed within the origin before the request fails.
    static let maxRedirects = 10
    private let trust: HTTPTrust

    public init() { trust = .system }

    /// Also trusts the PEM certificates in the file at `additionalTrustRoots` (a test's own certificate authority).
    init(additionalTrustRoots path: String) { trust = .systemAnd(path) }

    /// Performs the request; any HTTP status is a response (a 401 too, at once), only transport failures throw:
    /// no connection, the deadline passed, a body over the cap, a refused redirect, a certificate not trusted.
    public func send(_ request: HTTPRequest) async throws(HTTPError) -> HTTPResponse {
        let idle = max(request.timeoutSeconds, 1)
        // One deadline for the whole exchange, redirects included.
        let deadline = NIODeadline.now() + .seconds(Int64(idle * HTTPRequest.deadlineFactor))
        var hop = HTTPHop(url: request.url, method: request.method, body: request.body)
        for _ in 0...Self.maxRedirects {
            let response: HTTPResponse
            do {
                let tls = hop.url.scheme?.lowercased() == "https" ? try trust.context() : nil
                response = try await HTTPExchange.perform(hop, headers: request.headers, tls: tls, idleSeconds: idle,
                                                          deadline: deadline, cap: max(request.maxResponseBytes, 0))
            } catch let failure as ExchangeFailure {
                throw HTTPFailure.mapped(failure, url: request.url)
            } catch {
                throw HTTPFailure.mapped(.transport(error), url: request.url)
            }
            guard let next = try Self.redirect(response, from: hop, origin: request.url) else { return response }
            hop = next
        }
        throw .failed(request.url, "more than \(Self.maxRedirects) redirects")
    }

    /// The next hop for a redirect within the origin; nil when the response is final (not a redirect, or one
    /// without a usable `Location`, which is then the answer as any other status is).
    static func redirect(_ response: HTTPResponse, from hop: HTTPHop, origin: URL) throws(HTTPError) -> HTTPHop? {
        guard [301, 302, 303, 307, 308].contains(response.status), let location = response.headers["location"],
              let target = URL(string: location, relativeTo: hop.url)?.absoluteURL else { return nil }
        // Our headers (an RPC password, an API key) are meant for the origin we were given, never another host.
        guard sameOrigin(origin, target) else {
            throw .failed(origin, "refused a redirect to another origin (\(HTTPError.hostText(target)))")
        }
        // 303, and 301/302 after a POST, continue as a GET without the body (as browsers and curl do); 307/308 repeat.
        let becomesGet = response.status == 303 || (response.status != 307 && response.status != 308 && hop.method == "POST")
        return HTTPHop(url: target, method: becomesGet ? "GET" : hop.method, body: becomesGet ? nil : hop.body)
    }

    /// Same scheme, host and port (the port the scheme implies when none is written).
    static func sameOrigin(_ a: URL, _ b: URL) -> Bool {
        func port(_ url: URL) -> Int? { url.port ?? (url.scheme?.lowercased() == "https" ? 443 : url.scheme?.lowercased() == "http" ? 80 : nil) }
        return a.scheme?.lowercased() == b.scheme?.lowercased() && a.host?.lowercased() == b.host?.lowercased() && port(a) == port(b)
    }
}

/// One request on the way to its answer: the original, or a redirect within its origin.
struct HTTPHop: Sendable {
    var url: URL
    var method: String
    var body: Data?
}

/// Which certificates HTTPS trusts.
enum HTTPTrust: Sendable {
    case system
    case systemAnd(String)

    func context() throws -> NIOSSLContext {
        switch self {
        case .system: return try systemTLSContext.get()
        case .systemAnd(let path):
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.additionalTrustRoots = [.file(path)]
            return try NIOSSLContext(configuration: configuration)
        }
    }
}

/// Made on the first HTTPS request and shared (reading the system trust store is not free); a till that never
/// speaks HTTPS never loads it.
private let systemTLSContext = Result { try NIOSSLContext(configuration: .makeClientConfiguration()) }
