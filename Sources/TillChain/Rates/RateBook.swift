import Foundation
import TillCore

/// Keeps the current rate per pair: asks every source at once, combines them by `RateCombiner`'s rule and
/// remembers the last good rate with its time (shown when sources fail). Time always comes in as `now`.
public actor RateBook {
    private let sources: [any RateSource]
    private let fixed: FixedRateSource?
    public let policy: RatePolicy
    private var lastGoodRates: [RatePair: ExchangeRate] = [:]
    private var lastRefreshes: [RatePair: RateRefresh] = [:]

    /// `fixed` rates win outright for their pairs (the shop's own price); other pairs use `sources`.
    public init(sources: [any RateSource], fixed: FixedRateSource? = nil, policy: RatePolicy = RatePolicy()) {
        self.sources = sources
        self.fixed = fixed
        self.policy = policy
    }

    /// Asks the sources for `pair` concurrently and records the outcome; the last good rate is kept on failure.
    @discardableResult
    public func refresh(_ pair: RatePair, now: Date) async -> RateRefresh {
        let outcomes: [SourceOutcome]
        if let fixed, fixed.supports(pair) {
            outcomes = [SourceOutcome(source: fixed.name, result: Result { () throws(RateError) in try fixed.rate(pair, now: now) })]
        } else {
            outcomes = await RateBook.ask(sources.filter { $0.supports(pair) }, pair: pair, now: now)
        }
        let refresh = RateCombiner.combine(pair, outcomes: outcomes, now: now, policy: policy)
        lastRefreshes[pair] = refresh
        if let rate = refresh.rate { lastGoodRates[pair] = rate }
        return refresh
    }

    /// The last good rate and its time, however old (for the screen).
    public func lastGood(_ pair: RatePair) -> ExchangeRate? { lastGoodRates[pair] }

    /// The last refresh, with the reasons any source was dropped.
    public func lastRefresh(_ pair: RatePair) -> RateRefresh? { lastRefreshes[pair] }

    /// A rate fit to quote with at `now`: the last good rate if within the max age, else a typed error.
    public func rate(for pair: RatePair, now: Date) throws(RateError) -> ExchangeRate {
        guard let rate = lastGoodRates[pair] else {
            throw .noRate(pair: pair, reasons: lastRefreshes[pair]?.reasons ?? ["not fetched yet"])
        }
        let age = Int(now.timeIntervalSince(rate.time).rounded(.down))
        guard age <= policy.maxAgeSeconds else {
            throw .stale(pair: pair, source: rate.source, ageSeconds: age, maxAgeSeconds: policy.maxAgeSeconds)
        }
        return rate
    }

    /// Every source's outcome, in configured order (so reasons and names are stable).
    private static func ask(_ sources: [any RateSource], pair: RatePair, now: Date) async -> [SourceOutcome] {
        await withTaskGroup(of: (Int, SourceOutcome).self) { group in
            for (index, source) in sources.enumerated() {
                group.addTask {
                    do throws(RateError) {
                        return (index, SourceOutcome(source: source.name, result: .success(try await source.fetch(pair, now: now))))
                    } catch {
                        return (index, SourceOutcome(source: source.name, result: .failure(error)))
                    }
                }
            }
            var outcomes: [(Int, SourceOutcome)] = []
            for await outcome in group { outcomes.append(outcome) }
            return outcomes.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }
}
