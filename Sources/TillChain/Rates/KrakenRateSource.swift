import Foundation
import TillCore

/// Kraken's public Ticker (`GET /0/public/Ticker?pair=XBTUSD`, docs.kraken.com): every value is a string and
/// the result key ("XXBTZUSD") differs from the pair asked for, so the single entry is taken. Price = last trade `c[0]`.
public struct KrakenRateSource: RateSource {
    public static let defaultBaseURL = URL(string: "https://api.kraken.com/0/public")!
    public let name = "kraken"
    private let baseURL: URL
    private let assetNames: [String: String]
    private let fetching: RateFetching

    /// `assetNames` maps an asset id to Kraken's name for it; BTC is "XBT" by default, others use their symbol.
    public init(baseURL: URL = KrakenRateSource.defaultBaseURL, assetNames: [String: String] = [:],
                timeoutSeconds: Int = 10, defaultBackoffSeconds: Int = 60) {
        self.baseURL = baseURL
        self.assetNames = ["BTC": "XBT"].merging(assetNames) { $1 }
        fetching = RateFetching(source: "kraken", http: ThrottledHTTP(defaultBackoff: TimeInterval(defaultBackoffSeconds)),
                                timeoutSeconds: timeoutSeconds)
    }

    public func supports(_ pair: RatePair) -> Bool { true }

    /// The `pair` query value, e.g. "XBTUSD".
    public func krakenPair(_ pair: RatePair) -> String {
        (assetNames[pair.asset.id] ?? pair.asset.symbol.uppercased()) + pair.currency.code
    }

    public func fetch(_ pair: RatePair, now: Date) async throws(RateError) -> ExchangeRate {
        let url = RateFetching.url(baseURL, path: ["Ticker"], query: [("pair", krakenPair(pair))])
        let json = try await fetching.json(url, now: now)
        if let errors = json["error"]?.arrayValue, !errors.isEmpty {
            let detail = errors.compactMap(\.stringValue).joined(separator: ", ")
            if detail.contains("Unknown asset pair") { throw .missingPair(source: name, pair: pair, detail: detail) }
            // Kraken reports its own rate limit inside a 200 body; treat it like a 429 without Retry-After.
            if detail.contains("Rate limit") || detail.contains("Too many requests") {
                throw .rateLimited(source: name, until: await fetching.http.blockForDefault(now: now))
            }
            throw .sourceError(source: name, detail: detail)
        }
        guard let result = json["result"]?.objectValue else {
            throw .malformed(source: name, reason: "no \"result\" object")
        }
        guard result.count == 1, let ticker = result.values.first else {
            if result.isEmpty { throw .missingPair(source: name, pair: pair, detail: "empty result") }
            throw .malformed(source: name, reason: "expected one pair in \"result\", got \(result.keys.sorted().joined(separator: ", "))")
        }
        let price = try fetching.price(ticker["c"]?[0], pair: pair, field: "result.\(result.keys.first!).c[0]")
        return ExchangeRate(asset: pair.asset, currency: pair.currency, price: price, source: name, time: now)
    }
}
