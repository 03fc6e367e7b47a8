import Foundation
import TillHTTP

/// Why a throttled GET produced no response worth reading.
enum ThrottledFailure: Error, Sendable {
    /// HTTP 429 now or earlier: nothing is sent before `until`.
    case rateLimited(until: Date)
    case timedOut
    case unreachable(String)
    case failed(String)
}

/// An HTTP GETter for one remote service that honours HTTP 429 + `Retry-After`: after a 429 it refuses to
/// send anything to that service until the given time, so Till never hammers a source that asked it to wait.
/// Shared by the rate sources and the Esplora client. Time comes in as `now`; nothing here reads a clock.
actor ThrottledHTTP {
    private let client: HTTPClient
    /// Used when a 429 carries no readable `Retry-After`.
    private let defaultBackoff: TimeInterval
    /// A wrong `Retry-After` (days) must not silence a source for longer than this.
    static let maxBackoff: TimeInterval = 3600
    private(set) var blockedUntil: Date?

    init(client: HTTPClient = HTTPClient(), defaultBackoff: TimeInterval = 60) {
        self.client = client
        self.defaultBackoff = defaultBackoff
    }

    /// Sends a GET unless the service asked to wait; a 429 answer blocks further calls and throws.
    func get(_ url: URL, headers: [String: String] = [:], timeoutSeconds: Int, now: Date) async throws(ThrottledFailure) -> HTTPResponse {
        if let blockedUntil, now < blockedUntil { throw .rateLimited(until: blockedUntil) }
        let response: HTTPResponse
        do {
            response = try await client.send(HTTPRequest(url: url, headers: headers, timeoutSeconds: timeoutSeconds))
        } catch {
            switch error {
            case .timedOut: throw .timedOut
            case .unreachable(_, let why): throw .unreachable(why)
            case .failed(_, let why): throw .failed(why)
            }
        }
        if response.status == 429 {
            let until = ThrottledHTTP.retryTime(response.headers["retry-after"], now: now, fallback: defaultBackoff)
            block(until: until)
            throw .rateLimited(until: until)
        }
        return response
    }

    /// Refuses calls until `until` (also used when a source signals a rate limit inside a 200 body).
    func block(until: Date) {
        if let blockedUntil, blockedUntil > until { return }
        blockedUntil = until
    }

    /// Blocks for the default backoff from `now`; returns the time calls resume.
    func blockForDefault(now: Date) -> Date {
        let until = now.addingTimeInterval(defaultBackoff)
        block(until: until)
        return blockedUntil ?? until
    }

    /// `Retry-After` is either delay-seconds or an HTTP-date (RFC 9110 §10.2.3); anything else gets `fallback`.
    static func retryTime(_ header: String?, now: Date, fallback: TimeInterval) -> Date {
        guard let header = header?.trimmingCharacters(in: .whitespaces), !header.isEmpty else {
            return now.addingTimeInterval(fallback)
        }
        if let seconds = Int(header), seconds >= 0 { return now.addingTimeInterval(min(TimeInterval(seconds), maxBackoff)) }
        if let date = httpDate(header) {
            return min(max(date, now), now.addingTimeInterval(maxBackoff))
        }
        return now.addingTimeInterval(fallback)
    }

    /// Parses the IMF-fixdate form ("Wed, 21 Oct 2015 07:28:00 GMT").
    static func httpDate(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss 'GMT'"
        return formatter.date(from: text)
    }
}

extension HTTPResponse {
    /// The first line of the body, at most 120 characters, for error messages.
    var excerpt: String {
        let line = bodyText.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty { return "(empty body)" }
        return trimmed.count > 120 ? String(trimmed.prefix(120)) + "…" : trimmed
    }
}
