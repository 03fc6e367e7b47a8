import Foundation
import TillCore
import TillStore

/// Address allocation for the whole shop: the wallet chain's index row is locked (`FOR UPDATE`) in the allocating
/// transaction, so two lanes quoting at the same moment queue on it: no index is ever handed to two sales, and the
/// gap limit counts every lane's unused addresses.
extension PostgresStore {
    public func allocateAddress(_ request: AddressRequest, derive: (Int) throws -> IndexedAddress,
                                isUnusedOnChain: (String) throws -> Bool) throws -> AllocatedAddress {
        try link.transaction("allocating an address for sale \(request.saleID)") { session in
            try allocate(session, request, derive: derive, isUnusedOnChain: isUnusedOnChain)
        }
    }

    public func saveQuoted(_ request: AddressRequest, reason: String,
                           derive: (Int) throws -> IndexedAddress,
                           isUnusedOnChain: (String) throws -> Bool,
                           build: (AllocatedAddress) throws -> (sale: Sale, effects: [SaleEffect])) throws
        -> (address: AllocatedAddress, sale: Sale) {
        try link.transaction("saving the quote of sale \(request.saleID)") { session in
            let address = try allocate(session, request, derive: derive, isUnusedOnChain: isUnusedOnChain)
            let (sale, effects) = try build(address)
            try writeSale(session, sale: sale, effects: effects, reason: reason, at: request.at)
            return (address, sale)
        }
    }

    public func markFunded(address: String, at: Date) throws {
        try link.withSession("marking \(address) funded") { session in try markFunded(session, address: address, at: at) }
    }

    /// Addresses handed out so far for a wallet chain by every lane, by index.
    public func allocatedAddresses(walletID: String, chain: Int) throws -> [AllocatedAddress] {
        try link.withSession("listing addresses") { session in
            try session.query("""
                SELECT idx, address, path, times_reused FROM addresses WHERE wallet_id = $1 AND chain = $2 ORDER BY idx
                """, [walletID, chain]).map { row in
                AllocatedAddress.restored(walletID: walletID, chain: chain, index: try row.get("idx"), address: try row.get("address"),
                          path: try row.get("path"), reused: try row.get("times_reused", Int.self) > 0)
            }
        }
    }

    /// The sale an address was last handed to, or nil.
    public func saleID(ofAddress address: String) throws -> String? {
        try link.withSession("finding the sale of \(address)") { session in
            try session.query("SELECT sale_id FROM addresses WHERE address = $1", [address]).first
                .flatMap { try $0.get("sale_id", String?.self) }
        }
    }

    func markFunded(_ session: PostgresSession, address: String, at: Date) throws {
        try session.execute("""
            UPDATE addresses SET state = 'funded', funded_at = COALESCE(funded_at, $1)
            WHERE address = $2 AND state <> 'funded'
            """, [at.millis, address])
    }

