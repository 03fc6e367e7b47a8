import Foundation
import GRDB
import Testing
import TillCore
import TillStore

@Suite struct AddressTests {
    static func derive(_ index: Int) -> IndexedAddress {
        IndexedAddress(address: "bc1qtest\(index)", path: "m/84'/0'/0'/0/\(index)")
    }

    func allocate(_ database: TillDatabase, sale: String, gap: Int = 20, at: Date = Fixture.noon,
                  unused: (String) -> Bool = { _ in true }) throws -> AllocatedAddress {
        try database.allocateAddress(AddressRequest(walletID: "btc", gapLimit: gap, saleID: sale, at: at),
                                     derive: Self.derive, isUnusedOnChain: unused)
    }

    @Test func indexesFollowOnAndNeverRepeatAcrossReopen() throws {
        let test = try TestDatabase()
        var seen = try (0..<5).map { try allocate(test.database, sale: "S-\($0)") }
        let again = try test.reopened()
        seen += try (5..<10).map { try allocate(again, sale: "S-\($0)") }
        #expect(seen.map(\.index) == Array(0..<10))
        #expect(Set(seen.map(\.address)).count == 10)
        #expect(seen[7].path == "m/84'/0'/0'/0/7" && !seen[7].reused)
        #expect(try again.allocatedAddresses(walletID: "btc", chain: 0) == seen)
    }

    @Test func askingAgainForTheSameSaleGivesTheSameAddress() throws {
        let test = try TestDatabase()
        let first = try allocate(test.database, sale: "S-1")
        let retry = try allocate(test.reopened(), sale: "S-1")
        #expect(first == retry)
        #expect(try allocate(test.database, sale: "S-2").index == 1)
    }

    @Test func theGapLimitCountsUnusedAddressesAfterTheLastFundedOne() throws {
        let test = try TestDatabase()
        let first = try (0..<3).map { try allocate(test.database, sale: "S-\($0)", gap: 3) }
        #expect(throws: StoreError.gapLimitReached(walletID: "btc", chain: 0, gapLimit: 3)) {
            try allocate(test.database, sale: "S-3", gap: 3)
        }
        try test.database.markFunded(address: first[1].address, at: Fixture.noon)
        #expect(try allocate(test.database, sale: "S-3", gap: 3).index == 3)
        #expect(try allocate(test.database, sale: "S-4", gap: 3).index == 4)
        #expect(throws: StoreError.self) { try allocate(test.database, sale: "S-5", gap: 3) }
    }

    @Test func pastTheGapAClosedSalesProvablyUnusedAddressIsReused() throws {
        let test = try TestDatabase()
        let expired = try allocate(test.database, sale: "S-A", gap: 2)
        let cancelled = try allocate(test.database, sale: "S-B", gap: 2)
        try test.database.save(try Fixture.sale(id: "S-A", status: .expired, address: expired.address),
                               effects: [], reason: "t", at: Fixture.noon)
        try test.database.save(try Fixture.sale(id: "S-B", status: .cancelled, address: cancelled.address),
                               effects: [], reason: "t", at: Fixture.noon)
        // Within S-A's late window only the cancelled sale's address may go, and only if the chain agrees.
        var asked: [String] = []
        let reused = try allocate(test.database, sale: "S-C", gap: 2) { asked.append($0); return true }
        #expect(asked == [cancelled.address])
        #expect(reused.address == cancelled.address && reused.reused && reused.index == 1)
        #expect(throws: StoreError.gapLimitReached(walletID: "btc", chain: 0, gapLimit: 2)) {
            try allocate(test.database, sale: "S-D", gap: 2)
        }
        // After the late window S-A's address is a candidate, but the chain saw funds on it: it is marked
        // funded, never handed out, and the gap window moves past it so a fresh index is allowed.
        let later = Fixture.noon.addingTimeInterval(900 + 86_400 + 60)
        let fresh = try allocate(test.database, sale: "S-D", gap: 2, at: later) { $0 != expired.address }
        #expect(fresh.index == 2 && !fresh.reused)
        let states = try test.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT state FROM addresses ORDER BY idx")
        }
        #expect(states == ["funded", "allocated", "allocated"])
    }

    @Test func anAddressThatReceivedFundsIsNeverReused() throws {
        let test = try TestDatabase()
        let address = try allocate(test.database, sale: "S-A", gap: 1)
        // Cancelled, yet a payment was recorded for it: saving marks it funded.
        try test.database.save(try Fixture.sale(id: "S-A", status: .cancelled, address: address.address, paid: 10),
                               effects: [], reason: "t", at: Fixture.noon)
        let next = try allocate(test.database, sale: "S-B", gap: 1) { _ in Issue.record("asked the chain"); return true }
        #expect(next.index == 1 && next.address != address.address)
    }

    @Test func saveQuotedAllocatesAndSavesInOneTransaction() throws {
        let test = try TestDatabase()
        let request = AddressRequest(walletID: "btc", saleID: "S-Q", at: Fixture.noon)
        struct BuildFailed: Error {}
        #expect(throws: StoreError.self) {
            _ = try test.database.saveQuoted(request, reason: "quote", derive: Self.derive, isUnusedOnChain: { _ in true },
                                             build: { _ in throw BuildFailed() })
        }
        #expect(try test.database.allocatedAddresses(walletID: "btc", chain: 0).isEmpty)
        let (address, sale) = try test.database.saveQuoted(request, reason: "quote", derive: Self.derive,
                                                          isUnusedOnChain: { _ in true }) { address in
            (try Fixture.sale(id: "S-Q", status: .awaitingPayment, address: address.address),
             [.watch(address: address.address, asset: .btc)])
        }
        #expect(address.index == 0)
        #expect(try test.database.sale(id: "S-Q") == sale)
        #expect(try test.database.sale(id: "S-Q")?.currentQuote?.address == address.address)
        #expect(try test.database.outbox(saleID: "S-Q").map(\.kind) == ["watch"])
    }
}
