import BigInt
import Foundation
import TillHTTP
import TillCore

/// Limits a rate must meet to be used.
public struct RatePolicy: Sendable, Hashable {
    /// A rate observed longer ago than this is refused (default 60 s).
    public var maxAgeSeconds: Int
    /// A source further than this from the median of all sources is dropped (default 2 %).
    public var maxDeviationPercent: DecimalNumber

    /// 2 %: exchanges normally agree within a fraction of a percent, so more means a broken or stale feed.
    public static let defaultMaxDeviationPercent = DecimalNumber(digits: 2, scale: 0)

    public init(maxAgeSeconds: Int = 60, maxDeviationPercent: DecimalNumber = RatePolicy.defaultMaxDeviationPercent) {
        self.maxAgeSeconds = maxAgeSeconds
        self.maxDeviationPercent = maxDeviationPercent
    }
}

/// A source left out of a rate, and why (shown on screen).
public struct DroppedSource: Sendable, Hashable {
    public let source: String
    public let reason: String

    public init(source: String, reason: String) {
        self.source = source
        self.reason = reason
    }
}

/// The result of asking every source for one pair.
public struct RateRefresh: Sendable, Hashable {
    public let pair: RatePair
    /// The combined rate, or nil when no source was usable.
    public let rate: ExchangeRate?
    /// Sources the rate was computed from.
    public let used: [String]
    public let dropped: [DroppedSource]
    /// When the refresh ran.
    public let time: Date

    /// Every reason a source was left out, in source order.
    public var reasons: [String] { dropped.map(\.reason) }
}

/// One source's answer.
public struct SourceOutcome: Sendable {
    public let source: String
    public let result: Result<ExchangeRate, RateError>

    public init(source: String, result: Result<ExchangeRate, RateError>) {
        self.source = source
        self.result = result
    }
}

/// Pure rule for turning several sources' answers into one rate: drop failures and stale rates, drop
/// outliers, take the median. No I/O and no clock, so it is tested with plain values.
public enum RateCombiner {
    public static func combine(_ pair: RatePair, outcomes: [SourceOutcome], now: Date, policy: RatePolicy) -> RateRefresh {
        var dropped: [DroppedSource] = []
        var fresh: [ExchangeRate] = []
        for outcome in outcomes {
            switch outcome.result {
            case .failure(let error):
                dropped.append(DroppedSource(source: outcome.source, reason: error.message))
            case .success(let rate):
                let age = Int(now.timeIntervalSince(rate.time).rounded(.down))
                if age > policy.maxAgeSeconds {
                    let stale = RateError.stale(pair: pair, source: outcome.source, ageSeconds: age, maxAgeSeconds: policy.maxAgeSeconds)
                    dropped.append(DroppedSource(source: outcome.source, reason: stale.message))
                } else {
                    fresh.append(rate)
                }
            }
        }
        let (kept, outliers) = removingOutliers(fresh, percent: policy.maxDeviationPercent)
        dropped += outliers
        guard let price = ExactDecimal.median(kept.map(\.price)), let oldest = kept.map(\.time).min() else {
            return RateRefresh(pair: pair, rate: nil, used: [], dropped: dropped, time: now)
        }
        let names = kept.map(\.source)
        let source = names.count == 1 ? names[0] : "median of " + names.joined(separator: ", ")
        // The combined rate is only as recent as its oldest part.
        let rate = ExchangeRate(asset: pair.asset, currency: pair.currency, price: price, source: source, time: oldest)
        return RateRefresh(pair: pair, rate: rate, used: names, dropped: dropped, time: now)
    }

    /// With three or more rates, each is compared with the median of all of them. (Comparing with the median of
    /// the *others* fails for three: a good source's "others" are one good and one bad rate, whose mean is off
    /// too, so one outlier would drop two good sources.) With two, neither can be called the outlier, so a
    /// disagreement drops both: better no rate than a wrong one.
    static func removingOutliers(_ rates: [ExchangeRate], percent: DecimalNumber) -> ([ExchangeRate], [DroppedSource]) {
        let limit = "max \(percent)%"
        if rates.count == 2 {
            let (a, b) = (rates[0], rates[1])
            guard ExactDecimal.deviates(a.price, from: b.price, byMoreThan: percent)
                    || ExactDecimal.deviates(b.price, from: a.price, byMoreThan: percent) else { return (rates, []) }
            let (low, high) = ExactDecimal.isLess(a.price, b.price) ? (a.price, b.price) : (b.price, a.price)
            let spread = ExactDecimal.percentText(high, from: low)
            let reason = "\(a.source) (\(a.price)) and \(b.source) (\(b.price)) differ by \(spread)% (\(limit)); cannot tell which is right"
            return ([], [DroppedSource(source: a.source, reason: reason), DroppedSource(source: b.source, reason: reason)])
        }
        guard rates.count >= 3, let median = ExactDecimal.median(rates.map(\.price)) else { return (rates, []) }
        var kept: [ExchangeRate] = [], dropped: [DroppedSource] = []
        for rate in rates {
            if ExactDecimal.deviates(rate.price, from: median, byMoreThan: percent) {
                let off = ExactDecimal.percentText(rate.price, from: median)
                dropped.append(DroppedSource(source: rate.source, reason:
                    "\(rate.source) (\(rate.price)) is \(off)% from the median of all sources (\(median)) (\(limit))"))
            } else {
                kept.append(rate)
            }
        }
        return (kept, dropped)
    }
}
