import BigInt
import Foundation
import Testing
@testable import TillCore

private typealias F = Fixture
private let due = F.due.units
private let expiry = F.policy.expirySeconds
private let lapStock: [StockChange] = [StockChange(productID: F.laptop.id, delta: -1)]
private func paidAt6() -> Sale { F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 6), at: F.at(60))]) }
private func latePaid() -> Sale { F.apply(F.awaiting(), [.tick(F.at(expiry)), .observed(F.payment(1, due, confirmations: 6), at: F.at(expiry + 60))]) }
private func seenThenVanished() -> Sale { F.apply(F.awaiting(), [.observed(F.payment(1, due), at: F.at(60)), .vanished(F.ref(1), at: F.at(90))]) }

/// Issue 14's rows of the transition table: shallower chains over an unchanged block, late payments and stock,
/// cancelling after a double spend.
private let rows: [TransitionRow] = [
    // Blocks above the payment were replaced by a shorter chain: its block (block-a) stayed, so no reorg.
    TransitionRow(name: "a paid sale keeps PAID when only blocks above its payment change", given: { paidAt6() },
                  event: .observed(F.payment(1, due, confirmations: 4, hash: "block-a"), at: F.at(700)), state: .paid, effects: []),
    TransitionRow(name: "a confirming sale loses depth without a reorg flag",
                  given: { F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 3), at: F.at(60))]) },
                  event: .observed(F.payment(1, due, confirmations: 2, hash: "block-a"), at: F.at(700)), state: .confirming,
                  effects: [.notify(.confirmations(2, of: 6))]),
    // Its own block replaced: that is a reorg, as before.
    TransitionRow(name: "its own block replaced is still a reorg", given: { paidAt6() },
                  event: .observed(F.payment(1, due, confirmations: 4, hash: "block-b"), at: F.at(700)), state: .confirming,
                  effects: [.notify(.reorged(F.ref(1))), .notify(.confirmations(4, of: 6)), .adjustStock([StockChange(productID: F.laptop.id, delta: 1)])],
                  flags: [.reorged]),
    // A late payment makes the sale PAID but moves no stock until a manager accepts it.
    TransitionRow(name: "late payment moves no stock", given: { F.apply(F.awaiting(), [.tick(F.at(expiry))]) },
                  event: .observed(F.payment(1, due, confirmations: 6), at: F.at(expiry + 60)), state: .paid,
                  effects: [.notify(.paymentSeen(F.ref(1))), .notify(.paid), .notify(.paidLate)], flags: [.paidLate]),
    TransitionRow(name: "manager accepts a late-paid sale: stock moves then", given: { latePaid() },
                  event: .managerAccept(reason: "customer came back", at: F.at(expiry + 900)), state: .paid,
                  effects: [.notify(.acceptedByManager(reason: "customer came back")), .adjustStock(lapStock)],
                  flags: [.paidLate, .acceptedByManager]),
    TransitionRow(name: "an accepted late sale is not accepted twice",
                  given: { F.apply(latePaid(), [.managerAccept(reason: "ok", at: F.at(expiry + 900))]) },
                  event: .managerAccept(reason: "again", at: F.at(expiry + 999)), state: .paid,
                  effects: [.notify(.rejected("a paid sale cannot be accepted"))], flags: [.paidLate, .acceptedByManager]),
    // The payment vanished: nothing counts any more, so the cashier may cancel (the record stays).
    TransitionRow(name: "cancel after the only payment vanished", given: { seenThenVanished() }, event: .cancel(at: F.at(120)),
                  state: .cancelled, effects: [.notify(.cancelled)], flags: [.doubleSpent]),
]

@Suite struct CounterTransitionTableTests {
    @Test(arguments: rows)
    func transition(_ row: TransitionRow) { row.check() }

    /// Release rules: when the goods can go before PAID, and when the cashier can move on.
    @Test func releaseRulesDecideWhenTheGoodsCanGo() {
        let seen = F.payment(1, due)
        let oneBlock = F.payment(1, due, confirmations: 1)
        func sale(_ rule: ReleaseRule?, _ observation: PaymentObservation, limit: FiatAmount? = nil) -> Sale {
            F.apply(F.awaiting(policy: PaymentPolicy(zeroConfLimit: limit, releaseAt: rule)), [.observed(observation, at: F.at(60))])
        }
        #expect(sale(nil, oneBlock).goodsCanGo == false)
        #expect(sale(.seen, seen).goodsCanGo)
        #expect(sale(.seen, F.payment(1, due, rbf: true)).goodsCanGo == false)
        #expect(sale(.seen, seen, limit: FiatAmount(minor: 100, currency: .usd)).goodsCanGo == false)
        #expect(sale(.confirmations(1), seen).goodsCanGo == false)
        #expect(sale(.confirmations(1), oneBlock).goodsCanGo)
        #expect(sale(nil, seen).canHandOff)
        #expect(F.apply(F.awaiting(), [.observed(F.payment(1, 1_000), at: F.at(60))]).canHandOff == false)
        #expect(PaymentPolicy(releaseAt: .confirmations(1)).releaseWords == "goods can go at 1 confirmation")
        #expect(PaymentPolicy(releaseAt: nil).releaseWords == "goods can go once final")
    }
}
