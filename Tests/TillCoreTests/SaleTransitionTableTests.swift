import BigInt
import Foundation
import Testing
@testable import TillCore

/// One row of the transition table: a sale in some state, an event, the state and effects that follow.
struct TransitionRow: CustomTestStringConvertible, Sendable {
    let name: String
    let given: @Sendable () -> Sale
    let event: SaleEvent
    let state: SaleState
    let effects: [SaleEffect]
    var flags: Set<SaleFlag> = []
    var testDescription: String { name }

    /// Runs the event on the given sale and checks the state (and the stored status), effects and flags.
    func check() {
        var sale = given()
        let effects = sale.handle(event)
        #expect(sale.state == state)
        #expect(sale.status == state.status)
        #expect(effects == self.effects)
        #expect(sale.flags == flags)
    }
}

private typealias F = Fixture
private let due = F.due.units
private let lapStock: [StockChange] = [StockChange(productID: F.laptop.id, delta: -1)]
private let lapBack: [StockChange] = [StockChange(productID: F.laptop.id, delta: 1)]
private let remainder = F.sats(due - 1_000_000)
private let expiry = F.policy.expirySeconds
private let lateEnd = F.policy.expirySeconds + F.policy.lateWindowSeconds
private let zeroConf = PaymentPolicy(zeroConfLimit: FiatAmount(minor: 200_000, currency: .usd))
private let tolerant = PaymentPolicy(underpaymentToleranceBasisPoints: 100)

