import Foundation
import TillCore

/// Rates the shop sets itself in the config (stablecoins at 1.00, a house rate). Always fresh: stamped `now`.
public struct FixedRateSource: RateSource {
    public let name = "fixed"
    public let rates: [RatePair: DecimalNumber]

    public init(rates: [RatePair: DecimalNumber]) {
        self.rates = rates
    }

    public func supports(_ pair: RatePair) -> Bool { rates[pair] != nil }

    public func fetch(_ pair: RatePair, now: Date) async throws(RateError) -> ExchangeRate {
        try rate(pair, now: now)
    }

    /// The configured rate without suspending; refuses a missing or zero rate.
    public func rate(_ pair: RatePair, now: Date) throws(RateError) -> ExchangeRate {
        guard let price = rates[pair] else {
            throw .missingPair(source: name, pair: pair, detail: "no fixed rate configured for \(pair)")
        }
        guard !price.isZero else { throw .badPrice(source: name, pair: pair, text: price.description) }
        return ExchangeRate(asset: pair.asset, currency: pair.currency, price: price, source: name, time: now)
    }
}
