import BigInt
import Foundation
import TillCore

extension EthereumWatcher {
    /// Native coin: top-level transactions to watched addresses in `from...to`, plus balance rises they do not
    /// explain (ETH sent by a contract never appears as a transaction to the address).
    func nativeCandidates(from: Int, to: Int, hashes: inout [Int: String]) async throws(EthereumRPCError) -> [EthereumCandidate] {
        guard let native else { return [] }
        let keys = keys(watching: native)
        guard !keys.isEmpty else { return [] }
        let watchedKeys = Set(keys)
        var candidates: [EthereumCandidate] = []
        for block in try await backend.blocks(Array(from...to), full: true) {
            hashes[block.number] = block.hash
            for tx in block.transactions where tx.value > 0 {
                guard let recipient = tx.to, watchedKeys.contains(recipient) else { continue }
                candidates.append(EthereumCandidate(ref: PaymentRef(txid: tx.hash, output: 0), key: recipient, asset: native,
                                                    units: tx.value, blockNumber: block.number, blockHash: block.hash,
                                                    transactionHash: tx.hash))
            }
        }
        return candidates + (try await internalTransfers(keys, native: native, from: from, to: to, explainedBy: candidates, hashes: &hashes))
    }

    /// Balance rises not explained by top-level transactions. The block is located with per-block balances
    /// (only for addresses that rose, which is rare); the ref is (block hash, −1) since no transaction carries it.
    /// Block hashes missing from `hashes` are read then (a token watcher has not read the blocks).
    func internalTransfers(_ keys: [String], native: Asset, from: Int, to: Int, explainedBy direct: [EthereumCandidate],
                           hashes: inout [Int: String]) async throws(EthereumRPCError) -> [EthereumCandidate] {
        let before = from == 0 ? keys.map { _ in BigUInt(0) }
            : try await backend.balances(keys.map { ($0, EthereumBlockTag.number(from - 1)) })
        let after = try await backend.balances(keys.map { ($0, EthereumBlockTag.number(to)) })
        var found: [EthereumCandidate] = []
        for (index, key) in keys.enumerated() where after[index] > before[index] {
            let explained = direct.filter { $0.key == key }.reduce(BigUInt(0)) { $0 + $1.units }
            guard after[index] - before[index] > explained else { continue }
            let perBlock = to == from ? [after[index]] : try await backend.balances((from...to).map { (key, EthereumBlockTag.number($0)) })
            let missing = (from...to).filter { hashes[$0] == nil }
            if !missing.isEmpty { hashes.merge(try await blockHashes(missing)) { $1 } }
            var previous = before[index]
            for (offset, balance) in perBlock.enumerated() {
                let number = from + offset
                defer { previous = balance }
                let inBlock = direct.filter { $0.key == key && $0.blockNumber == number }.reduce(BigUInt(0)) { $0 + $1.units }
                guard balance > previous, balance - previous > inBlock, let hash = hashes[number] else { continue }
                found.append(EthereumCandidate(ref: PaymentRef(txid: hash, output: -1), key: key, asset: native,
                                               units: balance - previous - inBlock, blockNumber: number, blockHash: hash,
                                               transactionHash: nil))
            }
        }
        return found
    }

    /// ERC-20: one `eth_getLogs` for all recipients of `token`; removed logs of reported payments are reorgs.
    func tokenCandidates(_ token: Asset, from: Int, to: Int, tracked: inout [PaymentRef: EthereumTrackedPayment],
                         events: inout [EthereumEvent]) async throws(EthereumRPCError) -> [EthereumCandidate] {
        guard case .erc20(let contract, _) = token.kind else { return [] }
        let keys = keys(watching: token)
        guard !keys.isEmpty else { return [] }
        var candidates: [EthereumCandidate] = []
        for log in try await backend.transferLogs(contract: contract, recipients: keys, from: from, to: to) {
            let ref = PaymentRef(txid: log.transactionHash, output: log.logIndex)
            if log.removed {
                if let payment = tracked.removeValue(forKey: ref) { events.append(.reorged(ref, address: payment.address)) }
                continue
            }
            guard watched[log.to] != nil, log.amount > 0 else { continue }
            candidates.append(EthereumCandidate(ref: ref, key: log.to, asset: token, units: log.amount, blockNumber: log.blockNumber,
                                                blockHash: log.blockHash, transactionHash: log.transactionHash))
        }
        return candidates
    }

    /// Drops candidates whose transaction has no receipt or a failed one (status must be 0x1).
    func withSuccessfulReceipts(_ candidates: [EthereumCandidate]) async throws(EthereumRPCError) -> [EthereumCandidate] {
        let hashes = Array(Set(candidates.compactMap(\.transactionHash))).sorted()
        guard !hashes.isEmpty else { return candidates }
        let succeeded = try await backend.receiptSucceeded(hashes)
        return candidates.filter { candidate in candidate.transactionHash.map { succeeded[$0] == true } ?? true }
    }

    /// Fake-deposit guard: in each block, the recipient's `balanceOf` must have risen by at least what its logs
    /// credit; otherwise none of that block's logs for that recipient count.
    func withRisenTokenBalances(_ candidates: [EthereumCandidate]) async throws(EthereumRPCError) -> [EthereumCandidate] {
        var kept = candidates.filter { if case .erc20 = $0.asset.kind { false } else { true } }
        for token in Set(candidates.map(\.asset)).sorted(by: { $0.id < $1.id }) {
            guard case .erc20(let contract, _) = token.kind else { continue }
            let mine = candidates.filter { $0.asset == token }
            struct Slot: Hashable { let key: String; let block: Int }
            var credited: [Slot: BigUInt] = [:]
            for candidate in mine { credited[Slot(key: candidate.key, block: candidate.blockNumber), default: 0] += candidate.units }
            let slots = credited.keys.sorted { ($0.block, $0.key) < ($1.block, $1.key) }
            guard !slots.isEmpty else { continue }
            let queries = slots.flatMap { [($0.key, EthereumBlockTag.number($0.block - 1)), ($0.key, EthereumBlockTag.number($0.block))] }
            let balances = try await backend.tokenBalances(contract: contract, queries.map { (owner: $0.0, tag: $0.1) })
            var honest = Set<Slot>()
            for (index, slot) in slots.enumerated() {
                let before = balances[2 * index], after = balances[2 * index + 1]
                if after >= before, after - before >= credited[slot] ?? 0 { honest.insert(slot) }
            }
            kept += mine.filter { honest.contains(Slot(key: $0.key, block: $0.blockNumber)) }
        }
        return kept
    }
}
