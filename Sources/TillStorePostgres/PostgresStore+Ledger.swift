import BigInt
import Foundation
import TillCore
import TillHooks
import TillStore

/// A lane of a shared ledger runs the same till as a single SQLite file: the rest of `LedgerStore` (sales,
/// addresses, accounts, the manager's reads, leases and watcher state live in their own files).
extension PostgresStore: LedgerStore {
    /// "postgresql://till@db:5432/shop?sslmode=require lane front-1": never the password.
    public var ledgerDescription: String { "\(location.redacted) lane \(lane)" }

    /// The shop's one webhook outbox (each delivery is claimed by one lane).
    public func webhookOutbox() -> any OutboxStore { PostgresWebhookOutbox(store: self) }

    /// The lane's heartbeat (see `heartbeat`): renews its lease and takes back its own adopted sales.
    public func renewLease(at now: Date) throws -> [String] { try heartbeat(at: now) }

    /// Every observation of these addresses, and the address-less confirmation rows of the payments seen on them,
    /// oldest first (whichever lane recorded them): what a restart replays into the sales that own the addresses.
    public func observations(forAddresses addresses: [String]) throws -> [StoredObservation] {
        guard !addresses.isEmpty else { return [] }
        return try link.withSession("reading observations") { session in
            try session.query("""
                SELECT id, at, backend, kind, txid, output, address, amount_units, height, block_hash, raw_json,
                       confirmations
                FROM observations WHERE address = ANY($1)
                UNION ALL
                SELECT id, at, backend, kind, txid, output, address, amount_units, height, block_hash, raw_json,
                       confirmations
                FROM observations o
                WHERE o.address IS NULL AND o.txid IN (SELECT txid FROM observations WHERE address = ANY($1))
                ORDER BY id
                """, [addresses]).map(storedObservation)
        }
    }

    private func storedObservation(_ row: PostgresRowReader) throws -> StoredObservation {
        let id: Int64 = try row.get("id")
        let units = try row.get("amount_units", String?.self)
        let amount = try units.map { units in
            guard let amount = BigUInt.fromDecimal(units) else {
                throw StoreError.unreadableRow(path: location.redacted, table: "observations", key: String(id),
                                               detail: "amount \"\(units)\" is not a whole number of base units")
            }
            return amount
        }
        return StoredObservation(id: id, record: ChainObservationRecord(
            at: Date(millis: try row.get("at")), backend: try row.get("backend"), kind: try row.get("kind"),
            txid: try row.get("txid"), output: try row.get("output"), address: try row.get("address"),
            amountUnits: amount, height: try row.get("height"), blockHash: try row.get("block_hash"),
            rawJSON: try row.get("raw_json"), confirmations: try row.get("confirmations")))
    }

    /// The shop's live stock of every counted product (product id → units; products not counted are left out).
    public func stockLevels() throws -> [String: Int] {
        try link.withSession("reading the stock levels") { session in
            var levels: [String: Int] = [:]
            for row in try session.query("SELECT id, stock FROM products WHERE stock IS NOT NULL") {
                levels[try row.get("id", String.self)] = try row.get("stock", Int.self)
            }
            return levels
        }
    }

    /// The advisory lock of the catalog write (any number, the same in every lane).
    static let catalogLockKey: Int64 = 0x7111_ca7a

    /// Writes `products` unless the catalog with this `fingerprint` was the last one written; true when it wrote.
    /// Lanes starting at once queue on a lock, so the catalog is written once and the others find it done.
    @discardableResult
    public func syncProducts(_ products: ProductTable, fingerprint: String, at: Date) throws -> Bool {
        try link.transaction("writing the catalog's products") { session in
            try session.execute("SELECT pg_advisory_xact_lock($1)", [Self.catalogLockKey])
            let current = try session.query("SELECT fingerprint FROM catalog_sync WHERE id = 1").first
                .map { try $0.get("fingerprint", String.self) }
            guard current != fingerprint else { return false }
            try upsertProducts(session, products, at: at)
            try session.execute("""
                INSERT INTO catalog_sync (id, fingerprint, product_count, synced_at) VALUES (1, $1, $2, $3)
                ON CONFLICT (id) DO UPDATE SET fingerprint = excluded.fingerprint,
                    product_count = excluded.product_count, synced_at = excluded.synced_at
                """, [fingerprint, products.count, at.millis])
            return true
        }
    }

    /// Publishes what this lane's customer display shows (one small write; called only when it changed).
    public func publishLane(_ snapshot: LaneSnapshot, at date: Date) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(snapshot)
        try link.withSession("publishing the customer display") { session in
            try session.execute("""
                INSERT INTO lane_display (lane, snapshot_json, updated_at) VALUES ($1, $2, $3)
                ON CONFLICT (lane) DO UPDATE SET snapshot_json = excluded.snapshot_json, updated_at = excluded.updated_at
                """, [lane, json, date.millis])
        }
    }

    /// What a lane's customer display shows (nil: this lane): its snapshot and the sale on its cashier's screen,
    /// read in one transaction (`till display --lane`).
    public func laneView(lane name: String? = nil) throws -> LaneView {
        let shown = name ?? lane
        return try link.transaction("reading the customer display of lane \(shown)") { session in
            guard let row = try session.query("SELECT snapshot_json FROM lane_display WHERE lane = $1", [shown]).first
            else { return LaneView(snapshot: nil, sale: nil) }
            let snapshot: LaneSnapshot
            do { snapshot = try JSONDecoder().decode(LaneSnapshot.self, from: try row.get("snapshot_json", Data.self)) } catch {
                throw StoreError.unreadableRow(path: location.redacted, table: "lane_display", key: shown, detail: "\(error)")
            }
            guard let saleID = snapshot.saleID,
                  let document = try session.query("SELECT sale_json FROM sale_documents WHERE sale_id = $1", [saleID]).first
            else { return LaneView(snapshot: snapshot, sale: nil) }
            return LaneView(snapshot: snapshot, sale: try decodeSale(try document.get("sale_json", String.self), id: saleID))
        }
    }
}
