import Foundation
import Testing
@testable import TillCore

private typealias F = Fixture

/// A paid sale stays watched for its reorg window after it became paid, then its addresses are let go.
@Suite struct ReorgWindowTests {
    static let due = F.due.units
    static let unwatch: [SaleEffect] = [.unwatch(address: F.address, asset: .btc)]

    /// Seen a minute after the quote (in time, so not late: a late sale moves no stock until a manager accepts it)
    /// and paid `paidAfter` seconds after the quote was made, with the required 6 confirmations.
    static func paid(after paidAfter: Int, policy: PaymentPolicy = F.policy) -> Sale {
        F.apply(F.awaiting(policy: policy), [.observed(F.payment(1, due), at: F.at(min(60, paidAfter))),
                                             .observed(F.payment(1, due, confirmations: 6), at: F.at(paidAfter))])
    }

    @Test func thePaidSaleIsWatchedUntilTheReorgWindowAfterItWasPaidEnds() {
        // Paid two hours after the quote: the late window (24 h after expiry at 15 min) ends first.
        var sale = Self.paid(after: 7_200)
        #expect(sale.status == .paid && sale.watching)
        #expect(sale.reorgWindowEnd == F.at(7_200 + 86_400))
        let lateWindowEnd = F.policy.expirySeconds + F.policy.lateWindowSeconds
        #expect(sale.handle(.tick(F.at(lateWindowEnd))) == [], "the late window alone does not end the watch of a paid sale")
        #expect(sale.handle(.tick(F.at(7_200 + 86_399))) == [])
        #expect(sale.watching)
        #expect(sale.handle(.tick(F.at(7_200 + 86_400))) == Self.unwatch)
        #expect(!sale.watching)
        #expect(sale.reorgWindowEnd == F.at(7_200 + 86_400), "the end stays known after the watch ended")
    }

    @Test func theLateWindowStillHoldsWhenTheReorgWindowIsShorter() {
        var sale = Self.paid(after: 60, policy: PaymentPolicy(reorgWindowSeconds: 3_600))
        let lateWindowEnd = F.policy.expirySeconds + F.policy.lateWindowSeconds
        #expect(sale.handle(.tick(F.at(3_660))) == [], "late payments are still recorded until the late window ends")
        #expect(sale.handle(.tick(F.at(lateWindowEnd))) == Self.unwatch)
    }

    @Test func aReorgInsideTheWindowTakesTheSaleOutOfPaidAndGivesTheStockBack() {
        var sale = Self.paid(after: 7_200)
        _ = sale.handle(.tick(F.at(50_000)))
        let effects = sale.handle(.reorged(F.ref(1), at: F.at(60_000)))
        #expect(sale.status == .confirming)
        #expect(sale.flags.contains(.reorged))
        #expect(effects.contains(.adjustStock([StockChange(productID: F.laptop.id, delta: 1)])))
        #expect(sale.reorgWindowEnd == nil, "no longer paid: watched as any confirming sale")
        #expect(sale.handle(.tick(F.at(7_200 + 86_400 * 3))) == [], "a confirming sale is never let go")

        // Confirmed again: a fresh window from the new paid time.
        _ = sale.handle(.observed(F.payment(1, Self.due, confirmations: 6, hash: "block-b"), at: F.at(61_000)))
        #expect(sale.status == .paid)
        #expect(sale.reorgWindowEnd == F.at(61_000 + 86_400))
    }

    @Test func aManagerAcceptedSaleIsWatchedForItsReorgWindowToo() {
        var sale = F.apply(F.awaiting(), [.observed(F.payment(1, Self.due / 2), at: F.at(60)),
                                          .managerAccept(reason: "regular customer", at: F.at(7_200))])
        #expect(sale.status == .paid)
        #expect(sale.reorgWindowEnd == F.at(7_200 + 86_400))
        let lateWindowEnd = F.policy.expirySeconds + F.policy.lateWindowSeconds
        #expect(sale.handle(.tick(F.at(lateWindowEnd))) == [])
        #expect(sale.handle(.tick(F.at(7_200 + 86_400))) == Self.unwatch)
    }

    @Test func aPolicySavedBeforeTheReorgWindowExistedDecodesWithTheDefault() throws {
        let old = #"{"expirySeconds":900,"lateWindowSeconds":3600,"requiredConfirmations":2,"underpaymentToleranceBasisPoints":0}"#
        let policy = try JSONDecoder().decode(PaymentPolicy.self, from: Data(old.utf8))
        #expect(policy == PaymentPolicy(requiredConfirmations: 2, lateWindowSeconds: 3_600, reorgWindowSeconds: 86_400))
        let custom = PaymentPolicy(reorgWindowSeconds: 7_200)
        #expect(try JSONDecoder().decode(PaymentPolicy.self, from: JSONEncoder().encode(custom)) == custom)
    }
}
