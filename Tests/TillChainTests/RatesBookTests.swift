import Foundation
import Testing
import TillCore
import TillTestSupport
@testable import TillChain

/// The rate book over real HTTP sources (fixture server), plus its pure combining rule.
@Suite struct RatesBookTests {
    typealias F = RatesFixtures

    /// Kraken, Coinbase and CoinGecko on one fixture server, each answering `prices` in its own shape.
    private func book(_ server: FixtureHTTPServer, kraken: String, coinbase: String, coingecko: String,
                      coingeckoUpdatedAt: Int = 1_711_356_300, policy: RatePolicy = RatePolicy()) async throws -> RateBook {
        try await server.script(F.krakenPath, .json(F.kraken(last: kraken)))
        try await server.script(F.coinbasePath, .json(F.coinbase(amount: coinbase)))
        try await server.script(F.coingeckoPath, .json(F.coingecko(usd: coingecko, updatedAt: coingeckoUpdatedAt)))
        return RateBook(sources: [F.krakenSource(server), F.coinbaseSource(server), F.coingeckoSource(server)], policy: policy)
    }

    @Test func medianOfThreeSources() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let book = try await book(server, kraken: "64000.10000", coinbase: "64100.5", coingecko: "64050.25")
        let refresh = await book.refresh(F.btcUSD, now: F.now)
        let rate = try #require(refresh.rate)
        #expect(rate.price == F.decimal("64050.25"))
        #expect(rate.source == "median of kraken, coinbase, coingecko")
        // The combined rate is as old as its oldest part (CoinGecko's last_updated_at).
        #expect(rate.time == Date(timeIntervalSince1970: 1_711_356_300))
        #expect(refresh.dropped.isEmpty)
        #expect(try await book.rate(for: F.btcUSD, now: F.now) == rate)
        #expect(try await server.requests().count == 3)
    }

    @Test func staleRateIsRefusedWithItsAge() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        // CoinGecko stopped updating 75 s before now.
        let book = try await book(server, kraken: "64000", coinbase: "64100", coingecko: "60000",
                                  coingeckoUpdatedAt: 1_711_356_310 - 75)
        let refresh = await book.refresh(F.btcUSD, now: F.now)
        #expect(refresh.dropped == [DroppedSource(source: "coingecko", reason: "the BTC/USD rate from coingecko is 75 s old (max 60 s)")])
        #expect(refresh.rate?.price == F.decimal("64050"))
        #expect(refresh.rate?.source == "median of kraken, coinbase")
    }

    @Test func deviatingSourceIsDroppedWithAReason() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let book = try await book(server, kraken: "64000", coinbase: "64100", coingecko: "70000")
        let refresh = await book.refresh(F.btcUSD, now: F.now)
        // |70000 − 64100| / 64100 = 9.20 %; kraken is 0.16 % below the median, kept.
        #expect(refresh.dropped == [DroppedSource(source: "coingecko",
            reason: "coingecko (70000) is 9.2% from the median of all sources (64100) (max 2%)")])
        #expect(refresh.used == ["kraken", "coinbase"])
        #expect(refresh.rate?.price == F.decimal("64050"))
    }

    @Test func twoDisagreeingSourcesGiveNoRateButTheLastGoodOneIsKept() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.krakenPath, [.json(F.kraken(last: "64000")), .json(F.kraken(last: "64000"))])
        try await server.script(F.coinbasePath, [.json(F.coinbase(amount: "64010")), .json(F.coinbase(amount: "68000"))])
        let book = RateBook(sources: [F.krakenSource(server), F.coinbaseSource(server)])
        let good = try #require(await book.refresh(F.btcUSD, now: F.now).rate)
        #expect(good.price == F.decimal("64005"))
        let later = F.now.addingTimeInterval(20)
        let refresh = await book.refresh(F.btcUSD, now: later)
        #expect(refresh.rate == nil)
        #expect(refresh.reasons.first == "kraken (64000) and coinbase (68000) differ by 6.3% (max 2%); cannot tell which is right")
        #expect(await book.lastGood(F.btcUSD) == good)
        // Still usable while young enough, refused once older than the max age.
        #expect(try await book.rate(for: F.btcUSD, now: later) == good)
        await #expect(throws: RateError.stale(pair: F.btcUSD, source: "median of kraken, coinbase", ageSeconds: 61, maxAgeSeconds: 60)) {
            try await book.rate(for: F.btcUSD, now: F.now.addingTimeInterval(61))
        }
    }

    @Test func everySourceFailingSaysWhyForEach() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script(F.krakenPath, .text("bad gateway", status: 502))
        try await server.script(F.coinbasePath, .json("{}", status: 429, headers: ["Retry-After": "10"]))
        let book = RateBook(sources: [F.krakenSource(server), F.coinbaseSource(server)])
        let refresh = await book.refresh(F.btcUSD, now: F.now)
        #expect(refresh.rate == nil)
        #expect(refresh.reasons == ["kraken has a server error (HTTP 502)",
                                    "coinbase is rate-limiting Till (HTTP 429); no request before 2024-03-25 08:45:20 UTC"])
        await #expect(throws: RateError.noRate(pair: F.btcUSD, reasons: refresh.reasons)) {
            try await book.rate(for: F.btcUSD, now: F.now)
        }
    }

    @Test func fixedRateWinsForItsPairWithoutAnyRequest() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let usdc = Asset(id: "USDC", symbol: "USDC", decimals: 6, kind: .erc20(contract: "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", chainID: 1))
        let fixed = FixedRateSource(rates: [RatePair(usdc, .usd): F.decimal("1.00")])
        let book = RateBook(sources: [F.krakenSource(server)], fixed: fixed)
        let rate = try #require(await book.refresh(RatePair(usdc, .usd), now: F.now).rate)
        #expect(rate.price == F.decimal("1"))
        #expect(rate.source == "fixed")
        #expect(rate.time == F.now)
        #expect(try await server.requests().isEmpty)
        let zero = FixedRateSource(rates: [F.btcUSD: F.decimal("0")])
        #expect(throws: RateError.badPrice(source: "fixed", pair: F.btcUSD, text: "0")) { try zero.rate(F.btcUSD, now: F.now) }
    }

    @Test func combinerTakesTheExactMeanOfTheMiddleTwo() {
        func rate(_ source: String, _ price: String) -> SourceOutcome {
            SourceOutcome(source: source, result: .success(ExchangeRate(asset: .btc, currency: .usd, price: F.decimal(price),
                                                                        source: source, time: F.now)))
        }
        let outcomes = [rate("a", "100.01"), rate("b", "100.02"), rate("c", "100.04"), rate("d", "100.03")]
        let refresh = RateCombiner.combine(F.btcUSD, outcomes: outcomes, now: F.now, policy: RatePolicy())
        #expect(refresh.rate?.price.description == "100.025")
        let strict = RatePolicy(maxAgeSeconds: 60, maxDeviationPercent: F.decimal("0.01"))
        // The median is 100.025: b and d are 0.005 away (within 0.01 %), a and c 0.015 (beyond).
        let tight = RateCombiner.combine(F.btcUSD, outcomes: outcomes, now: F.now, policy: strict)
        #expect(tight.used == ["b", "d"])
        #expect(tight.dropped.map(\.source) == ["a", "c"])
    }

    @Test func exactDecimalReadsJSONNumbers() {
        #expect(ExactDecimal.parseJSONNumber("64123.45")?.value.description == "64123.45")
        #expect(ExactDecimal.parseJSONNumber("1.5E+3")?.value.description == "1500")
        #expect(ExactDecimal.parseJSONNumber("12e-2")?.value.description == "0.12")
        #expect(ExactDecimal.parseJSONNumber("-2")?.negative == true)
        #expect(ExactDecimal.parseJSONNumber("1e65") == nil)
        #expect(ExactDecimal.parseJSONNumber("abc") == nil)
        #expect(ExactDecimal.percentText(F.decimal("70000"), from: F.decimal("64050")) == "9.3")
    }
}
