import Foundation
import TillHTTP
import TillCore

/// What the HTTP rate sources share: one throttled GET, status checks, JSON and price parsing.
struct RateFetching: Sendable {
    let source: String
    let http: ThrottledHTTP
    let timeoutSeconds: Int

    /// GETs `url` and returns the JSON body of a 2xx answer; every other outcome is a typed `RateError`.
    /// `onStatus` may turn a documented error status (Coinbase's 404) into a better error first.
    func json(_ url: URL, headers: [String: String] = [:], now: Date,
              onStatus: (HTTPResponse) -> RateError? = { _ in nil }) async throws(RateError) -> JSONValue {
        let response: HTTPResponse
        do {
            response = try await http.get(url, headers: headers, timeoutSeconds: timeoutSeconds, now: now)
        } catch {
            switch error {
            case .rateLimited(let until): throw .rateLimited(source: source, until: until)
            case .timedOut: throw .timedOut(source: source)
            case .unreachable(let why): throw .unreachable(source: source, reason: why)
            case .failed(let why): throw .unreachable(source: source, reason: why)
            }
        }
        guard (200..<300).contains(response.status) else {
            if let special = onStatus(response) { throw special }
            if response.status >= 500 { throw .serverError(source: source, status: response.status) }
            throw .unexpectedStatus(source: source, status: response.status, detail: response.excerpt)
        }
        return try parse(response.body)
    }

    func parse(_ body: Data) throws(RateError) -> JSONValue {
        do { return try JSONParser.parse(Array(body)) } catch {
            throw .malformed(source: source, reason: error.message)
        }
    }

    /// A price given as a JSON string ("64123.40000") or number (64123.4, 1.2e-05), read exactly; must be > 0.
    func price(_ value: JSONValue?, pair: RatePair, field: String) throws(RateError) -> DecimalNumber {
        guard let value else { throw .malformed(source: source, reason: "\(field) is missing") }
        let text: String
        switch value {
        case .string(let s): text = s
        case .number(let n): text = n
        default: throw .malformed(source: source, reason: "\(field) is \(value.text), expected a price")
        }
        guard let (negative, number) = ExactDecimal.parseJSONNumber(text.trimmingCharacters(in: .whitespaces)),
              !negative, !number.isZero
        else { throw .badPrice(source: source, pair: pair, text: text) }
        return ExactDecimal.normalized(number)
    }

    /// `base` + path components + query, built without string pasting so values are percent-encoded.
    static func url(_ base: URL, path: [String], query: [(String, String)] = []) -> URL {
        var url = base
        for component in path { url = url.appendingPathComponent(component) }
        guard !query.isEmpty, var components = URLComponents(url: url, resolvingAgainstBaseURL: false) else { return url }
        components.queryItems = query.map { URLQueryItem(name: $0.0, value: $0.1) }
        return components.url ?? url
    }
}
