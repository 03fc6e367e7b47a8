import Foundation

/// When to try a failed delivery again: exponential backoff with jitter, giving up after `maxAge`.
public struct RetrySchedule: Sendable, Hashable {
    /// Delay after the first failure (seconds).
    public var baseDelay: TimeInterval
    /// No single wait is longer than this (seconds).
    public var maxDelay: TimeInterval
    /// Retries stop once the next attempt would be later than this after the retry window opened (seconds).
    public var maxAge: TimeInterval
    /// Each delay is scaled by a factor in [1 − jitter, 1 + jitter) so many tills do not retry in step.
    public var jitter: Double

    public init(baseDelay: TimeInterval = 30, maxDelay: TimeInterval = 6 * 3600, maxAge: TimeInterval = 3 * 86_400,
                jitter: Double = 0.2) {
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxAge = maxAge
        self.jitter = jitter
    }

    /// 30 s, 1 min, 2 min, … doubling up to 6 h, ±20 %, for up to 3 days.
    public static let standard = RetrySchedule()

    /// The wait after `failures` failed attempts (1 = the first), given a random `unit` in [0, 1).
    public func delay(afterFailures failures: Int, unit: Double) -> TimeInterval {
        let exponent = min(max(failures - 1, 0), 40)
        let plain = min(baseDelay * pow(2, Double(exponent)), maxDelay)
        return plain * (1 - jitter + 2 * jitter * min(max(unit, 0), 1))
    }

    /// The next attempt after a failure at `time`, or nil when the window starting at `retryFrom` is used up.
    public func nextAttempt(afterFailures failures: Int, at time: Date, retryFrom: Date, unit: Double) -> Date? {
        let next = time.addingTimeInterval(delay(afterFailures: failures, unit: unit))
        return next.timeIntervalSince(retryFrom) <= maxAge ? next : nil
    }
}
