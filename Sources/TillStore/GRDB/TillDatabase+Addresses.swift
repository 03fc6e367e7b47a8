import Foundation
import GRDB
import TillCore

/// Address allocation: next index per wallet chain, persisted with the quote, within the wallet's gap limit.
extension TillDatabase {
    public func allocateAddress(_ request: AddressRequest, derive: (Int) throws -> IndexedAddress,
                                isUnusedOnChain: (String) throws -> Bool) throws -> AllocatedAddress {
        try write("allocating an address for sale \(request.saleID)") { db in
            try allocate(db, request, derive: derive, isUnusedOnChain: isUnusedOnChain)
        }
    }

    public func saveQuoted(_ request: AddressRequest, reason: String,
                           derive: (Int) throws -> IndexedAddress,
                           isUnusedOnChain: (String) throws -> Bool,
                           build: (AllocatedAddress) throws -> (sale: Sale, effects: [SaleEffect])) throws
        -> (address: AllocatedAddress, sale: Sale) {
        try write("saving the quote of sale \(request.saleID)") { db in
            let address = try allocate(db, request, derive: derive, isUnusedOnChain: isUnusedOnChain)
            let (sale, effects) = try build(address)
            try writeSale(db, sale: sale, effects: effects, reason: reason, at: request.at)
            return (address, sale)
        }
    }

    public func markFunded(address: String, at: Date) throws {
        try write("marking \(address) funded") { db in try markFunded(db, address: address, at: at) }
    }

    /// Addresses handed out so far for a wallet chain, by index (for `till addresses` and the manager).
    public func allocatedAddresses(walletID: String, chain: Int) throws -> [AllocatedAddress] {
        try read("listing addresses") { db in
            try Row.fetchAll(db, sql: """
                SELECT idx, address, path, times_reused FROM addresses WHERE wallet_id = ? AND chain = ? ORDER BY idx
                """, arguments: [walletID, chain]).map { row in
                AllocatedAddress(walletID: walletID, chain: chain, index: row["idx"], address: row["address"],
                                 path: row["path"], reused: (row["times_reused"] as Int) > 0)
            }
        }
    }

    func markFunded(_ db: Database, address: String, at: Date) throws {
        try db.cachedStatement(sql: """
            UPDATE addresses SET state = 'funded', funded_at = COALESCE(funded_at, ?)
            WHERE address = ? AND state <> 'funded'
            """).execute(arguments: [at.millis, address])
    }

    private func allocate(_ db: Database, _ request: AddressRequest, derive: (Int) throws -> IndexedAddress,
                          isUnusedOnChain: (String) throws -> Bool) throws -> AllocatedAddress {
        let wallet = request.walletID, chain = request.chain
        func allocated(_ row: Row, reused: Bool) -> AllocatedAddress {
            AllocatedAddress(walletID: wallet, chain: chain, index: row["idx"], address: row["address"],
                             path: row["path"], reused: reused)
        }
        // Asking again for the same sale (a retry after a crash or a failed quote) gets the same address.
        if let row = try Row.fetchOne(db, sql: """
            SELECT idx, address, path, times_reused FROM addresses
            WHERE wallet_id = ? AND chain = ? AND sale_id = ? AND state = 'allocated'
            """, arguments: [wallet, chain, request.saleID]) {
            return allocated(row, reused: (row["times_reused"] as Int) > 0)
        }
        let next = try Int.fetchOne(db, sql: """
            SELECT next_index FROM wallet_address_index WHERE wallet_id = ? AND chain = ?
            """, arguments: [wallet, chain]) ?? 0
        let lastFunded = try Int.fetchOne(db, sql: """
            SELECT MAX(idx) FROM addresses WHERE wallet_id = ? AND chain = ? AND state = 'funded'
            """, arguments: [wallet, chain]) ?? -1
        // Unused addresses after the last funded one must stay fewer than the gap limit, or the merchant's
        // wallet stops scanning before it reaches a payment.
        if next - (lastFunded + 1) < request.gapLimit {
            let derived = try derive(next)
            try db.execute(sql: """
                INSERT INTO addresses (wallet_id, chain, idx, address, path, sale_id, state, allocated_at)
                VALUES (?, ?, ?, ?, ?, ?, 'allocated', ?)
                """, arguments: [wallet, chain, next, derived.address, derived.path, request.saleID, request.at.millis])
            try db.execute(sql: """
                INSERT INTO wallet_address_index (wallet_id, chain, next_index) VALUES (?, ?, ?)
                ON CONFLICT(wallet_id, chain) DO UPDATE SET next_index = excluded.next_index
                """, arguments: [wallet, chain, next + 1])
            return AllocatedAddress(walletID: wallet, chain: chain, index: next, address: derived.address,
                                    path: derived.path, reused: false)
        }
        var foundFunded = false
        for row in try reusableCandidateRows(db, walletID: wallet, chain: chain, at: request.at) {
            let address: String = row["address"]
            guard try isUnusedOnChain(address) else {
                // The chain saw funds we never recorded: never hand this one out (and it moves the gap window).
                try markFunded(db, address: address, at: request.at)
                foundFunded = true
                continue
            }
            try db.execute(sql: """
                UPDATE addresses SET sale_id = ?, state = 'allocated', allocated_at = ?, times_reused = times_reused + 1
                WHERE wallet_id = ? AND chain = ? AND idx = ?
                """, arguments: [request.saleID, request.at.millis, wallet, chain, row["idx"]])
            return allocated(row, reused: true)
        }
        // A newly found funded address may have opened the gap window; it left the candidates, so this ends.
        if foundFunded { return try allocate(db, request, derive: derive, isUnusedOnChain: isUnusedOnChain) }
        throw StoreError.gapLimitReached(walletID: wallet, chain: chain, gapLimit: request.gapLimit)
    }
}
