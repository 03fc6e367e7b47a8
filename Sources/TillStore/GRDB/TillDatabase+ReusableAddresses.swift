import Foundation
import GRDB

/// An address of a closed sale that the store would hand out again past the gap limit, if the chain agrees.
public struct ReusableAddress: Hashable, Sendable {
    public let index: Int
    public let address: String
    public let path: String

    public init(index: Int, address: String, path: String) {
        self.index = index
        self.address = address
        self.path = path
    }
}

/// The reuse candidates, readable outside the write transaction so the app can ask the chain about them first
/// (a network call must never run inside `allocateAddress`'s write).
extension TillDatabase {
    /// Candidates for reuse on a wallet chain at `at`, lowest index first (the same rows `allocateAddress`
    /// walks past the gap limit, in the same order).
    public func reusableAddresses(walletID: String, chain: Int = 0, at: Date) throws -> [ReusableAddress] {
        try read("listing reusable addresses of \(walletID)") { db in
            try reusableCandidateRows(db, walletID: walletID, chain: chain, at: at).map { row in
                ReusableAddress(index: row["idx"], address: row["address"], path: row["path"])
            }
        }
    }

    /// Addresses of sales that are over with nothing received (cancelled, voided, or expired past the late
    /// window), lowest index first, with no payment or observation ever recorded for them.
    func reusableCandidateRows(_ db: Database, walletID: String, chain: Int, at: Date) throws -> [Row] {
        try Row.fetchAll(db, sql: """
            SELECT a.idx, a.address, a.path FROM addresses a LEFT JOIN sales s ON s.id = a.sale_id
            WHERE a.wallet_id = ? AND a.chain = ?
              AND (a.state = 'released'
                   OR (a.state = 'allocated' AND (s.status IN ('cancelled', 'voided')
                                                  OR (s.status = 'expired' AND s.late_until <= ?))))
              AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.address = a.address)
              AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.address = a.address)
            ORDER BY a.idx LIMIT 20
            """, arguments: [walletID, chain, at.millis])
    }
}
