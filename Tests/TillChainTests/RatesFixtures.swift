import Foundation
import TillCore
import TillTestSupport
@testable import TillChain

/// Response bodies in the shapes the providers document (protocols §C6), and small helpers for rate tests.
enum RatesFixtures {
    static let btcUSD = RatePair(.btc, .usd)
    /// A fixed "now" so every time in these tests is deterministic.
    static let now = Date(timeIntervalSince1970: 1_711_356_310)

    /// Kraken, docs.kraken.com "Get Ticker Information" example: every value a string, result key "XXBTZUSD".
    static func kraken(last: String) -> String {
        """
        {"error":[],"result":{"XXBTZUSD":{"a":["30300.10000","1","1.000"],"b":["30300.00000","1","1.000"],\
        "c":["\(last)","0.00067643"],"v":["4083.67001100","4412.73601799"],"p":["30706.77771","30689.13205"],\
        "t":[34619,38907],"l":["29868.30000","29868.30000"],"h":["31631.00000","31631.00000"],"o":"30502.80000"}}}
        """
    }

    /// Coinbase, docs.cdp.coinbase.com "Prices" (GET /v2/prices/BTC-USD/spot).
    static func coinbase(amount: String) -> String {
        #"{"data":{"amount":"\#(amount)","base":"BTC","currency":"USD"}}"#
    }

    /// CoinGecko, docs.coingecko.com "/simple/price" with include_last_updated_at: the price is a JSON number.
    static func coingecko(id: String = "bitcoin", usd: String, updatedAt: Int = 1_711_356_300) -> String {
        #"{"\#(id)":{"usd":\#(usd),"last_updated_at":\#(updatedAt)}}"#
    }

    static let krakenPath = "/0/public/Ticker"
    static let coinbasePath = "/v2/prices/BTC-USD/spot"
    static let coingeckoPath = "/api/v3/simple/price"

    static func krakenSource(_ server: FixtureHTTPServer, timeout: Int = 5) -> KrakenRateSource {
        KrakenRateSource(baseURL: server.baseURL.appendingPathComponent("0/public"), timeoutSeconds: timeout)
    }

    static func coinbaseSource(_ server: FixtureHTTPServer, timeout: Int = 5) -> CoinbaseRateSource {
        CoinbaseRateSource(baseURL: server.baseURL.appendingPathComponent("v2"), timeoutSeconds: timeout)
    }

    static func coingeckoSource(_ server: FixtureHTTPServer, timeout: Int = 5, coinIDs: [String: String] = [:],
                                apiKey: String? = nil) -> CoinGeckoRateSource {
        CoinGeckoRateSource(baseURL: server.baseURL.appendingPathComponent("api/v3"), coinIDs: coinIDs, apiKey: apiKey,
                            timeoutSeconds: timeout)
    }

    static func decimal(_ text: String) -> DecimalNumber { try! DecimalNumber(parsing: text) }

    /// Runs `body`, returning the `RateError` it throws, or nil when it succeeds.
    static func rateError(_ body: () async throws(RateError) -> ExchangeRate) async -> RateError? {
        do { _ = try await body(); return nil } catch { return error }
    }
}
