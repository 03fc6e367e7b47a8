import BigInt
import Foundation
import Testing
@testable import TillCore

private typealias F = Fixture
private let due = F.due.units
private let expiry = F.policy.expirySeconds
private let lapStock: [StockChange] = [StockChange(productID: F.laptop.id, delta: -1)]
private let ether = CoinAmount(units: 20_000_000_000_000_000, asset: .eth)

/// 0.02 ETH reaching the (BTC-quoted) fixture sale's address: a deposit in the wrong asset.
private func stray(_ n: Int = 7, confirmations: Int = 1, address: String = F.address) -> PaymentObservation {
    PaymentObservation(ref: F.ref(n), address: address, amount: ether, replaceable: false, confirmations: confirmations,
                       blockHeight: 300, blockHash: "block-e")
}

/// Wrong-asset deposits and vanished payments: the rows the Ethereum edges (issue 18) added to the sale's table.
private let rows: [TransitionRow] = [
    TransitionRow(name: "a wrong-asset deposit is recorded and flagged, nothing counts", given: { F.awaiting() },
                  event: .wrongAsset(stray(), at: F.at(60)), state: .awaitingPayment,
                  effects: [.notify(.wrongAsset(ether))], flags: [.wrongAsset]),
    TransitionRow(name: "the same deposit seen again changes nothing", given: { F.apply(F.awaiting(), [.wrongAsset(stray(), at: F.at(60))]) },
                  event: .wrongAsset(stray(confirmations: 4), at: F.at(120)), state: .awaitingPayment, effects: [], flags: [.wrongAsset]),
    TransitionRow(name: "a wrong-asset deposit does not stop the confirmations", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 2), at: F.at(60))]) },
                  event: .wrongAsset(stray(), at: F.at(90)), state: .confirming, effects: [.notify(.wrongAsset(ether))], flags: [.wrongAsset]),
    TransitionRow(name: "a paid sale stays paid with a stray deposit", given: { F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 6), at: F.at(60))]) },
                  event: .wrongAsset(stray(), at: F.at(90)), state: .paid, effects: [.notify(.wrongAsset(ether))], flags: [.wrongAsset]),
    TransitionRow(name: "an expired sale records a late stray deposit", given: { F.apply(F.awaiting(), [.tick(F.at(expiry))]) },
                  event: .wrongAsset(stray(), at: F.at(expiry + 60)), state: .expired, effects: [.notify(.wrongAsset(ether))], flags: [.wrongAsset]),
    TransitionRow(name: "the sale's own asset is not a wrong-asset deposit", given: { F.awaiting() },
                  event: .wrongAsset(F.payment(1, due), at: F.at(60)), state: .awaitingPayment,
                  effects: [.notify(.rejected("a BTC payment is not a wrong-asset deposit on a BTC sale"))]),
    TransitionRow(name: "a stray deposit to another address is rejected", given: { F.awaiting() },
                  event: .wrongAsset(stray(address: "mother"), at: F.at(60)), state: .awaitingPayment,
                  effects: [.notify(.rejected("mother is not an address of this sale"))]),
    TransitionRow(name: "no stray deposit before a quote", given: F.building,
                  event: .wrongAsset(stray(), at: F.at(60)), state: .building,
                  effects: [.notify(.rejected("no quote has been shown for this sale"))]),
    TransitionRow(name: "the right payment after a stray one pays", given: { F.apply(F.awaiting(), [.wrongAsset(stray(), at: F.at(60))]) },
                  event: .observed(F.payment(1, due, confirmations: 6), at: F.at(90)), state: .paid,
                  effects: [.notify(.paymentSeen(F.ref(1))), .notify(.paid), .adjustStock(lapStock)], flags: [.wrongAsset]),
    TransitionRow(name: "a stray deposit alone still lets the cashier cancel", given: { F.apply(F.awaiting(), [.wrongAsset(stray(), at: F.at(60))]) },
                  event: .cancel(at: F.at(90)), state: .cancelled, effects: [.notify(.cancelled)], flags: [.wrongAsset]),
    TransitionRow(name: "a reorged payment that vanished no longer counts", given: {
                      F.apply(F.awaiting(), [.observed(F.payment(1, due, confirmations: 2), at: F.at(60)), .reorged(F.ref(1), at: F.at(90))]) },
                  event: .vanished(F.ref(1), at: F.at(120)), state: .awaitingPayment,
                  effects: [.notify(.doubleSpent(F.ref(1)))], flags: [.reorged, .doubleSpent]),
    TransitionRow(name: "the cashier can cancel once the only payment vanished", given: {
                      F.apply(F.awaiting(), [.observed(F.payment(1, due), at: F.at(60)), .vanished(F.ref(1), at: F.at(120))]) },
                  event: .cancel(at: F.at(150)), state: .cancelled, effects: [.notify(.cancelled)], flags: [.doubleSpent]),
]

@Suite struct SaleWrongAssetTableTests {
    @Test(arguments: rows)
    func transition(_ row: TransitionRow) { row.check() }

    @Test func aStrayDepositIsKeptApartFromThePaymentsAndSurvivesSaving() throws {
        var sale = F.apply(F.awaiting(), [.observed(F.payment(1, 1_000), at: F.at(60))])
        _ = sale.handle(.wrongAsset(stray(), at: F.at(90)))
        #expect(sale.received == F.sats(1_000), "the ETH is not counted")
        #expect(sale.payments.map(\.ref) == [F.ref(1)])
        #expect(sale.wrongAssetDeposits.map(\.amount) == [ether])
        #expect(sale.wrongAssetLines == ["received 0.02 ETH on a BTC sale: not counted, the manager can refund"])
        #expect(Sale.wrongAssetLine(F.sats(150_000_000), saleAsset: .eth) == "received 1.5 BTC on an ETH sale: not counted, the manager can refund")
        let decoded = try JSONDecoder().decode(Sale.self, from: JSONEncoder().encode(sale))
        #expect(decoded == sale)
    }

    @Test func aSaleSavedBeforeWrongAssetDepositsExistedStillDecodes() throws {
        let sale = F.awaiting()
        var json = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(sale)) as? [String: Any])
        json["otherAssetDeposits"] = nil
        let decoded = try JSONDecoder().decode(Sale.self, from: JSONSerialization.data(withJSONObject: json))
        #expect(decoded.wrongAssetDeposits.isEmpty)
        #expect(decoded.status == .awaitingPayment)
    }
}
