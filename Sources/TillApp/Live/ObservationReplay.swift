import BigInt
import Foundation
import TillCore
import TillStore

/// After a restart, what the observation log knows about a sale's payments that the saved sale does not.
///
/// Why: an observation and the watcher's state commit together, and the sale event is posted after that commit;
/// a kill before the runner saved the sale left the payment in the log only, and the restarted watcher (which has
/// it in its state) never reports it again. Replaying the log into every open and reorg-watched sale closes that.
public enum ObservationReplay {
    /// The latest recorded state of one payment.
    struct Latest {
        var firstSeen: Date
        var address: String
        var amountUnits: BigUInt
        var confirmations: Int
        var height: Int?
        var hash: String?
        var vanished = false
    }

    /// Events that bring `sale` up to what `observations` (oldest first, any backend) recorded. Only rows of the
    /// sale's coin count (the backend name starts with its id); rows written before confirmations were recorded
    /// are left to the watcher.
    public static func events(for sale: Sale, observations: [StoredObservation], now: Date) -> [SaleEvent] {
        guard let asset = sale.asset, !sale.quotes.isEmpty else { return [] }
        let addresses = Set(sale.quotes.map(\.address))
        var latest: [PaymentRef: Latest] = [:]
        var order: [PaymentRef] = []
        var unreadable: Set<PaymentRef> = []
        for stored in observations {
            let row = stored.record
            guard row.backend.hasPrefix(asset.id + " "), let txid = row.txid, let output = row.output else { continue }
            let ref = PaymentRef(txid: txid, output: output)
            switch row.kind {
            case "payment" where latest[ref] == nil:
                guard let address = row.address, addresses.contains(address), let units = row.amountUnits else { continue }
                guard let confirmations = row.confirmations else { unreadable.insert(ref); continue }
                latest[ref] = Latest(firstSeen: row.at, address: address, amountUnits: units, confirmations: confirmations,
                                     height: row.height, hash: row.blockHash)
                order.append(ref)
            case "payment", "confirmations":
                guard latest[ref] != nil else { continue }
                guard let confirmations = row.confirmations else { unreadable.insert(ref); continue }
                latest[ref]?.confirmations = confirmations
                latest[ref]?.height = row.height
                latest[ref]?.hash = row.blockHash
                latest[ref]?.vanished = false
            case "reorg":
                latest[ref]?.confirmations = 0
                latest[ref]?.height = nil
                latest[ref]?.hash = nil
            case "vanished":
                latest[ref]?.vanished = true
            default:
                continue
            }
        }
        var events: [SaleEvent] = []
        for ref in order where !unreadable.contains(ref) {
            guard let state = latest[ref] else { continue }
            let observation = PaymentObservation(
                ref: ref, address: state.address, amount: CoinAmount(units: state.amountUnits, asset: asset),
                // Not recorded: assume it signals replace-by-fee, so it is never accepted at zero confirmations.
                replaceable: true, confirmations: state.confirmations, blockHeight: state.height, blockHash: state.hash)
            if let known = sale.payments.first(where: { $0.ref == ref }) {
                if state.vanished {
                    if known.state != .vanished { events.append(.vanished(ref, at: now)) }
                } else if known.confirmations != state.confirmations || known.blockHash != state.hash {
                    events.append(.observed(observation, at: now))
                }
            } else {
                events.append(.observed(observation, at: state.firstSeen))
                if state.vanished { events.append(.vanished(ref, at: now)) }
            }
        }
        return events
    }
}
