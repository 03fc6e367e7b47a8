import Foundation
import GRDB
import TillCore

/// One row: what the lane's customer display shows (`LaneSnapshot` as JSON). The till rewrites it when the cart
/// or the sale on screen changes; `till display` only reads it (and the sale's document) on a read-only connection.
enum LaneDisplaySchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE lane_display (
                lane INTEGER PRIMARY KEY NOT NULL CHECK (lane = 1),
                snapshot_json BLOB NOT NULL,
                updated_at INTEGER NOT NULL
            );
            """)
    }
}

extension TillDatabase {
    /// Publishes what the customer display shows (one small write; called only when it changed).
    public func publishLane(_ snapshot: LaneSnapshot, at date: Date) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let json = try encoder.encode(snapshot)
        try write("publishing the customer display") { db in
            try db.execute(sql: """
                INSERT INTO lane_display (lane, snapshot_json, updated_at) VALUES (1, ?, ?)
                ON CONFLICT(lane) DO UPDATE SET snapshot_json = excluded.snapshot_json, updated_at = excluded.updated_at
                """, arguments: [json, date.millis])
        }
    }
}
