import BigInt
import Foundation
import TillCore

/// What one tick found; committed only after the sink accepted the events.
struct EthereumScan: Sendable {
    var events: [EthereumEvent]
    var cursor: EthereumCursor
    var tracked: [PaymentRef: EthereumTrackedPayment]
    var orphans: [PaymentRef: EthereumOrphan]
}

/// A payment found in the scanned range, before the receipt and balance checks.
struct EthereumCandidate: Sendable {
    let ref: PaymentRef
    let key: String
    let asset: Asset
    let units: BigUInt
    let blockNumber: Int
    let blockHash: String
    /// Nil for an internal transfer found by a balance rise (no transaction to check).
    let transactionHash: String?
}

extension EthereumWatcher {
    func scanOnce() async throws(EthereumRPCError) -> EthereumScan {
        let head = try await backend.blockNumber()
        let finalized = settings.useFinalized ? try await backend.block(.finalized)?.number : nil
        let start = cursor ?? EthereumCursor(blockNumber: (settings.startBlock ?? head) - 1, blockHash: "")
        var tracked = self.tracked
        var orphans = self.orphans
        var events: [EthereumEvent] = []

        // One batch re-reads the hashes at the cursor, at every reported payment's height and at the range's end.
        var last = start.blockNumber
        var heights = Set(tracked.values.map(\.blockNumber).filter { $0 <= head })
        if start.blockNumber >= 0, start.blockNumber <= head, !start.blockHash.isEmpty { heights.insert(start.blockNumber) }
        let provisionalEnd = min(head, max(last, -1) + backend.maxBlockSpan)
        if provisionalEnd >= 0 { heights.insert(provisionalEnd) }
        var hashes = try await blockHashes(Array(heights))

        for payment in tracked.values.sorted(by: { $0.blockNumber < $1.blockNumber }) where hashes[payment.blockNumber] != payment.blockHash {
            events.append(.reorged(payment.ref, address: payment.address))
            tracked[payment.ref] = nil
            last = min(last, payment.blockNumber - 1)
        }
        if !start.blockHash.isEmpty, start.blockNumber >= 0, hashes[start.blockNumber] != start.blockHash {
            // The cursor's block left the chain: rescan as deep as a payment may be reorganised.
            last = min(last, min(start.blockNumber, head) - settings.confirmations)
        }
        last = max(last, -1)
        let from = last + 1, to = min(head, last + backend.maxBlockSpan)
        guard from <= to else {
            refreshConfirmations(&tracked, &events, head: head, finalized: finalized)
            adoptOrphans(from: events, into: &orphans)
            try await settleOrphans(&orphans, &events, scannedTo: start.blockNumber)
            return EthereumScan(events: events, cursor: start, tracked: tracked, orphans: orphans)
        }
        if hashes[to] == nil { hashes.merge(try await blockHashes([to])) { $1 } }

        var candidates = try await nativeCandidates(from: from, to: to, hashes: &hashes)
        for token in tokens { candidates += try await tokenCandidates(token, from: from, to: to, tracked: &tracked, events: &events) }
        candidates = candidates.filter { tracked[$0.ref]?.blockHash != $0.blockHash }
        candidates = try await withSuccessfulReceipts(candidates)
        candidates = try await withRisenTokenBalances(candidates)
        let strays = try await wrongAssetDeposits(from: from, to: to, hashes: &hashes)

        refreshConfirmations(&tracked, &events, head: head, finalized: finalized)
        for candidate in candidates.sorted(by: { ($0.blockNumber, $0.ref) < ($1.blockNumber, $1.ref) }) {
            let confirmations = head - candidate.blockNumber + 1
            let payment = EthereumTrackedPayment(ref: candidate.ref, address: watched[candidate.key]?.display ?? candidate.key,
                                         amount: CoinAmount(units: candidate.units, asset: candidate.asset),
                                         blockNumber: candidate.blockNumber, blockHash: candidate.blockHash,
                                         confirmations: confirmations,
                                         final: isFinal(block: candidate.blockNumber, confirmations: confirmations, finalized: finalized))
            tracked[candidate.ref] = payment
            events.append(.observed(observation(payment), final: payment.final))
        }
        for stray in strays.sorted(by: { ($0.blockNumber, $0.ref) < ($1.blockNumber, $1.ref) }) {
            events.append(.wrongAsset(PaymentObservation(
                ref: stray.ref, address: watched[stray.key]?.display ?? stray.key, amount: CoinAmount(units: stray.units, asset: stray.asset),
                replaceable: false, confirmations: head - stray.blockNumber + 1, blockHeight: stray.blockNumber, blockHash: stray.blockHash)))
        }
        // Reorged payments found again are followed as before; the others may have vanished.
        adoptOrphans(from: events, into: &orphans)
        orphans = orphans.filter { tracked[$0.key] == nil }
        try await settleOrphans(&orphans, &events, scannedTo: to)
        guard let endHash = hashes[to] else { throw .malformed(endpoint: backend.client.endpoint, method: "eth_getBlockByNumber", reason: "block \(to) is missing") }
        return EthereumScan(events: events, cursor: EthereumCursor(blockNumber: to, blockHash: endHash), tracked: tracked,
                            orphans: orphans)
    }

    func isFinal(block: Int, confirmations: Int, finalized: Int?) -> Bool {
        if settings.useFinalized { return finalized.map { block <= $0 } ?? false }
        return confirmations >= settings.confirmations
    }

    func observation(_ payment: EthereumTrackedPayment) -> PaymentObservation {
        PaymentObservation(ref: payment.ref, address: payment.address, amount: payment.amount, replaceable: false,
                           confirmations: payment.confirmations, blockHeight: payment.blockNumber, blockHash: payment.blockHash)
    }

    /// Re-reports payments whose confirmations grew, until they are final.
    func refreshConfirmations(_ tracked: inout [PaymentRef: EthereumTrackedPayment], _ events: inout [EthereumEvent], head: Int, finalized: Int?) {
        for ref in tracked.keys.sorted() {
            guard var payment = tracked[ref], !payment.final else { continue }
            let confirmations = head - payment.blockNumber + 1
            guard confirmations != payment.confirmations else { continue }
            payment.confirmations = confirmations
            payment.final = isFinal(block: payment.blockNumber, confirmations: confirmations, finalized: finalized)
            tracked[ref] = payment
            events.append(.observed(observation(payment), final: payment.final))
        }
    }

    func blockHashes(_ numbers: [Int]) async throws(EthereumRPCError) -> [Int: String] {
        var hashes: [Int: String] = [:]
        for block in try await backend.blocks(numbers.sorted(), full: false) { hashes[block.number] = block.hash }
        return hashes
    }

    func keys(watching asset: Asset) -> [String] {
        watched.filter { $0.value.assets.contains(asset) }.map(\.key).sorted()
    }
}
