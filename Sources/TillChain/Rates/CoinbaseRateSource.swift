import Foundation
import TillHTTP
import TillCore

/// Coinbase spot price (`GET /v2/prices/BTC-USD/spot`, docs.cdp.coinbase.com … prices):
/// `{"data":{"amount":"64123.45","base":"BTC","currency":"USD"}}`. Spot, not buy/sell (those include a fee).
public struct CoinbaseRateSource: RateSource {
    public static let defaultBaseURL = URL(string: "https://api.coinbase.com/v2")!
    public let name = "coinbase"
    private let baseURL: URL
    private let fetching: RateFetching

    public init(baseURL: URL = CoinbaseRateSource.defaultBaseURL, timeoutSeconds: Int = 10, defaultBackoffSeconds: Int = 60) {
        self.baseURL = baseURL
        fetching = RateFetching(source: "coinbase", http: ThrottledHTTP(defaultBackoff: TimeInterval(defaultBackoffSeconds)),
                                timeoutSeconds: timeoutSeconds)
    }

    public func supports(_ pair: RatePair) -> Bool { true }

    public func fetch(_ pair: RatePair, now: Date) async throws(RateError) -> ExchangeRate {
        let base = pair.asset.symbol.uppercased(), currency = pair.currency.code
        let url = RateFetching.url(baseURL, path: ["prices", "\(base)-\(currency)", "spot"])
        let source = name
        // Coinbase answers an unknown pair with 400/404 and {"errors":[{"id":"not_found","message":"…"}]}.
        let json = try await fetching.json(url, now: now) { response in
            guard response.status == 400 || response.status == 404 else { return nil }
            let message = (try? JSONParser.parse(Array(response.body)))?["errors"]?[0]?["message"]?.stringValue
            return .missingPair(source: source, pair: pair, detail: message ?? "HTTP \(response.status)")
        }
        guard let data = json["data"], data.objectValue != nil else { throw .malformed(source: name, reason: "no \"data\" object") }
        for (field, expected) in [("base", base), ("currency", currency)] {
            if let got = data[field]?.stringValue, got.uppercased() != expected {
                throw .malformed(source: name, reason: "data.\(field) is \"\(got)\", expected \"\(expected)\"")
            }
        }
        let price = try fetching.price(data["amount"], pair: pair, field: "data.amount")
        return ExchangeRate(asset: pair.asset, currency: pair.currency, price: price, source: name, time: now)
    }
}
