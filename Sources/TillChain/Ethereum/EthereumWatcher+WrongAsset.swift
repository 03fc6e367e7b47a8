import BigInt
import Foundation
import TillCore

extension EthereumWatcher {
    /// Deposits in `from...to` of the chain's other assets (`others`) to any watched address, with the same checks
    /// as payments (successful receipt, risen token balance). The native coin is found by balance rises alone, so a
    /// token watcher never reads full blocks (ref = block hash, −1); each other token costs one `eth_getLogs`.
    func wrongAssetDeposits(from: Int, to: Int, hashes: inout [Int: String]) async throws(EthereumRPCError) -> [EthereumCandidate] {
        let keys = watched.keys.sorted()
        guard !keys.isEmpty, !others.isEmpty else { return [] }
        var found: [EthereumCandidate] = []
        for other in others {
            switch other.kind {
            case .evmNative:
                found += try await internalTransfers(keys, native: other, from: from, to: to, explainedBy: [], hashes: &hashes)
            case .erc20(let contract, _):
                for log in try await backend.transferLogs(contract: contract, recipients: keys, from: from, to: to)
                where !log.removed && log.amount > 0 && watched[log.to] != nil {
                    found.append(EthereumCandidate(ref: PaymentRef(txid: log.transactionHash, output: log.logIndex), key: log.to,
                                                   asset: other, units: log.amount, blockNumber: log.blockNumber,
                                                   blockHash: log.blockHash, transactionHash: log.transactionHash))
                }
            case .utxo:
                continue
            }
        }
        return try await withRisenTokenBalances(try await withSuccessfulReceipts(found))
    }

    /// `others` without the watcher's own assets, one asset per contract (two coins may name the same contract, e.g.
    /// one refused for its decimals): a transfer of a contract the watcher counts is never a wrong-asset deposit.
    static func otherAssets(_ others: [Asset], native: Asset?, tokens: [Asset]) -> [Asset] {
        func contract(_ asset: Asset) -> String? {
            if case .erc20(let contract, _) = asset.kind { return EthereumHex.normalizedAddress(contract) }
            return nil
        }
        var seen = Set(tokens.compactMap(contract))
        var hasNative = native != nil
        return others.filter { asset in
            switch asset.kind {
            case .evmNative:
                defer { hasNative = true }
                return !hasNative
            case .erc20:
                guard let key = contract(asset) else { return false }
                return seen.insert(key).inserted
            case .utxo:
                return false
            }
        }
    }
}
