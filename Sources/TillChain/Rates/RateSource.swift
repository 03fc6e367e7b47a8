import Foundation
import TillCore

/// Somewhere a price of a coin in fiat comes from: an exchange API or the shop's own fixed rate.
public protocol RateSource: Sendable {
    /// Short lower-case name shown on screen and stored with quotes ("kraken").
    var name: String { get }
    /// False when this source is known not to quote `pair` (no request is made).
    func supports(_ pair: RatePair) -> Bool
    /// Fetches the current price; `now` stamps rates whose source gives no time and gates rate limits.
    func fetch(_ pair: RatePair, now: Date) async throws(RateError) -> ExchangeRate
}
