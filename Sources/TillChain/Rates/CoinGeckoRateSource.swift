import Foundation
import TillCore

/// CoinGecko simple price (`GET /api/v3/simple/price?ids=bitcoin&vs_currencies=usd&include_last_updated_at=true
/// &precision=full`, docs.coingecko.com): `{"bitcoin":{"usd":64123.45,"last_updated_at":1712345678}}`.
/// Prices are JSON numbers, possibly with an exponent (1.2e-05); they are read exactly from their text.
/// The rate's time is CoinGecko's `last_updated_at`, so a price CoinGecko stopped refreshing shows up as stale.
public struct CoinGeckoRateSource: RateSource {
    public static let defaultBaseURL = URL(string: "https://api.coingecko.com/api/v3")!
    /// CoinGecko's coin ids for the assets Till knows out of the box.
    public static let defaultCoinIDs = ["BTC": "bitcoin", "ETH": "ethereum", "LTC": "litecoin"]
    public let name = "coingecko"
    private let baseURL: URL
    private let coinIDs: [String: String]
    private let apiKeyHeader: [String: String]
    private let fetching: RateFetching

    /// `coinIDs` maps asset id → CoinGecko id (added to the defaults). `apiKey` is sent as `x-cg-demo-api-key`
    /// (or `apiKeyHeader` for Pro); it never appears in URLs or messages.
    public init(baseURL: URL = CoinGeckoRateSource.defaultBaseURL, coinIDs: [String: String] = [:],
                apiKey: String? = nil, apiKeyHeader: String = "x-cg-demo-api-key",
                timeoutSeconds: Int = 10, defaultBackoffSeconds: Int = 60) {
        self.baseURL = baseURL
        self.coinIDs = CoinGeckoRateSource.defaultCoinIDs.merging(coinIDs) { $1 }
        self.apiKeyHeader = apiKey.map { [apiKeyHeader: $0] } ?? [:]
        fetching = RateFetching(source: "coingecko", http: ThrottledHTTP(defaultBackoff: TimeInterval(defaultBackoffSeconds)),
                                timeoutSeconds: timeoutSeconds)
    }

    public func supports(_ pair: RatePair) -> Bool { coinIDs[pair.asset.id] != nil }

    public func fetch(_ pair: RatePair, now: Date) async throws(RateError) -> ExchangeRate {
        guard let id = coinIDs[pair.asset.id] else {
            throw .missingPair(source: name, pair: pair, detail: "no CoinGecko coin id configured for \(pair.asset.id)")
        }
        let currency = pair.currency.code.lowercased()
        let url = RateFetching.url(baseURL, path: ["simple", "price"], query: [
            ("ids", id), ("vs_currencies", currency), ("include_last_updated_at", "true"), ("precision", "full"),
        ])
        let json = try await fetching.json(url, headers: apiKeyHeader, now: now)
        guard json.objectValue != nil else { throw .malformed(source: name, reason: "expected an object, got \(json.text.prefix(60))") }
        guard let coin = json[id] else { throw .missingPair(source: name, pair: pair, detail: "no entry \"\(id)\"") }
        guard let value = coin[currency] else { throw .missingPair(source: name, pair: pair, detail: "no \"\(currency)\" in \"\(id)\"") }
        let price = try fetching.price(value, pair: pair, field: "\(id).\(currency)")
        var time = now
        if let stamp = coin["last_updated_at"] {
            guard let seconds = stamp.intValue else {
                throw .malformed(source: name, reason: "\(id).last_updated_at is \(stamp.text), expected Unix seconds")
            }
            time = Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        return ExchangeRate(asset: pair.asset, currency: pair.currency, price: price, source: name, time: time)
    }
}
