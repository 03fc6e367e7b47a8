import Foundation
import TillCore

/// Why a rate could not be had from a source or from the book; `message` is for the screen and the log.
public enum RateError: Error, UserFacingError, Sendable, Equatable, CustomStringConvertible {
    /// HTTP 429: the source asked Till to wait until `until`; no request is sent before then.
    case rateLimited(source: String, until: Date)
    /// HTTP 5xx from the source.
    case serverError(source: String, status: Int)
    /// Any other non-success status, with a short excerpt of the body.
    case unexpectedStatus(source: String, status: Int, detail: String)
    case timedOut(source: String)
    case unreachable(source: String, reason: String)
    /// The body is not JSON, or not the documented shape.
    case malformed(source: String, reason: String)
    /// The source does not quote this pair.
    case missingPair(source: String, pair: RatePair, detail: String)
    /// Zero, negative or unreadable price text.
    case badPrice(source: String, pair: RatePair, text: String)
    /// The source answered with an error of its own (Kraken's `error` array).
    case sourceError(source: String, detail: String)
    /// The best rate known is older than the allowed age.
    case stale(pair: RatePair, source: String, ageSeconds: Int, maxAgeSeconds: Int)
    /// No source gave a usable rate; each reason says why.
    case noRate(pair: RatePair, reasons: [String])

    public var message: String {
        switch self {
        case .rateLimited(let source, let until):
            return "\(source) is rate-limiting Till (HTTP 429); no request before \(RateError.timeText(until))"
        case .serverError(let source, let status): return "\(source) has a server error (HTTP \(status))"
        case .unexpectedStatus(let source, let status, let detail): return "\(source) answered HTTP \(status): \(detail)"
        case .timedOut(let source): return "\(source) did not answer in time"
        case .unreachable(let source, let reason): return "cannot reach \(source): \(reason)"
        case .malformed(let source, let reason): return "\(source) sent a response Till cannot read: \(reason)"
        case .missingPair(let source, let pair, let detail): return "\(source) has no price for \(pair): \(detail)"
        case .badPrice(let source, let pair, let text):
            return "\(source) gave an unusable price for \(pair): \"\(text)\" (expected a decimal number above zero)"
        case .sourceError(let source, let detail): return "\(source) reported an error: \(detail)"
        case .stale(let pair, let source, let age, let maxAge):
            return "the \(pair) rate from \(source) is \(age) s old (max \(maxAge) s)"
        case .noRate(let pair, let reasons):
            return "no usable \(pair) rate" + (reasons.isEmpty ? " (no source configured)" : ": " + reasons.joined(separator: "; "))
        }
    }

    public var description: String { message }

    /// UTC time of day with date, e.g. "2026-11-25 12:00:30 UTC"; no locale, so logs and tests are stable.
    static func timeText(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { n.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "??" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) UTC"
    }
}
