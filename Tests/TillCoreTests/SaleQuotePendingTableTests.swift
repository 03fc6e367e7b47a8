import BigInt
import Foundation
import Testing
@testable import TillCore

private typealias F = Fixture

/// A sale whose coin is chosen and whose quote has not come back.
@Sendable private func pending() -> Sale { F.apply(F.building(), [.checkout(.btc, policy: F.policy, at: F.t0)]) }

private let litecoinQuote = Quote(address: "ltc-address", derivationPath: nil, amount: CoinAmount(units: 1_000, asset: .ltc),
                                  fiat: F.laptop.price, rate: F.rate, uri: "litecoin:ltc-address", createdAt: F.t0,
                                  expiresAt: F.at(F.policy.expirySeconds))

/// The quote-pending state: (state, event) → (state, effects). Stored as `building` (see `SaleState`).
let quotePendingRows: [TransitionRow] = [
    TransitionRow(name: "the cart is frozen while the quote is made", given: pending, event: .addProduct(F.mouse, quantity: 1),
                  state: .quotePending, effects: [.notify(.rejected("a quote is being prepared; wait or go back first"))]),
    TransitionRow(name: "no line removed while the quote is made", given: pending, event: .removeLine(0),
                  state: .quotePending, effects: [.notify(.rejected("a quote is being prepared; wait or go back first"))]),
    TransitionRow(name: "the same coin again asks again (a restart lost the request)", given: pending,
                  event: .checkout(.btc, policy: F.policy, at: F.at(30)), state: .quotePending,
                  effects: [.requestQuote(asset: .btc, amount: F.laptop.price, remainder: nil, reuseAddress: nil)]),
    TransitionRow(name: "another coin replaces the pending one", given: pending,
                  event: .checkout(.ltc, policy: F.policy, at: F.at(30)), state: .quotePending,
                  effects: [.requestQuote(asset: .ltc, amount: F.laptop.price, remainder: nil, reuseAddress: nil)]),
    TransitionRow(name: "a quote for another coin is refused", given: pending, event: .quoteReady(litecoinQuote),
                  state: .quotePending, effects: [.notify(.rejected("the quote is for LTC, not the chosen coin"))]),
    TransitionRow(name: "Esc abandons the pending quote", given: pending, event: .quoteFailed(reason: "cancelled by the cashier"),
                  state: .building, effects: [.notify(.rejected("no quote: cancelled by the cashier"))]),
    TransitionRow(name: "the cashier cancels while the quote is made", given: pending, event: .cancel(at: F.at(20)),
                  state: .cancelled, effects: [.notify(.cancelled)]),
    TransitionRow(name: "time passing changes nothing", given: pending, event: .tick(F.at(F.policy.expirySeconds * 2)),
                  state: .quotePending, effects: []),
    TransitionRow(name: "no payment before a quote is shown", given: pending, event: .observed(F.payment(1, F.due.units), at: F.at(60)),
                  state: .quotePending, effects: [.notify(.rejected("no quote has been shown for this sale"))]),
    TransitionRow(name: "a manager cannot void it", given: pending, event: .managerVoid(reason: "x", at: F.at(60)),
                  state: .quotePending, effects: [.notify(.rejected("a building sale cannot be voided"))]),
    TransitionRow(name: "a quote with no coin chosen is refused", given: F.building, event: .quoteReady(F.quote()),
                  state: .building, effects: [.notify(.rejected("the quote is for BTC, not the chosen coin"))]),
]

@Suite struct SaleQuotePendingTableTests {
    @Test(arguments: quotePendingRows)
    func transition(_ row: TransitionRow) { row.check() }

    @Test func thePendingCoinIsTheOneChosenLast() {
        let sale = F.apply(pending(), [.checkout(.ltc, policy: F.policy, at: F.at(30))])
        #expect(sale.asset == .ltc && sale.state == .quotePending)
        // An answer for the first coin is refused now; one for the second is shown.
        var shown = sale
        #expect(shown.handle(.quoteReady(F.quote())) == [.notify(.rejected("the quote is for BTC, not the chosen coin"))])
        _ = shown.handle(.quoteReady(litecoinQuote))
        #expect(shown.state == .awaitingPayment && shown.currentQuote == litecoinQuote)
    }

    @Test func aPendingQuoteSurvivesSavingAsBuilding() throws {
        let saved = try JSONDecoder().decode(Sale.self, from: JSONEncoder().encode(pending()))
        #expect(saved.status == .building && saved.state == .quotePending)
        let abandoned = F.apply(saved, [.quoteFailed(reason: "cancelled by the cashier")])
        let reloaded = try JSONDecoder().decode(Sale.self, from: JSONEncoder().encode(abandoned))
        #expect(reloaded.state == .building && reloaded.note == "cancelled by the cashier")
    }
}
