import Foundation
import TillCore
import TillUI

/// Training mode's chain, inside the process: the simulated customer pays, a key mines a block.
/// It reports to the inbox exactly as a real watcher would (observations with confirmations).
public final class SimulatedChain: ChainFeed, @unchecked Sendable {
    private struct SimulatedPayment {
        let observation: PaymentObservation
        let saleID: String
        var blockHeight: Int?
    }

    private let lock = NSLock()
    private let inbox: Inbox
    private let clock: @Sendable () -> Date
    private var watched: [String: String] = [:]
    private var payments: [SimulatedPayment] = []
    private var height = 100
    private var counter = 0

    public init(inbox: Inbox, clock: @escaping @Sendable () -> Date = Date.init) {
        self.inbox = inbox
        self.clock = clock
    }

    public func watch(address: String, asset: Asset, saleID: String) {
        lock.lock(); defer { lock.unlock() }
        watched[address] = saleID
    }

    public func unwatch(address: String, asset: Asset) {
        lock.lock(); defer { lock.unlock() }
        watched[address] = nil
    }

    /// The simulated customer sends `amount` to `address` (seen in the mempool at once).
    public func pay(address: String, amount: CoinAmount) {
        lock.lock()
        counter += 1
        let txid = String(format: "%064x", 0x7e57_0000 + counter)
        let observation = PaymentObservation(ref: PaymentRef(txid: txid, output: 0), address: address, amount: amount, replaceable: false)
        guard let saleID = watched[address] else { lock.unlock(); return }
        payments.append(SimulatedPayment(observation: observation, saleID: saleID))
        lock.unlock()
        inbox.post(.sale(id: saleID, .observed(observation, at: clock())))
    }

    /// Mines one block: pending payments enter it, every payment gains a confirmation.
    public func mineBlock() {
        lock.lock()
        height += 1
        var reports: [(String, PaymentObservation)] = []
        for index in payments.indices {
            if payments[index].blockHeight == nil { payments[index].blockHeight = height }
            let payment = payments[index]
            guard watched[payment.observation.address] != nil, let mined = payment.blockHeight else { continue }
            let old = payment.observation
            reports.append((payment.saleID, PaymentObservation(ref: old.ref, address: old.address, amount: old.amount, replaceable: false,
                                                               confirmations: height - mined + 1, blockHeight: mined,
                                                               blockHash: String(format: "%064x", 0xb10c_0000 + mined))))
        }
        lock.unlock()
        let now = clock()
        for (saleID, observation) in reports { inbox.post(.sale(id: saleID, .observed(observation, at: now))) }
    }
}
