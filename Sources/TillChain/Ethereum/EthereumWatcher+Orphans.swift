import BigInt
import Foundation
import TillCore

extension EthereumWatcher {
    /// Follows every payment reported `reorged` in `events` until the scan finds it again.
    func adoptOrphans(from events: [EthereumEvent], into orphans: inout [PaymentRef: EthereumOrphan]) {
        for case .reorged(let ref, let address) in events where orphans[ref] == nil {
            orphans[ref] = EthereumOrphan(ref: ref, address: address)
        }
    }

    /// Decides the reorged payments the scan did not find again (`scannedTo` is the last block it read), as the
    /// Bitcoin watchers do for a payment missing from blocks and mempool:
    /// - an internal transfer (ref = block hash, −1) vanishes at once: no transaction carries it, and a balance
    ///   rise in the new history is found again under its own block's hash;
    /// - a transaction the node does not know for `vanishAfterMissingPolls` ticks in a row vanished (nodes drop a
    ///   transaction whose nonce another mined transaction used);
    /// - a transaction mined again at or below `scannedTo` but not found by the scan failed (or its log no longer
    ///   credits the address): vanished;
    /// - a pending transaction whose sender's mined nonce is past its own can never be mined: vanished.
    /// Anything else (pending, or mined beyond what was scanned) waits for a later tick.
    func settleOrphans(_ orphans: inout [PaymentRef: EthereumOrphan], _ events: inout [EthereumEvent],
                       scannedTo: Int) async throws(EthereumRPCError) {
        guard !orphans.isEmpty else { return }
        var gone: [PaymentRef] = []
        let waiting = orphans.values.sorted { $0.ref < $1.ref }
        let hashes = Array(Set(waiting.filter { $0.ref.output >= 0 }.map(\.ref.txid))).sorted()
        let statuses = hashes.isEmpty ? [:] : try await backend.transactionStatuses(hashes)
        let minedAgain = statuses.values.filter { ($0.blockNumber ?? Int.max) <= scannedTo }.map(\.hash).sorted()
        let receipts = minedAgain.isEmpty ? [:] : try await backend.receiptSucceeded(minedAgain)
        let pending = statuses.values.filter { $0.blockNumber == nil }
        let senders = Array(Set(pending.map(\.from))).sorted()
        let nonces = senders.isEmpty ? [:] : Dictionary(uniqueKeysWithValues: zip(senders, try await backend.minedNonces(senders)))
        for orphan in waiting {
            guard orphan.ref.output >= 0 else { gone.append(orphan.ref); continue }
            guard let status = statuses[orphan.ref.txid] else {
                orphans[orphan.ref]?.unknownTicks += 1
                if orphan.unknownTicks + 1 >= settings.vanishAfterMissingPolls { gone.append(orphan.ref) }
                continue
            }
            orphans[orphan.ref]?.unknownTicks = 0
            if let block = status.blockNumber {
                if block <= scannedTo, receipts[status.hash] != true { gone.append(orphan.ref) }
            } else if let mined = nonces[status.from], mined > status.nonce {
                gone.append(orphan.ref)
            }
        }
        for ref in gone {
            guard let orphan = orphans.removeValue(forKey: ref) else { continue }
            events.append(.vanished(ref, address: orphan.address))
        }
    }
}

extension EthereumWatcher {
    /// Follows payments reported before a restart (as the sales recorded them), since the watcher's own list lives in
    /// memory: one still in a block is re-checked as if this watcher had reported it (a changed block hash is a
    /// reorg, its confirmations keep counting); one a reorg had taken out is followed until it is mined again or
    /// vanished, so a double spend while the till was down still reaches the sale. Addresses must be watched first.
    public func resume(_ payments: [Payment]) {
        for payment in payments where payment.counts {
            guard let key = EthereumHex.normalizedAddress(payment.address), watched[key]?.assets.contains(payment.amount.asset) == true,
                  tracked[payment.ref] == nil else { continue }
            if payment.state == .confirmed, let height = payment.blockHeight, let hash = payment.blockHash {
                tracked[payment.ref] = EthereumTrackedPayment(ref: payment.ref, address: payment.address, amount: payment.amount,
                                                              blockNumber: height, blockHash: hash,
                                                              confirmations: payment.confirmations, final: false)
            } else {
                orphans[payment.ref] = EthereumOrphan(ref: payment.ref, address: payment.address)
            }
        }
    }
}
