import BigInt
import Foundation
import Testing
import TillChain
import TillCore
import TillTestSupport

/// HTTP requests per tick with 1 and 50 watched addresses under the default budget of 20 requests per tick.
///
/// Figures (what these tests pin down):
/// - 1 address: 4 requests on a tick where the tip moved (tip hash, tip height, mempool list, chain page),
///   2 on a tick where it did not (tip hash, mempool list).
/// - 50 addresses: never more than 20 requests per tick. After a new block every address needs its chain page
///   again (2 requests each), so the first tick visits 9 addresses and a full pass takes 6 ticks (60 s at the
///   default 10 s interval); in between blocks a tick reads the tip hash and 19 mempool lists, so every address
///   is visited at least every 3 ticks (30 s).
@Suite struct EsploraWatcherBudgetTests {
    typealias E = EsploraFixtures

    @Test func oneAddressCostsFourRequestsOnANewBlockAndTwoOtherwise() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server)
        try await w.tip(840_000, E.block(840_000))
        try await w.address()
        try await w.watcher.watch(EsploraWatching.merchant)
        var counts: [Int] = []
        var logged: [Int] = []
        for step in 0..<4 {
            if step == 2 { try await w.tip(840_001, E.block(840_001)) }
            let before = try await server.requests().count
            await w.tick()
            counts.append(await w.watcher.lastTickRequests)
            logged.append(try await server.requests().count - before)
        }
        #expect(counts == [4, 2, 4, 2])
        #expect(logged == counts)
    }

    @Test func fiftyAddressesStayWithinTheBudgetAndAreAllVisited() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let w = EsploraWatching(server: server)
        #expect(w.watcher.configuration.requestBudget == 20)
        try await w.tip(840_000, E.block(840_000))
        try await server.script("/api/address/", .json("[]"), prefix: true)
        let addresses = (0..<50).map { String(format: "tillwatch%02d", $0) }
        for (index, address) in addresses.enumerated() {
            try await w.watcher.watch(WatchedScript(address: address, scriptPubKey: [0x00, 0x14] + Array(repeating: UInt8(index), count: 20),
                                                    asset: .btc))
        }
        var requests: [Int] = [], visits: [Int] = []
        for _ in 0..<9 {
            let before = try await server.requests().count
            await w.tick()
            let sent = try await server.requests().count - before
            #expect(sent == (await w.watcher.lastTickRequests))
            requests.append(sent)
            visits.append(await w.watcher.lastTickVisits)
        }
        #expect(requests.allSatisfy { $0 <= 20 })
        #expect(requests == [20, 19, 19, 19, 19, 20, 20, 20, 20])
        #expect(visits == [9, 9, 9, 9, 9, 14, 19, 19, 19])
        let paths = try await w.paths()
        let chainRead = Set(addresses.filter { paths.contains("/api/address/\($0)/txs/chain") })
        #expect(chainRead.count == 50)
        // The last three ticks read every mempool list at least once.
        let lastThree = Array(paths.suffix(60))
        #expect(addresses.allSatisfy { lastThree.contains("/api/address/\($0)/txs/mempool") })
    }
}
