import Foundation
import Testing
import TillCore
@testable import TillUI

/// The payment panel says when the till cannot see the chain, and never "nothing was received" without looking.
@Suite struct ChainSightTests {
    static let size = TextSize(columns: 80, rows: 24)

    func payment(backend: BackendStatus, expired: Bool) throws -> String {
        var model = try ScreenSnapshotTests.scene(Self.size, keys: [.enter, .down, .enter, .enter, .character("c"), .character("1")])
        let quote = try ScreenSnapshotTests.quote(model)
        _ = model.handle(.sale(id: "S-20260920-0001", .quoteReady(quote)))
        if expired { _ = model.handle(.sale(id: "S-20260920-0001", .tick(quote.expiresAt.addingTimeInterval(1)))) }
        model.coins[0].backend = backend
        return TillScreen.render(model).text
    }

    @Test func anExpiredQuoteWhileOfflineSaysTheChainCouldNotBeChecked() throws {
        let offline = BackendStatus.offline(reason: "cannot reach node 127.0.0.1:18443", since: ScreenSnapshotTests.t0)
        let screen = try payment(backend: offline, expired: true)
        #expect(!screen.contains("nothing was received"), "\(screen)")
        #expect(screen.contains("could not be checked"), "\(screen)")
        #expect(try payment(backend: .online, expired: true).contains("EXPIRED: nothing was received"))
    }

    @Test func aWaitingSaleSaysTheTillCannotSeeTheChain() throws {
        let offline = BackendStatus.offline(reason: "cannot reach node", since: ScreenSnapshotTests.t0)
        #expect(try payment(backend: offline, expired: false).contains("BTC OFFLINE: the till cannot see"))
        #expect(!(try payment(backend: .online, expired: false).contains("OFFLINE: the till cannot see")))
    }
}
