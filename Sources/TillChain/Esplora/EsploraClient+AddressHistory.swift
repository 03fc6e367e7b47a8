import Foundation

/// Whether an address was ever used, for address reuse past the gap limit.
extension EsploraClient {
    /// True when `address` has no transaction at all, neither in the mempool nor confirmed: one mempool request
    /// and (only when that is empty) one chain page.
    public func hasNoTransactions(_ address: String) async throws(EsploraError) -> Bool {
        guard try await mempoolTransactions(address).isEmpty else { return false }
        return try await chainTransactions(address).isEmpty
    }
}