    private func allocate(_ session: PostgresSession, _ request: AddressRequest, derive: (Int) throws -> IndexedAddress,
                          isUnusedOnChain: (String) throws -> Bool) throws -> AllocatedAddress {
        let wallet = request.walletID, chain = request.chain
        // The shop-wide lock: every allocation of this wallet chain, on any lane, waits here for the one before.
        try session.execute("""
            INSERT INTO wallet_address_index (wallet_id, chain, next_index) VALUES ($1, $2, 0) ON CONFLICT DO NOTHING
            """, [wallet, chain])
        let next = try session.query("""
            SELECT next_index FROM wallet_address_index WHERE wallet_id = $1 AND chain = $2 FOR UPDATE
            """, [wallet, chain]).first?.get("next_index", Int.self) ?? 0
        // Asking again for the same sale (a retry after a crash or a failed quote) gets the same address. Read after
        // the lock, so a retry racing its first attempt on another connection sees that attempt's row.
        if let row = try session.query("""
            SELECT idx, address, path, times_reused FROM addresses
            WHERE wallet_id = $1 AND chain = $2 AND sale_id = $3 AND state = 'allocated'
            """, [wallet, chain, request.saleID]).first {
            return .restored(walletID: wallet, chain: chain, index: try row.get("idx"), address: try row.get("address"),
                             path: try row.get("path"), reused: try row.get("times_reused", Int.self) > 0)
        }
        let lastFunded = try session.query("""
            SELECT MAX(idx) AS last FROM addresses WHERE wallet_id = $1 AND chain = $2 AND state = 'funded'
            """, [wallet, chain]).first.flatMap { try $0.get("last", Int?.self) } ?? -1
        // Unused addresses after the last funded one must stay fewer than the gap limit, or the merchant's wallet
        // stops scanning before it reaches a payment.
        if next - (lastFunded + 1) < request.gapLimit {
            let derived = try derive(next)
            try session.execute("""
                INSERT INTO addresses (wallet_id, chain, idx, address, path, sale_id, state, allocated_at)
                VALUES ($1, $2, $3, $4, $5, $6, 'allocated', $7)
                """, [wallet, chain, next, derived.address, derived.path, request.saleID, request.at.millis])
            try session.execute("""
                UPDATE wallet_address_index SET next_index = $3 WHERE wallet_id = $1 AND chain = $2
                """, [wallet, chain, next + 1])
            return .restored(walletID: wallet, chain: chain, index: next, address: derived.address, path: derived.path,
                             reused: false)
        }
        var foundFunded = false
        for row in try session.query(Self.reusableCandidates, [wallet, chain, request.at.millis]) {
            let address = try row.get("address", String.self)
            guard try isUnusedOnChain(address) else {
                // The chain saw funds we never recorded: never hand this one out (and it moves the gap window).
                try markFunded(session, address: address, at: request.at)
                foundFunded = true
                continue
            }
            let index = try row.get("idx", Int.self)
            try session.execute("""
                UPDATE addresses SET sale_id = $1, state = 'allocated', allocated_at = $2, times_reused = times_reused + 1
                WHERE wallet_id = $3 AND chain = $4 AND idx = $5
                """, [request.saleID, request.at.millis, wallet, chain, index])
            return .restored(walletID: wallet, chain: chain, index: index, address: address,
                             path: try row.get("path"), reused: true)
        }
        // A newly found funded address may have opened the gap window; it left the candidates, so this ends.
        if foundFunded { return try allocate(session, request, derive: derive, isUnusedOnChain: isUnusedOnChain) }
        throw StoreError.gapLimitReached(walletID: wallet, chain: chain, gapLimit: request.gapLimit)
    }

    /// Candidates for reuse on a wallet chain at `at` (every lane's), lowest index first: the rows `allocateAddress`
    /// walks past the gap limit, in the same order, readable before it so the chain can be asked outside the write.
    public func reusableAddresses(walletID: String, chain: Int, at: Date) throws -> [ReusableAddress] {
        try link.withSession("listing reusable addresses of \(walletID)") { session in
            try session.query(Self.reusableCandidates, [walletID, chain, at.millis]).map {
                ReusableAddress(index: try $0.get("idx"), address: try $0.get("address"), path: try $0.get("path"))
            }
        }
    }

    /// Addresses of sales that are over with nothing received (cancelled, voided, or expired past the late window
    /// at $3), with no payment or observation ever recorded for them; $1 is the wallet, $2 the chain. As SQLite's.
    static let reusableCandidates = """
        SELECT a.idx, a.address, a.path FROM addresses a LEFT JOIN sales s ON s.id = a.sale_id
        WHERE a.wallet_id = $1 AND a.chain = $2
          AND (a.state = 'released'
               OR (a.state = 'allocated' AND (s.status IN ('cancelled', 'voided')
                                              OR (s.status = 'expired' AND s.late_until <= $3))))
          AND NOT EXISTS (SELECT 1 FROM payments p WHERE p.address = a.address)
          AND NOT EXISTS (SELECT 1 FROM observations o WHERE o.address = a.address)
        ORDER BY a.idx LIMIT 20
        """
}
