import Foundation
import Testing
import TillCore
import TillTestSupport
@testable import TillChain

/// Each HTTP rate source against the fixture server speaking the provider's documented shape.
@Suite struct RatesSourceTests {
    typealias F = RatesFixtures

    @Test func krakenReadsTheLastTradeOfTheSingleResultEntry() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.krakenPath, .json(F.kraken(last: "30303.20000")))
        let rate = try await F.krakenSource(server).fetch(F.btcUSD, now: F.now)
        #expect(rate.price == F.decimal("30303.2"))
        #expect(rate.source == "kraken")
        #expect(rate.time == F.now)
        #expect(try await server.requests().map(\.path) == ["/0/public/Ticker?pair=XBTUSD"])
    }

    @Test func coinbaseReadsTheSpotAmount() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.coinbasePath, .json(F.coinbase(amount: "64123.45")))
        let rate = try await F.coinbaseSource(server).fetch(F.btcUSD, now: F.now)
        #expect(rate.price == F.decimal("64123.45"))
        #expect(rate.source == "coinbase")
        #expect(try await server.requests().map(\.path) == [F.coinbasePath])
    }

    @Test func coingeckoReadsTheNumberExactlyWithItsUpdateTimeAndSendsTheKeyInAHeader() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.coingeckoPath, .json(F.coingecko(usd: "67187.3358")))
        let rate = try await F.coingeckoSource(server, apiKey: "demo-key").fetch(F.btcUSD, now: F.now)
        #expect(rate.price == F.decimal("67187.3358"))
        #expect(rate.time == Date(timeIntervalSince1970: 1_711_356_300))
        let request = try #require(try await server.requests().first)
        #expect(request.path == "/api/v3/simple/price?ids=bitcoin&vs_currencies=usd&include_last_updated_at=true&precision=full")
        #expect(request.headers["x-cg-demo-api-key"] == "demo-key")
    }

    @Test func coingeckoExponentPricesAreExactAndAbsurdExponentsRefused() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let shib = Asset(id: "SHIB", symbol: "SHIB", decimals: 18, kind: .erc20(contract: "0x95aD61b0a150d79219dCF64E1E6Cc01f0B64C4cE", chainID: 1))
        let source = F.coingeckoSource(server, coinIDs: ["SHIB": "shiba-inu"])
        try await server.script(F.coingeckoPath, [.json(F.coingecko(id: "shiba-inu", usd: "1.234e-05")),
                                                  .json(F.coingecko(id: "shiba-inu", usd: "1e999"))])
        let rate = try await source.fetch(RatePair(shib, .usd), now: F.now)
        #expect(rate.price.description == "0.00001234")
        let error = await F.rateError { () throws(RateError) in try await source.fetch(RatePair(shib, .usd), now: F.now) }
        #expect(error == .badPrice(source: "coingecko", pair: RatePair(shib, .usd), text: "1e999"))
    }

    @Test func rateLimitWithRetryAfterSecondsIsRespected() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.krakenPath, [.json("{}", status: 429, headers: ["Retry-After": "30"]),
                                               .json(F.kraken(last: "64000.1"))])
        let source = F.krakenSource(server)
        let first = await F.rateError { () throws(RateError) in try await source.fetch(F.btcUSD, now: F.now) }
        #expect(first == .rateLimited(source: "kraken", until: F.now.addingTimeInterval(30)))
        #expect(first?.message.contains("HTTP 429") == true)
        // Within the window: refused locally, the server sees nothing.
        let second = await F.rateError { () throws(RateError) in try await source.fetch(F.btcUSD, now: F.now.addingTimeInterval(29)) }
        #expect(second == .rateLimited(source: "kraken", until: F.now.addingTimeInterval(30)))
        #expect(try await server.requests().count == 1)
        // After it: asked again, and the scripted 200 comes back.
        let rate = try await source.fetch(F.btcUSD, now: F.now.addingTimeInterval(30))
        #expect(rate.price == F.decimal("64000.1"))
        #expect(try await server.requests().count == 2)
    }

    @Test func rateLimitWithAnHTTPDateIsRespected() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        // F.now is 2024-03-25 08:45:10 UTC; ask to wait until 08:47:00.
        try await server.script(F.coinbasePath, .json("{}", status: 429, headers: ["Retry-After": "Mon, 25 Mar 2024 08:47:00 GMT"]))
        let source = F.coinbaseSource(server)
        let error = await F.rateError { () throws(RateError) in try await source.fetch(F.btcUSD, now: F.now) }
        #expect(error == .rateLimited(source: "coinbase", until: F.now.addingTimeInterval(110)))
        _ = await F.rateError { () throws(RateError) in try await source.fetch(F.btcUSD, now: F.now.addingTimeInterval(100)) }
        #expect(try await server.requests().count == 1)
    }

    @Test func krakenRateLimitInsideA200BodyBacksOff() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.krakenPath, .json(#"{"error":["EAPI:Rate limit exceeded"]}"#))
        let source = KrakenRateSource(baseURL: server.baseURL.appendingPathComponent("0/public"), defaultBackoffSeconds: 15)
        let error = await F.rateError { () throws(RateError) in try await source.fetch(F.btcUSD, now: F.now) }
        #expect(error == .rateLimited(source: "kraken", until: F.now.addingTimeInterval(15)))
        _ = await F.rateError { () throws(RateError) in try await source.fetch(F.btcUSD, now: F.now.addingTimeInterval(5)) }
        #expect(try await server.requests().count == 1)
    }

    @Test func serverErrorIsTyped() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.coingeckoPath, .text("upstream down", status: 503))
        let error = await F.rateError { () throws(RateError) in try await F.coingeckoSource(server).fetch(F.btcUSD, now: F.now) }
        #expect(error == .serverError(source: "coingecko", status: 503))
        #expect(error?.message == "coingecko has a server error (HTTP 503)")
    }

    @Test func slowAnswerTimesOut() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.coinbasePath, .json(F.coinbase(amount: "1"), delayMs: 3000))
        let error = await F.rateError { () throws(RateError) in try await F.coinbaseSource(server, timeout: 1).fetch(F.btcUSD, now: F.now) }
        #expect(error == .timedOut(source: "coinbase"))
    }

    @Test func nobodyListeningIsUnreachable() async throws {
        let port = Processes.freePort()
        let source = KrakenRateSource(baseURL: URL(string: "http://127.0.0.1:\(port)/0/public")!, timeoutSeconds: 5)
        let error = await F.rateError { () throws(RateError) in try await source.fetch(F.btcUSD, now: F.now) }
        guard case .unreachable(let name, _) = error else { Issue.record("expected unreachable, got \(String(describing: error))"); return }
        #expect(name == "kraken")
    }

    @Test func malformedJSONAndWrongShapesAreTyped() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.krakenPath, [.json(#"{"error":[],"result":{"XXBTZUSD":{"c":["64000.1""#),
                                               .text("<html>Cloudflare</html>"),
                                               .json(#"{"error":[],"result":{"XXBTZUSD":{"c":[64000.1]}}}"#)])
        let source = F.krakenSource(server)
        for _ in 0..<2 {
            let error = await F.rateError { () throws(RateError) in try await source.fetch(F.btcUSD, now: F.now) }
            guard case .malformed(_, let reason) = error else { Issue.record("expected malformed, got \(String(describing: error))"); continue }
            #expect(reason.contains("malformed JSON at byte"))
        }
        // A number where Kraken documents a string is still read exactly (the parser keeps its text).
        #expect(try await source.fetch(F.btcUSD, now: F.now).price == F.decimal("64000.1"))
        try await server.script(F.coinbasePath, .json(#"{"data":{"base":"BTC","currency":"USD"}}"#))
        let missing = await F.rateError { () throws(RateError) in try await F.coinbaseSource(server).fetch(F.btcUSD, now: F.now) }
        #expect(missing == .malformed(source: "coinbase", reason: "data.amount is missing"))
    }

    @Test func missingPairsAreNamed() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let pair = RatePair(.ltc, .jpy)
        try await server.script(F.krakenPath, .json(#"{"error":["EQuery:Unknown asset pair"]}"#))
        try await server.script("/v2/prices/LTC-JPY/spot", .json(#"{"errors":[{"id":"not_found","message":"Invalid currency"}]}"#, status: 404))
        try await server.script(F.coingeckoPath, .json(#"{"litecoin":{"last_updated_at":1711356300}}"#))
        let kraken = await F.rateError { () throws(RateError) in try await F.krakenSource(server).fetch(pair, now: F.now) }
        #expect(kraken == .missingPair(source: "kraken", pair: pair, detail: "EQuery:Unknown asset pair"))
        let coinbase = await F.rateError { () throws(RateError) in try await F.coinbaseSource(server).fetch(pair, now: F.now) }
        #expect(coinbase == .missingPair(source: "coinbase", pair: pair, detail: "Invalid currency"))
        #expect(coinbase?.message == "coinbase has no price for LTC/JPY: Invalid currency")
        let coingecko = await F.rateError { () throws(RateError) in try await F.coingeckoSource(server).fetch(pair, now: F.now) }
        #expect(coingecko == .missingPair(source: "coingecko", pair: pair, detail: "no \"jpy\" in \"litecoin\""))
    }

    @Test func zeroAndNegativePricesAreRefused() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.coinbasePath, [.json(F.coinbase(amount: "0.00")), .json(F.coinbase(amount: "-64000"))])
        try await server.script(F.coingeckoPath, .json(F.coingecko(usd: "-1.5e3")))
        let source = F.coinbaseSource(server)
        for text in ["0.00", "-64000"] {
            let error = await F.rateError { () throws(RateError) in try await source.fetch(F.btcUSD, now: F.now) }
            #expect(error == .badPrice(source: "coinbase", pair: F.btcUSD, text: text))
        }
        let gecko = await F.rateError { () throws(RateError) in try await F.coingeckoSource(server).fetch(F.btcUSD, now: F.now) }
        #expect(gecko == .badPrice(source: "coingecko", pair: F.btcUSD, text: "-1.5e3"))
    }
}
