import Foundation
import Testing
import TillCore
import TillStore

/// The read-only list of reuse candidates is exactly what `allocateAddress` walks past the gap limit.
@Suite struct ReusableAddressTests {
    func allocate(_ database: TillDatabase, sale: String, at: Date = Fixture.noon,
                  unused: (String) throws -> Bool = { _ in true }) throws -> AllocatedAddress {
        try database.allocateAddress(AddressRequest(walletID: "btc", gapLimit: 3, saleID: sale, at: at),
                                     derive: AddressTests.derive, isUnusedOnChain: unused)
    }

    @Test func candidatesAreClosedUnpaidSalesAddressesInTheOrderTheAllocatorAsks() throws {
        let test = try TestDatabase()
        let expired = try allocate(test.database, sale: "S-A")
        let open = try allocate(test.database, sale: "S-B")
        let cancelled = try allocate(test.database, sale: "S-C")
        try test.database.save(try Fixture.sale(id: "S-A", status: .expired, address: expired.address), effects: [], reason: "t", at: Fixture.noon)
        try test.database.save(try Fixture.sale(id: "S-B", status: .awaitingPayment, address: open.address), effects: [], reason: "t", at: Fixture.noon)
        try test.database.save(try Fixture.sale(id: "S-C", status: .cancelled, address: cancelled.address), effects: [], reason: "t", at: Fixture.noon)
        // Inside the expired sale's late window only the cancelled one; after it, both, lowest index first.
        #expect(try test.database.reusableAddresses(walletID: "btc", at: Fixture.noon).map(\.address) == [cancelled.address])
        let later = Fixture.noon.addingTimeInterval(900 + 86_400 + 60)
        let listed = try test.database.reusableAddresses(walletID: "btc", at: later)
        #expect(listed == [ReusableAddress(index: 0, address: expired.address, path: expired.path),
                           ReusableAddress(index: 2, address: cancelled.address, path: cancelled.path)])
        #expect(try test.database.reusableAddresses(walletID: "other", at: later).isEmpty)
        #expect(try test.database.reusableAddresses(walletID: "btc", chain: 1, at: later).isEmpty)

        // The allocator asks the chain about the same addresses in the same order (here none is unused, so it
        // throws before marking anything: a throwing answer rolls the whole write back).
        struct NoProof: Error {}
        var asked: [String] = []
        #expect(throws: StoreError.self) {
            try allocate(test.database, sale: "S-D", at: later) { asked.append($0); if asked.count == 2 { throw NoProof() }; return false }
        }
        #expect(asked == listed.map(\.address))
        #expect(try test.database.reusableAddresses(walletID: "btc", at: later) == listed, "nothing was marked funded")

        let reused = try allocate(test.database, sale: "S-D", at: later)
        #expect(reused.address == expired.address && reused.reused)
        #expect(try test.database.reusableAddresses(walletID: "btc", at: later).map(\.address) == [cancelled.address])
    }
}