private let rows: [TransitionRow] = [
    // Building the cart.
    TransitionRow(name: "add to cart", given: F.building, event: .addProduct(F.mouse, quantity: 2), state: .building, effects: []),
    TransitionRow(name: "checkout asks for a quote", given: F.building, event: .checkout(.btc, policy: F.policy, at: F.t0),
                  state: .quotePending, effects: [.requestQuote(asset: .btc, amount: F.laptop.price, remainder: nil, reuseAddress: nil)]),
    TransitionRow(name: "empty cart cannot check out", given: { Sale(id: "S-0", cashier: "a", openedAt: F.t0, cart: Cart(currency: .usd)) },
                  event: .checkout(.btc, policy: F.policy, at: F.t0), state: .building, effects: [.notify(.rejected("the cart is empty"))]),
    TransitionRow(name: "quote shown, address watched", given: { F.apply(F.building(), [.checkout(.btc, policy: F.policy, at: F.t0)]) },
                  event: .quoteReady(F.quote()), state: .awaitingPayment,
                  effects: [.watch(address: F.address, asset: .btc), .notify(.quoted)]),
    TransitionRow(name: "quote failure returns to the cart", given: { F.apply(F.building(), [.checkout(.btc, policy: F.policy, at: F.t0)]) },
                  event: .quoteFailed(reason: "rate too old"), state: .building, effects: [.notify(.rejected("no quote: rate too old"))]),
    TransitionRow(name: "cart frozen after quote", given: { F.awaiting() }, event: .addProduct(F.mouse, quantity: 1),
                  state: .awaitingPayment, effects: [.notify(.rejected("the cart can only change before checkout"))]),

    // Payment seen, confirming, paid.
    TransitionRow(name: "payment seen in mempool", given: { F.awaiting() }, event: .observed(F.payment(1, due), at: F.at(60)),
                  state: .confirming, effects: [.notify(.paymentSeen(F.ref(1))), .notify(.confirmations(0, of: 6))]),
    TransitionRow(name: "confirmations count up", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due), at: F.at(60))]) },
                  event: .observed(F.payment(1, due, confirmations: 3), at: F.at(1_800)), state: .confirming,
                  effects: [.notify(.confirmations(3, of: 6))]),
    TransitionRow(name: "sixth confirmation pays", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 5), at: F.at(60))]) },
                  event: .observed(F.payment(1, due, confirmations: 6), at: F.at(4_000)), state: .paid,
                  effects: [.notify(.paid), .adjustStock(lapStock)]),
    TransitionRow(name: "overpaid is paid and flagged", given: { F.awaiting() },
                  event: .observed(F.payment(1, due + 500, confirmations: 6), at: F.at(60)), state: .paid,
                  effects: [.notify(.paymentSeen(F.ref(1))), .notify(.paid), .notify(.overpaid(by: F.sats(500))), .adjustStock(lapStock)],
                  flags: [.overpaid]),

    // Underpayment.
    TransitionRow(name: "underpaid asks for the rest", given: { F.awaiting() }, event: .observed(F.payment(1, 1_000_000), at: F.at(60)),
                  state: .underpaid, effects: [.notify(.paymentSeen(F.ref(1))), .notify(.underpaid(stillDue: remainder)),
                                                .requestQuote(asset: .btc, amount: F.laptop.price, remainder: remainder, reuseAddress: F.address)],
                  flags: [.underpaid]),
    TransitionRow(name: "quote for the rest shown", given: { F.apply(F.awaiting(), [.observed(F.payment(1, 1_000_000), at: F.at(60))]) },
                  event: .quoteReady(F.quote(amount: remainder, created: 60)), state: .underpaid, effects: [.notify(.quoted)], flags: [.underpaid]),
    TransitionRow(name: "topped up", given: { F.apply(F.awaiting(), [.observed(F.payment(1, 1_000_000), at: F.at(60)),
                                                                     .quoteReady(F.quote(amount: remainder, created: 60))]) },
                  event: .observed(F.payment(2, remainder.units), at: F.at(120)), state: .confirming,
                  effects: [.notify(.paymentSeen(F.ref(2))), .notify(.confirmations(0, of: 6))]),
    TransitionRow(name: "tolerated shortfall confirms", given: { F.awaiting(policy: tolerant) },
                  event: .observed(F.payment(1, due - due / 100), at: F.at(60)), state: .confirming,
                  effects: [.notify(.paymentSeen(F.ref(1))), .notify(.confirmations(0, of: 6))]),
    TransitionRow(name: "underpaid expires with funds", given: { F.apply(F.awaiting(), [.observed(F.payment(1, 1_000_000), at: F.at(60)),
                                                                                        .quoteReady(F.quote(amount: remainder, created: 60))]) },
                  event: .tick(F.at(60 + expiry)), state: .expired, effects: [.notify(.expired)], flags: [.expiredWithFunds, .underpaid]),

    // Expiry and late payment.
    TransitionRow(name: "not yet expired", given: { F.awaiting() }, event: .tick(F.at(expiry - 1)), state: .awaitingPayment, effects: []),
    TransitionRow(name: "expires", given: { F.awaiting() }, event: .tick(F.at(expiry)), state: .expired, effects: [.notify(.expired)]),
    TransitionRow(name: "late payment is recorded and flagged", given: { F.apply(F.awaiting(), [.tick(F.at(expiry))]) },
                  event: .observed(F.payment(1, due), at: F.at(expiry + 60)), state: .confirming,
                  effects: [.notify(.paymentSeen(F.ref(1))), .notify(.confirmations(0, of: 6))], flags: [.paidLate]),
    TransitionRow(name: "late payment confirmed is paid late", given: { F.apply(F.awaiting(), [.tick(F.at(expiry))]) },
                  event: .observed(F.payment(1, due, confirmations: 6), at: F.at(expiry + 60)), state: .paid,
                  effects: [.notify(.paymentSeen(F.ref(1))), .notify(.paid), .notify(.paidLate)], flags: [.paidLate]),

    // Reorgs and double spends.
    TransitionRow(name: "reorg takes a paid sale back to confirming", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 6), at: F.at(60))]) },
                  event: .reorged(F.ref(1), at: F.at(700)), state: .confirming,
                  effects: [.notify(.reorged(F.ref(1))), .notify(.confirmations(0, of: 6)), .adjustStock(lapBack)], flags: [.reorged]),
    TransitionRow(name: "block hash change is a reorg", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 6), at: F.at(60))]) },
                  event: .observed(F.payment(1, due, confirmations: 1, hash: "block-b"), at: F.at(700)), state: .confirming,
                  effects: [.notify(.reorged(F.ref(1))), .notify(.confirmations(1, of: 6)), .adjustStock(lapBack)], flags: [.reorged]),
    TransitionRow(name: "double spend before expiry awaits again", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due), at: F.at(60))]) },
                  event: .vanished(F.ref(1), at: F.at(120)), state: .awaitingPayment, effects: [.notify(.doubleSpent(F.ref(1)))], flags: [.doubleSpent]),
    TransitionRow(name: "double spend of a paid sale after expiry", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 6), at: F.at(60))]) },
                  event: .vanished(F.ref(1), at: F.at(expiry + 10)), state: .expired,
                  effects: [.notify(.doubleSpent(F.ref(1))), .adjustStock(lapBack), .notify(.expired)], flags: [.doubleSpent]),

    // Zero confirmations for small sales, never with replace-by-fee.
    TransitionRow(name: "zero-conf small sale pays at once", given: { F.awaiting(policy: zeroConf) }, event: .observed(F.payment(1, due), at: F.at(60)),
                  state: .paid, effects: [.notify(.paymentSeen(F.ref(1))), .notify(.paid), .adjustStock(lapStock)]),
    TransitionRow(name: "zero-conf refused for RBF", given: { F.awaiting(policy: zeroConf) }, event: .observed(F.payment(1, due, rbf: true), at: F.at(60)),
                  state: .confirming, effects: [.notify(.paymentSeen(F.ref(1))), .notify(.confirmations(0, of: 6))]),

    // People.
    TransitionRow(name: "cashier cancels a waiting sale", given: { F.awaiting() }, event: .cancel(at: F.at(30)), state: .cancelled, effects: [.notify(.cancelled)]),
    TransitionRow(name: "cannot cancel once paid into", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due), at: F.at(60))]) },
                  event: .cancel(at: F.at(90)), state: .confirming,
                  effects: [.notify(.rejected("a payment was seen; a manager must void or accept the sale"))]),
    TransitionRow(name: "manager accepts an underpaid sale", given: { F.apply(F.awaiting(), [.observed(F.payment(1, 1_000_000), at: F.at(60))]) },
                  event: .managerAccept(reason: "customer short, known regular", at: F.at(200)), state: .paid,
                  effects: [.notify(.acceptedByManager(reason: "customer short, known regular")), .notify(.paid), .adjustStock(lapStock)],
                  flags: [.underpaid, .acceptedByManager]),
    TransitionRow(name: "manager cannot void a paid sale", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 6), at: F.at(60))]) },
                  event: .managerVoid(reason: "x", at: F.at(90)), state: .paid, effects: [.notify(.rejected("a paid sale cannot be voided"))]),
    TransitionRow(name: "manager voids an expired sale", given: { F.apply(F.awaiting(), [.tick(F.at(expiry))]) },
                  event: .managerVoid(reason: "customer left", at: F.at(expiry + 5)), state: .voided, effects: [.notify(.voided(reason: "customer left"))]),

    // The watch ends after the late window.
    TransitionRow(name: "late window closes the watch", given: { F.apply(F.awaiting(), [.tick(F.at(expiry))]) },
                  event: .tick(F.at(lateEnd)), state: .expired, effects: [.unwatch(address: F.address, asset: .btc)]),
    TransitionRow(name: "a confirming payment keeps the watch", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due), at: F.at(60))]) },
                  event: .tick(F.at(lateEnd + 1)), state: .confirming, effects: []),
    TransitionRow(name: "payment to a foreign address is rejected", given: { F.awaiting() },
                  event: .observed(F.payment(1, due, address: "mother"), at: F.at(60)), state: .awaitingPayment,
                  effects: [.notify(.rejected("mother is not an address of this sale"))]),
]

@Suite struct SaleTransitionTableTests {
    @Test(arguments: rows)
    func transition(_ row: TransitionRow) { row.check() }

    @Test func everyStateIsReachedByTheTables() {
        let reached = Set((rows + quotePendingRows).map(\.state))
        #expect(reached == Set(SaleState.allCases))
        #expect(Set(SaleState.allCases.map(\.status)) == Set(SaleStatus.allCases))
    }

    @Test func transitionsAreRecordedWithTimeAndReason() {
        let sale = F.apply(F.awaiting(), [.observed(F.payment(1, due), at: F.at(60)), .observed(F.payment(1, due, confirmations: 6), at: F.at(3_600))])
        #expect(sale.history.map(\.to) == [.awaitingPayment, .confirming, .paid])
        #expect(sale.history.last?.at == F.at(3_600))
        #expect(sale.history.allSatisfy { !$0.reason.isEmpty })
    }
}
