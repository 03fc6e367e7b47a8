import Foundation
import Testing
import TillConfig
import TillCore
import TillStore
import TillStorePostgres
import TillTestSupport

/// What only a shared ledger has: lanes, shop-wide stock, observations once, the outbox once, migrations once.
@Suite struct PostgresLaneTests {
    func makeLanes() throws -> (EngineLedger, front: PostgresStore, back: PostgresStore) {
        let ledger = try EngineLedger(.postgresql)
        return (ledger, ledger.store as! PostgresStore, try ledger.lane("back-2") as! PostgresStore)
    }

    @Test func eachSaleRecordsItsLaneAndCashier() async throws {
        let (_, front, back) = try makeLanes()
        try front.save(try Fixture.sale(id: "S-A", cashier: "alice", status: .awaitingPayment), effects: [],
                       reason: "quote", at: Fixture.noon)
        try back.save(try Fixture.sale(id: "S-B", cashier: "bob", status: .awaitingPayment), effects: [],
                      reason: "quote", at: Fixture.noon)
        let madeOnBack = try #require(try front.lanes(ofSale: "S-B"))
        #expect(madeOnBack.madeOn == "back-2" && madeOnBack.watchedBy == "back-2")
        let madeOnFront = try #require(try back.lanes(ofSale: "S-A"))
        #expect(madeOnFront.madeOn == "front-1" && madeOnFront.watchedBy == "front-1")
        // Each lane watches its own open sales; the manager sees every lane, or one.
        #expect(try front.openSales(at: Fixture.noon).map(\.id) == ["S-A"])
        #expect(try back.openSales(at: Fixture.noon).map(\.id) == ["S-B"])
        #expect(try front.listSales(.all, after: nil, limit: 10).rows.count == 2)
        #expect(try front.listSales(.all, lane: "back-2", after: nil, limit: 10).rows.map(\.cashier) == ["bob"])
        #expect(try back.totals(.all, lane: "front-1", groupedBy: []).map(\.count) == [1])
        #expect(try back.totals(.all, groupedBy: []).map(\.count) == [2])
    }

    @Test func theLastUnitSoldOnTwoLanesIsOneCountAndFlaggedOversold() async throws {
        let (_, front, back) = try makeLanes()
        let lastOne = Product(id: "LAST", name: "Last one", price: FiatAmount(minor: 500, currency: .usd),
                              category: "Misc", stock: 1)
        try front.upsertProducts([lastOne], at: Fixture.noon)
        try back.upsertProducts([lastOne], at: Fixture.noon)
        let take: [SaleEffect] = [.adjustStock([StockChange(productID: "LAST", delta: -1)])]
        try front.save(try Fixture.sale(id: "S-A", status: .paid, lines: [(lastOne, 1)]), effects: take,
                       reason: "paid", at: Fixture.noon)
        try back.save(try Fixture.sale(id: "S-B", status: .paid, lines: [(lastOne, 1)]), effects: take,
                      reason: "paid", at: Fixture.noon)
        #expect(try front.stock(productID: "LAST") == -1)
        #expect(try back.oversoldSales() == ["S-B": ["LAST"]])
        #expect(try front.sale(id: "S-B") != nil)
    }

    @Test func anOutputSeenByTwoLanesIsRecordedOnce() async throws {
        let (_, front, back) = try makeLanes()
        let seen = ChainObservationRecord(at: Fixture.noon, backend: "regtest", kind: "mempool", txid: "aa", output: 1,
                                          address: "bc1qtest0", amountUnits: 1500)
        try front.recordObservation(seen)
        try back.recordObservation(ChainObservationRecord(at: Fixture.noon.addingTimeInterval(2), backend: "regtest",
                                                          kind: "mempool", txid: "aa", output: 1, address: "bc1qtest0",
                                                          amountUnits: 1500))
        try back.recordObservation(ChainObservationRecord(at: Fixture.noon, backend: "regtest", kind: "mempool",
                                                          txid: "aa", output: 2, address: "bc1qtest1", amountUnits: 9))
        #expect(try front.observationCount() == 2)
    }

