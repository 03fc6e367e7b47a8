import Foundation
import TillCore
import TillStore

/// No orphaned sales: each lane renews a lease (its heartbeat) while it runs; when a lane's lease lapses, another
/// lane adopts its open and reorg-watched sales (becomes their watcher) and records their payments; a lane that
/// starts again takes its own sales back.
extension PostgresStore {
    /// How long a lane may go without a heartbeat before the others adopt its sales.
    public static let leaseSeconds: Int64 = 45

    /// Renews this lane's lease; the first call after a start also takes back the lane's own watched sales from
    /// whichever lane adopted them. Returns the ids taken back.
    @discardableResult
    public func heartbeat(at now: Date) throws -> [String] {
        try link.transaction("renewing the lease of lane \(lane)") { session in
            try session.execute("""
                INSERT INTO lanes (lane, heartbeat_at, started_at) VALUES ($1, $2, $2)
                ON CONFLICT (lane) DO UPDATE SET heartbeat_at = excluded.heartbeat_at
                """, [lane, now.millis])
            // A rescan is owed only while an adopted sale is watched here (the sales are read only when one is owed).
            try session.execute("""
                DELETE FROM lane_rescans r WHERE r.lane = $1 AND NOT EXISTS (
                    SELECT 1 FROM sales s WHERE s.watcher = $1 AND s.lane <> $1 AND \(Self.watchedCondition(alias: "s")))
                """, [lane, now.millis])
            return try session.query("""
                UPDATE sales SET watcher = $1
                WHERE lane = $1 AND watcher <> $1 AND \(Self.watchedCondition)
                RETURNING id
                """, [lane, now.millis]).map { try $0.get("id", String.self) }.sorted()
        }
    }

    /// Adopts the watched sales of every other lane whose lease lapsed at `now`, and returns them (oldest first)
    /// for this lane to watch. Lanes adopting at the same moment never both take a sale: the UPDATE locks its rows.
    public func adoptOrphanedSales(at now: Date) throws -> Adoption {
        try link.transaction("adopting the sales of stopped lanes") { session in
            let rows = try session.query("""
                WITH dead AS (SELECT lane FROM lanes WHERE lane <> $1 AND heartbeat_at < $3)
                UPDATE sales s SET watcher = $1 FROM dead d, sale_documents doc
                WHERE s.watcher = d.lane AND doc.sale_id = s.id AND \(Self.watchedCondition(alias: "s"))
                RETURNING s.id, s.opened_at, doc.sale_json, d.lane AS previous
                """, [lane, now.millis, now.millis - Self.leaseSeconds * 1000])
                .map { (try $0.get("opened_at", Int64.self), try $0.get("id", String.self), try $0.get("sale_json", String.self),
                        try $0.get("previous", String.self)) }
                .sorted { ($0.0, $0.1) < ($1.0, $1.1) }
            guard !rows.isEmpty else { return Adoption() }
            // Where the stopped lanes' watchers got to: blocks after that were read here for other addresses only.
            var cursors: [String: Int] = [:]
            for row in try session.query("""
                SELECT backend_id, MIN(height) AS height FROM chain_cursor WHERE lane = ANY($1) GROUP BY backend_id
                """, [Array(Set(rows.map(\.3))).sorted()]) {
                cursors[try row.get("backend_id")] = Int(try row.get("height", Int64.self))
            }
            let adoption = Adoption(sales: try rows.map { try decodeSale($0.2, id: $0.1) }, cursors: cursors)
            // Owed with the adoption, in its transaction: a lane killed before its watcher saved the moved-back
            // cursor still reads those blocks again at its next start (`pendingRescans`).
            for (backendID, height) in adoption.rescanFrom {
                try session.execute("""
                    INSERT INTO lane_rescans (lane, backend_id, from_height) VALUES ($1, $2, $3)
                    ON CONFLICT (lane, backend_id) DO UPDATE SET from_height = LEAST(lane_rescans.from_height, excluded.from_height)
                    """, [lane, backendID, Int64(height)])
            }
            return adoption
        }
    }

    /// Where this lane must read the chain again at a start, by backend: the lowest height of every adoption whose
    /// sales it still watches (kept until none is watched here, so a kill at any moment after an adoption loses nothing).
    public func pendingRescans() throws -> [String: Int] {
        try link.withSession("reading this lane's owed rescans") { session in
            var heights: [String: Int] = [:]
            for row in try session.query("SELECT backend_id, from_height FROM lane_rescans WHERE lane = $1", [lane]) {
                heights[try row.get("backend_id")] = Int(try row.get("from_height", Int64.self))
            }
            return heights
        }
    }

    /// Every lane with its last heartbeat, for the manager and `till config check`.
    public func laneHeartbeats() throws -> [(lane: String, heartbeatAt: Date)] {
        try link.withSession("listing lanes") { session in
            try session.query("SELECT lane, heartbeat_at FROM lanes ORDER BY lane").map {
                (try $0.get("lane", String.self), Date(millis: try $0.get("heartbeat_at", Int64.self)))
            }
        }
    }

    /// Every lane that ever ran on this ledger, by name (the manager's per-lane totals).
    public func laneNames() throws -> [String] { try laneHeartbeats().map(\.lane) }

    /// A sale someone must watch: open, expired inside its late window ($2 is now), or paid inside its reorg window.
    static var watchedCondition: String { watchedCondition(alias: nil) }

    static func watchedCondition(alias: String?) -> String {
        let p = alias.map { "\($0)." } ?? ""
        return """
            (\(p)status IN ('building', 'awaitingPayment', 'underpaid', 'confirming')
             OR (\(p)status = 'expired' AND \(p)late_until > $2) OR \(p)reorg_watch)
            """
    }
}
