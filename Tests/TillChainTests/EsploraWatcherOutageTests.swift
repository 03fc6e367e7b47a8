import BigInt
import Foundation
import Testing
import TillChain
import TillCore
import TillTestSupport

/// The Esplora watcher when servers rate-limit, fail, stall or talk nonsense, and when a fallback answers.
@Suite struct EsploraWatcherOutageTests {
    typealias E = EsploraFixtures
    static let start = EsploraWatching.start

    @Test func rateLimitWithRetryAfterIsRespected() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server)
        try await w.tip(840_000, E.block(840_000))
        try await server.script("/api/blocks/tip/hash", [
            .text("Too Many Requests", status: 429, headers: ["Retry-After": "30"]), .text(E.block(840_000)),
        ])
        try await w.address()
        try await w.watcher.watch(EsploraWatching.merchant)
        let events = await w.tick(expectOnline: false)
        let reason = try #require(await w.watcher.offlineReason)
        #expect(reason.hasPrefix("primary is rate-limiting Till (HTTP 429); no request before "))
        #expect(events == [.backendOffline(reason: reason, since: Self.start)])
        #expect(await w.watcher.nextPollDelay >= .seconds(30))
        // 29 s later the watcher still sends nothing: the request log holds only the refused call.
        w.clock.advance(29)
        #expect(await w.watcher.nextPollDelay >= .seconds(1))
        #expect(await w.tick(expectOnline: false).isEmpty)
        #expect(try await w.paths() == ["/api/blocks/tip/hash"])
        w.clock.advance(1)
        #expect(await w.tick() == [.backendOnline])
        #expect(try await w.paths() == [
            "/api/blocks/tip/hash", "/api/blocks/tip/hash", "/api/blocks/tip/height",
            "/api/address/\(E.merchantAddress)/txs/mempool", "/api/address/\(E.merchantAddress)/txs/chain",
        ])
        #expect(await w.watcher.rateLimitedUntil == nil)
        #expect(await w.watcher.nextPollDelay == .milliseconds(100))
    }

    @Test func serverErrorTimeoutAndGarbageGoOfflineWithAReasonThenOnlineAgain() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server, configuration: .init(pollInterval: .seconds(1), maxBackoff: .seconds(3)),
                                timeoutSeconds: 1)
        try await w.tip(840_000, E.block(840_000))
        try await server.script("/api/blocks/tip/hash", [
            .text("Service Unavailable", status: 503), .text("<html>maintenance</html>"),
            .text(E.block(840_000), delayMs: 2_500), .text(E.block(840_000)),
        ])
        let mempool = "/api/address/\(E.merchantAddress)/txs/mempool"
        try await w.address()
        try await server.script(mempool, [.json(#"[{"txid":"#), .json(E.array([E.transaction(1, sats: 5_000)]))])
        try await w.watcher.watch(EsploraWatching.merchant)

        let reasons = [
            "primary /blocks/tip/hash: server error (HTTP 503)",
            "primary /blocks/tip/hash: unreadable response: expected a 64-digit hex block hash, got \"<html>maintenance</html>\"",
            "primary /blocks/tip/hash: no answer in time",
            "primary /address/\(E.merchantAddress)/txs/mempool: unreadable response: malformed JSON at byte 9: unexpected end of input",
        ]
        let delays: [Duration] = [.seconds(1), .seconds(2), .seconds(3), .seconds(3)]
        for (reason, delay) in zip(reasons, delays) {
            #expect(await w.tick(expectOnline: false) == [.backendOffline(reason: reason, since: Self.start)])
            #expect(await w.watcher.offlineReason == reason)
            #expect(await w.watcher.offlineSince == Self.start)
            #expect(await w.watcher.nextPollDelay == delay)
            w.clock.advance(5)
        }
        let observation = PaymentObservation(ref: PaymentRef(txid: E.txid(1), output: 0), address: E.merchantAddress,
                                             amount: CoinAmount(units: 5_000, asset: .btc), replaceable: true)
        #expect(await w.tick() == [.paymentSeen(observation), .backendOnline])
        #expect(await w.watcher.offlineSince == nil)
        #expect(await w.watcher.offlineReason == nil)
        #expect(await w.watcher.nextPollDelay == .seconds(1))
    }

    @Test func fallbackIsUsedWhileThePrimaryIsDown() async throws {
        let primary = try await FixtureHTTPServer.start(), fallback = try await FixtureHTTPServer.start()
        defer { primary.stop(); fallback.stop() }
        let w = EsploraWatching(server: primary, fallback: fallback)
        try await primary.script("/api/", .text("Bad Gateway", status: 502), prefix: true)
        try await w.tip(840_000, E.block(840_000), on: fallback)
        try await w.address(mempool: [E.transaction(1, sats: 8_000)], on: fallback)
        try await w.watcher.watch(EsploraWatching.merchant)

        let events = await w.tick()
        #expect(events.paymentEvents.count == 1 && events.last == .backendOnline)
        #expect(try await w.paths(on: primary) == ["/api/blocks/tip/hash"])
        #expect(try await w.paths(on: fallback).count == 4)
        #expect(await w.watcher.lastTickRequests == 5)

        // Both down: offline with the fallback's reason.
        try await fallback.script("/api/", .text("Service Unavailable", status: 503), prefix: true)
        try await fallback.script("/api/blocks/tip/hash", .text("Service Unavailable", status: 503))
        #expect(await w.tick(expectOnline: false)
                == [.backendOffline(reason: "fallback /blocks/tip/hash: server error (HTTP 503)", since: Self.start)])

        // The primary is back and is asked first again.
        try await primary.reset()
        try await w.tip(840_001, E.block(840_001), on: primary)
        try await w.address(chain: [E.transaction(1, sats: 8_000, height: 840_001, in: E.block(840_001))], on: primary)
        let fallbackCalls = try await fallback.requests().count
        #expect(await w.tick() == [
            .confirmationsChanged(PaymentRef(txid: E.txid(1), output: 0), confirmations: 1, height: 840_001, hash: E.block(840_001)),
            .backendOnline,
        ])
        #expect(try await fallback.requests().count == fallbackCalls)
    }

    @Test func unreachablePrimaryFallsBackToo() async throws {
        let fallback = try await FixtureHTTPServer.start()
        defer { fallback.stop() }
        let closed = URL(string: "http://127.0.0.1:\(Processes.freePort())/api")!
        let w = EsploraWatching(server: fallback, fallback: fallback, primaryURL: closed)
        try await w.tip(840_000, E.block(840_000))
        try await w.address()
        try await w.watcher.watch(EsploraWatching.merchant)
        #expect(await w.tick() == [.backendOnline])
        #expect(try await w.paths().count == 4)
    }
}