    @Test func outboxRowsGoToOneLaneUntilItsClaimLapses() async throws {
        let (_, front, back) = try makeLanes()
        try front.save(try Fixture.sale(id: "S-A", status: .paid), effects: [.notify(.paid), .notify(.quoted)],
                       reason: "paid", at: Fixture.noon)
        let taken = try front.pendingOutbox(at: Fixture.noon, limit: 10)
        #expect(taken.count == 2)
        #expect(try back.pendingOutbox(at: Fixture.noon, limit: 10).isEmpty)
        // The claiming lane may ask again (a retry after its own restart).
        #expect(try front.pendingOutbox(at: Fixture.noon, limit: 10).map(\.id) == taken.map(\.id))
        try front.markDelivered(outboxID: taken[0].id, at: Fixture.noon)
        // front-1 died holding the second row: after the claim lapses back-2 delivers it, with the same id.
        let lapse = Fixture.noon.addingTimeInterval(Double(PostgresStore.outboxClaimSeconds) + 1)
        #expect(try back.pendingOutbox(at: lapse, limit: 10).map(\.id) == [taken[1].id])
        #expect(try front.pendingOutbox(at: lapse, limit: 10).isEmpty)
    }

    @Test func aStoppedLanesSalesAreAdoptedOnceAndTakenBackOnRestart() async throws {
        let (ledger, front, back) = try makeLanes()
        let third = try ledger.lane("side-3") as! PostgresStore
        for lane in [front, back, third] { try lane.heartbeat(at: Fixture.noon) }
        try front.save(try Fixture.sale(id: "S-OPEN", status: .awaitingPayment), effects: [], reason: "quote",
                       at: Fixture.noon)
        try front.save(try Fixture.sale(id: "S-DONE", status: .cancelled), effects: [], reason: "cancel", at: Fixture.noon)
        // Inside the lease nobody adopts, even though front-1 said nothing since noon.
        let early = Fixture.noon.addingTimeInterval(Double(PostgresStore.leaseSeconds) - 1)
        for lane in [back, third] { try lane.heartbeat(at: early) }
        #expect(try back.adoptOrphanedSales(at: early).isEmpty)
        // front-1 stopped: two lanes try to adopt at the same moment; exactly one gets the open sale.
        let late = Fixture.noon.addingTimeInterval(Double(PostgresStore.leaseSeconds) + 1)
        let adopted = try await withThrowingTaskGroup(of: [String].self) { group in
            for lane in [back, third] {
                group.addTask { try await EngineStoreTests.offCooperativePool { try lane.adoptOrphanedSales(at: late).sales.map(\.id) } }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        #expect(adopted == ["S-OPEN"])
        let adopter = try front.lanes(ofSale: "S-OPEN")!.watchedBy
        #expect(adopter == "back-2" || adopter == "side-3")
        #expect(try front.openSales(at: late).isEmpty)
        #expect(try (adopter == "back-2" ? back : third).openSales(at: late).map(\.id) == ["S-OPEN"])
        // front-1 comes back and takes its sale back.
        #expect(try front.heartbeat(at: late) == ["S-OPEN"])
        #expect(try front.openSales(at: late).map(\.id) == ["S-OPEN"])
        #expect(try back.openSales(at: late).isEmpty && third.openSales(at: late).isEmpty)
        #expect(try front.laneHeartbeats().map(\.lane) == ["back-2", "front-1", "side-3"])
    }

    /// The adopting lane must read the chain again from where the stopped lane's watcher got to, or from the block
    /// of a payment it saw mined if that is lower, for the coins of the adopted sales only.
    @Test func anAdoptionSaysWhereToReadTheChainAgain() throws {
        let (_, front, back) = try makeLanes()
        for lane in [front, back] { try lane.heartbeat(at: Fixture.noon) }
        try front.save(try Fixture.sale(id: "S-OPEN", status: .awaitingPayment), effects: [], reason: "quote", at: Fixture.noon)
        try front.saveChainCursor(ChainCursor(backendID: "BTC", height: 900_010, blockHash: "b-900010"), at: Fixture.noon)
        try front.saveChainCursor(ChainCursor(backendID: "ETH", height: 500, blockHash: "e-500"), at: Fixture.noon)
        try back.saveChainCursor(ChainCursor(backendID: "BTC", height: 900_020, blockHash: "b-900020"), at: Fixture.noon)
        let late = Fixture.noon.addingTimeInterval(Double(PostgresStore.leaseSeconds) + 1)
        try back.heartbeat(at: late)
        let first = try back.adoptOrphanedSales(at: late)
        #expect(first.sales.map(\.id) == ["S-OPEN"])
        #expect(first.rescanFrom == ["BTC": 900_011], "front-1's BTC cursor; no ETH sale was adopted")

        // front-1 back (taking S-OPEN back) with a sale whose payment it saw mined at 900,000, below its cursor;
        // stopped again: both are adopted and the chain is read again from that block.
        #expect(try front.heartbeat(at: late) == ["S-OPEN"])
        try front.save(try Fixture.sale(id: "S-CONF", status: .confirming, paid: 20_000), effects: [], reason: "seen", at: late)
        let later = late.addingTimeInterval(Double(PostgresStore.leaseSeconds) + 1)
        try back.heartbeat(at: later)
        let second = try back.adoptOrphanedSales(at: later)
        #expect(second.sales.map(\.id) == ["S-CONF", "S-OPEN"])
        #expect(second.rescanFrom == ["BTC": 900_000])
        #expect(try back.adoptOrphanedSales(at: later) == Adoption(), "nothing left to adopt, nothing to read again")
    }

    /// An adoption's rescan is owed at every start of the adopting lane (a kill may come before its watcher saved
    /// the moved-back cursor), to that lane only, at the lowest height owed, until it watches no adopted sale.
    @Test func anAdoptionsRescanIsOwedAtEveryStartUntilNoAdoptedSaleIsWatched() throws {
        let (ledger, front, back) = try makeLanes()
        let third = try ledger.lane("side-3") as! PostgresStore
        for lane in [front, back, third] { try lane.heartbeat(at: Fixture.noon) }
        try front.save(try Fixture.sale(id: "S-FRONT", status: .awaitingPayment), effects: [], reason: "quote", at: Fixture.noon)
        try front.saveChainCursor(ChainCursor(backendID: "BTC", height: 900_010, blockHash: "b-900010"), at: Fixture.noon)
        #expect(try back.pendingRescans().isEmpty)
        let late = Fixture.noon.addingTimeInterval(Double(PostgresStore.leaseSeconds) + 1)
        for lane in [back, third] { try lane.heartbeat(at: late) }
        #expect(try back.adoptOrphanedSales(at: late).rescanFrom == ["BTC": 900_011])
        // back-2 "restarts": a new connection of the same lane still owes it; its heartbeat keeps it; no other lane owes it.
        let restarted = try ledger.lane("back-2") as! PostgresStore
        try restarted.heartbeat(at: late)
        #expect(try restarted.pendingRescans() == ["BTC": 900_011])
        #expect(try third.pendingRescans().isEmpty && front.pendingRescans().isEmpty)

        // side-3 stops with a sale whose payment it saw mined lower: adopted too, the lowest height is owed.
        try third.save(try Fixture.sale(id: "S-SIDE", status: .confirming, paid: 20_000), effects: [], reason: "seen", at: late)
        let later = late.addingTimeInterval(Double(PostgresStore.leaseSeconds) + 1)
        try restarted.heartbeat(at: later)
        try front.heartbeat(at: later)  // front-1 is back: takes S-FRONT back
        #expect(try restarted.adoptOrphanedSales(at: later).sales.map(\.id) == ["S-SIDE"])
        #expect(try restarted.pendingRescans() == ["BTC": 900_000])
        try restarted.heartbeat(at: later)
        #expect(try restarted.pendingRescans() == ["BTC": 900_000], "S-SIDE is still watched here")

        // side-3 is back and takes S-SIDE: back-2 watches no adopted sale, so nothing is owed any more.
        try third.heartbeat(at: later)
        try restarted.heartbeat(at: later)
        #expect(try restarted.pendingRescans().isEmpty)
    }

    @Test func twoLanesAppendingAtOnceKeepOneUnbrokenAuditChain() async throws {
        let (_, front, back) = try makeLanes()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for lane in [front, back] {
                group.addTask {
                    try await EngineStoreTests.offCooperativePool {
                        for number in 0..<50 {
                            _ = try lane.appendAudit(at: Fixture.noon, actor: lane.lane, action: "test",
                                                     details: "\(number)") { prev, entry in
                                "\(prev)|\(entry.id)|\(entry.actor)|\(entry.details)".hashValue.description
                            }
                        }
                    }
                }
            }
            try await group.waitForAll()
        }
        let log = try front.auditLog(afterID: 0, limit: 1000)
        #expect(log.map(\.id) == Array(1...100))
        #expect(log.first?.prevHash == "")
        for (previous, entry) in zip(log, log.dropFirst()) { #expect(entry.prevHash == previous.hash) }
        #expect(Set(log.map(\.actor)) == ["front-1", "back-2"])
        #expect(try back.lastAuditEntry() == log.last)
    }

    @Test func lanesStartingTogetherMigrateOnceAndANewerSchemaIsRefused() async throws {
        let keys = try TemporaryDirectory(prefix: "till-pg-key")
        let server = try await PostgresServer.shared()
        let url = server.url(database: try server.createDatabase(prefix: "migrate"))
        let location = try PostgresLocation.parse(url, environment: [:])
        let stores = try await withThrowingTaskGroup(of: PostgresStore.self) { group in
            for lane in ["a", "b", "c"] {
                group.addTask {
                    try await EngineStoreTests.offCooperativePool {
                        try PostgresStore(location: location, lane: lane, keyDirectory: keys.url.path, timeZone: EngineLedger.utc)
                    }
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(try stores[0].appliedMigrations() == ["pg1-ledger", "pg1-accounts", "pg1-lanes", "pg2-webhook-deliveries", "pg3-lane-state", "pg4-sale-totals", "pg5-day-and-all-time-totals", "pg6-lane-rescans"])
        try server.psql("INSERT INTO till_migrations VALUES ('pg9-future', 99, 0, 'x')", database: location.database)
        #expect(throws: StoreError.newerSchema(path: location.redacted, unknownMigrations: ["pg9-future"])) {
            try PostgresStore(location: location, lane: "d", keyDirectory: keys.url.path, timeZone: EngineLedger.utc)
        }
    }

    @Test func aBadLaneNameOrUnreachableServerIsAClearError() async throws {
        let keys = try TemporaryDirectory(prefix: "till-pg-key")
        let server = try await PostgresServer.shared()
        let location = try PostgresLocation.parse(server.url(database: "postgres"), environment: [:])
        #expect(throws: StoreError.self) { try PostgresStore(location: location, lane: "Front 1\u{1b}", keyDirectory: keys.url.path) }
        do {
            _ = try PostgresStore(location: location, lane: "Front 1\u{1b}", keyDirectory: keys.url.path)
        } catch {
            #expect("\(error)".contains("lane") && !"\(error)".contains("\u{1b}"))
        }
        let nobody = PostgresLocation(host: "127.0.0.1", port: Processes.freePort(), user: "till", database: "x",
                                      sslMode: .disable)
        do {
            _ = try PostgresStore(location: nobody, lane: "front-1", keyDirectory: keys.url.path, timeout: 3)
            Issue.record("a store opened on a port where no server listens")
        } catch {
            guard case .cannotOpen(let path, _) = error else { Issue.record("\(error)"); return }
            #expect(path == nobody.redacted)
        }
    }
}
