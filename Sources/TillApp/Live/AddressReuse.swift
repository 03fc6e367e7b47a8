import Foundation
import TillStore

/// Past the gap limit, hands out a closed sale's address again once the coin's chain shows it never received
/// anything. The chain is asked here, before the store's write transaction; the store then only reads answers.
public struct AddressReuse: Sendable {
    /// The store's reuse candidates for a wallet chain at a time, lowest index first.
    let candidates: @Sendable (_ walletID: String, _ chain: Int, _ at: Date) throws -> [ReusableAddress]
    /// The chain check of each coin, by asset id; a coin without one never reuses (EVM coins: an account address
    /// is reused by design, and its history check is not wired).
    let checks: [String: any UnusedAddressCheck]
    let log: FileLog
    /// Candidates asked per quote at most: each is a network round trip while the cashier waits.
    let maxChecks: Int

    public init(candidates: @escaping @Sendable (_ walletID: String, _ chain: Int, _ at: Date) throws -> [ReusableAddress],
                checks: [String: any UnusedAddressCheck], log: FileLog, maxChecks: Int = 5) {
        self.candidates = candidates
        self.checks = checks
        self.log = log
        self.maxChecks = maxChecks
    }

    /// The reuse for a SQLite store.
    public static func live(store: any LedgerStore, checks: [String: any UnusedAddressCheck], log: FileLog) -> AddressReuse {
        AddressReuse(candidates: { try store.reusableAddresses(walletID: $0, chain: $1, at: $2) }, checks: checks, log: log)
    }

    /// The chain's answers for the lowest candidates: true for provably unused, false for funded. It stops at the
    /// first unused one (the store takes the lowest) and at the first it cannot tell about, because the store
    /// walks candidates in the same order and must not skip one it has no answer for.
    func answers(assetID: String, request: AddressRequest) async throws -> [String: Bool] {
        guard let check = checks[assetID] else { return [:] }
        var answers: [String: Bool] = [:]
        for candidate in try candidates(request.walletID, request.chain, request.at).prefix(maxChecks) {
            switch await check.usage(of: candidate.address) {
            case .unused:
                answers[candidate.address] = true
                return answers
            case .funded(let reason):
                log.info("\(assetID): address index \(candidate.index) (\(candidate.address)) is not reused: \(reason)")
                answers[candidate.address] = false
            case .unknown(let reason):
                log.info("\(assetID): address index \(candidate.index) (\(candidate.address)) is not provably unused: \(reason)")
                return answers
            }
        }
        return answers
    }
}
