import Foundation
import Testing
import TillCore
@testable import TillUI

/// A lane whose shared ledger is offline (or a till whose disk is full) makes no new quote: a quote takes an address
/// from the ledger, and one that cannot be saved could be handed to two customers.
struct LedgerOfflineTests {
    static let offline = StorageAlert(label: "LEDGER OFFLINE", message: "nothing new can be saved: the shop's ledger (PostgreSQL) cannot be reached")

    @Test func checkoutWhileTheLedgerIsOfflineAsksForNoQuote() throws {
        var model = try HandOffFixture.model()
        _ = model.handle(.key(.enter))
        _ = model.handle(.storage(Self.offline))
        let effects = model.handle(.key(.character("c")))
        #expect(effects.isEmpty, "\(effects)")
        #expect(model.sale?.asset == nil, "no coin was chosen")
        #expect(model.notice?.text.contains("no new quote while LEDGER OFFLINE") == true, "\(String(describing: model.notice))")
        #expect(TillScreen.render(model).text.contains("LEDGER OFFLINE"))
    }

    @Test func onceTheLedgerAnswersAgainCheckoutQuotes() throws {
        var model = try HandOffFixture.model()
        _ = model.handle(.key(.enter))
        _ = model.handle(.storage(Self.offline))
        _ = model.handle(.storage(nil))
        let effects = model.handle(.key(.character("c")))
        #expect(effects.contains { if case .persist = $0 { true } else { false } }, "\(effects)")
        #expect(model.sale?.asset == .btc)
    }

    @Test func adoptedSalesJoinTheStripAndReleasedOnesLeaveIt() throws {
        var model = try HandOffFixture.model()
        // Another lane's sale waiting for its payment (the fixture's S-1), adopted by a till with no sale of its own.
        let adopted = try #require(try HandOffFixture.awaiting().sale)
        _ = model.handle(.adoptedSales([adopted]))
        #expect(model.inFlight.map(\.id) == [adopted.id])
        #expect(model.notice?.text.contains("watching 1 sale(s) of a stopped till: \(adopted.id)") == true)
        _ = model.handle(.releasedSales([adopted.id]))
        #expect(model.inFlight.isEmpty)
        #expect(model.notice?.text.contains("went back to the till that made them") == true)
    }
}
