import BigInt
import Foundation
import PropertyBased
import Testing
@testable import TillCore

private typealias F = Fixture

/// Random event sequences against the invariants of the sale state machine.
@Suite struct SalePropertyTests {
    /// Turns four small numbers into a chain or people event, so sequences shrink well.
    static func event(_ code: [Int], step: Int) -> SaleEvent {
        let time = F.at(step * 120 + code[3])
        let ref = code[1] % 4
        let amounts: [BigUInt] = [F.due.units, F.due.units / 2, F.due.units + 777, 1_000, F.due.units - 1]
        switch code[0] % 10 {
        case 0, 1, 2:
            let confirmations = code[2] % 9
            let hash = code[2] % 2 == 0 ? "block-a" : "block-b"
            return .observed(F.payment(ref, amounts[code[1] % amounts.count], confirmations: confirmations, hash: hash,
                                       rbf: code[3] % 7 == 0), at: time)
        case 3: return .reorged(F.ref(ref), at: time)
        case 4: return .vanished(F.ref(ref), at: time)
        case 5, 6: return .tick(F.at(code[3] * 200))
        case 7: return .cancel(at: time)
        case 8: return .managerAccept(reason: "ok", at: time)
        default: return .managerVoid(reason: "no", at: time)
        }
    }

    static let sequences = Gen.int(in: 0...999).array(of: 4).array(of: 1...40)

    @Test func paidOnlyWhenConfirmedEnoughOrAccepted() async {
        await propertyCheck(count: 400, input: Self.sequences) { codes in
            var sale = F.awaiting()
            for (step, code) in codes.enumerated() {
                _ = sale.handle(Self.event(code, step: step))
                if sale.status == .paid && !sale.flags.contains(.acceptedByManager) {
                    let confirmed = sale.receivedConfirmed(atLeast: F.policy.requiredConfirmations)!
                    #expect(confirmed.units >= F.due.units, "paid with only \(confirmed) confirmed")
                }
            }
        }
    }

    @Test func onlyReorgOrDoubleSpendLeavesPaid() async {
        await propertyCheck(count: 400, input: Self.sequences) { codes in
            var sale = F.awaiting()
            for (step, code) in codes.enumerated() {
                let event = Self.event(code, step: step)
                let wasPaid = sale.status == .paid
                let effects = sale.handle(event)
                guard wasPaid, sale.status != .paid else { continue }
                switch event {
                case .reorged, .vanished: break
                case .observed:
                    // An observation can only take a payment out of paid by showing it left its block.
                    let reported = effects.contains { if case .notify(.reorged) = $0 { return true }; return false }
                    #expect(reported, "left paid on \(event) without a reorg")
                default:
                    Issue.record("left paid on \(event)")
                }
            }
        }
    }

    @Test func noSeenPaymentIsEverLost() async {
        await propertyCheck(count: 400, input: Self.sequences) { codes in
            var sale = F.awaiting()
            var seen = Set<PaymentRef>()
            for (step, code) in codes.enumerated() {
                let event = Self.event(code, step: step)
                let effects = sale.handle(event)
                for case .notify(.paymentSeen(let ref)) in effects { seen.insert(ref) }
                #expect(seen.isSubset(of: Set(sale.payments.map(\.ref))))
            }
        }
    }

    @Test func stockIsTakenExactlyWhilePaid() async {
        await propertyCheck(count: 400, input: Self.sequences) { codes in
            var sale = F.awaiting()
            var stock = 0
            for (step, code) in codes.enumerated() {
                for case .adjustStock(let changes) in sale.handle(Self.event(code, step: step)) {
                    stock += changes.reduce(0) { $0 + $1.delta }
                }
                #expect(stock == (sale.stockTaken ? -1 : 0))
                // A late-paid sale takes no stock until a manager accepts it (DECISIONS 34).
                let stockDue = sale.status == .paid && (!sale.flags.contains(.paidLate) || sale.flags.contains(.acceptedByManager))
                #expect(sale.stockTaken == stockDue)
            }
        }
    }

    @Test func historyIsAChainOfTransitions() async {
        await propertyCheck(count: 200, input: Self.sequences) { codes in
            var sale = F.awaiting()
            for (step, code) in codes.enumerated() { _ = sale.handle(Self.event(code, step: step)) }
            for (previous, next) in zip(sale.history, sale.history.dropFirst()) { #expect(previous.to == next.from) }
            #expect(sale.history.last?.to == sale.status)
        }
    }
}
