import Foundation
import Testing
import TillConfig
import TillCore
import TillStore
import TillStorePostgres
import TillTestSupport

/// The shop's server restarted while a lane is mid-sale: the lane gets an offline error (never a hang or a half
/// write), keeps what was committed, and works again by itself once the server is back.
@Suite(.serialized) struct PostgresRestartTests {
    @Test func aRestartMidSaleIsReportedLosesNothingAndRecovers() throws {
        let server = try PostgresServer()
        defer { server.destroy() }
        let location = try PostgresLocation.parse(server.url(database: try server.createDatabase()), environment: [:])
        let keys = try TemporaryDirectory(prefix: "till-pg-key")
        let store = try PostgresStore(location: location, lane: "front-1", keyDirectory: keys.url.path,
                                      timeZone: EngineLedger.utc, timeout: 5)
        let request = AddressRequest(walletID: "btc", saleID: "S-1", at: Fixture.noon)
        let quoted = try store.saveQuoted(request, reason: "quote", derive: EngineStoreTests.derive,
                                          isUnusedOnChain: { _ in true }, build: { address in
            (try Fixture.sale(id: "S-1", status: .awaitingPayment, address: address.address), [.notify(.quoted)])
        })

        // The server goes down in the middle of the next quote's transaction.
        let second = AddressRequest(walletID: "btc", saleID: "S-2", at: Fixture.noon)
        do {
            _ = try store.saveQuoted(second, reason: "quote", derive: EngineStoreTests.derive,
                                     isUnusedOnChain: { _ in true }, build: { address in
                server.stop()
                return (try Fixture.sale(id: "S-2", status: .awaitingPayment, address: address.address), [])
            })
            Issue.record("a quote was saved while the server was down")
        } catch let error as StoreError {
            guard case .cannotOpen(let path, _) = error else { Issue.record("not reported offline: \(error)"); return }
            #expect(path == location.redacted)
        }
        #expect(!store.isReachable())
        #expect(throws: StoreError.self) { try store.sale(id: "S-1") }

        try server.start()
        #expect(store.isReachable())
        // What was committed is all there; the interrupted quote left nothing, so S-2 gets the next index.
        #expect(try store.sale(id: "S-1")?.currentQuote?.address == quoted.address.address)
        #expect(try store.sale(id: "S-2") == nil)
        let retried = try store.saveQuoted(second, reason: "quote", derive: EngineStoreTests.derive,
                                           isUnusedOnChain: { _ in true }, build: { address in
            (try Fixture.sale(id: "S-2", status: .awaitingPayment, address: address.address), [])
        })
        #expect(retried.address.index == 1)
        #expect(try store.pendingOutbox(at: Fixture.noon, limit: 10).map(\.kind) == ["notify"])
    }
}
