import Foundation
import GRDB
import TillCore

/// What a customer display reads in one go: the lane's snapshot and the sale on the cashier's screen.
public struct LaneView: Hashable, Sendable {
    /// nil until the till published once.
    public let snapshot: LaneSnapshot?
    public let sale: Sale?

    public init(snapshot: LaneSnapshot?, sale: Sale?) {
        self.snapshot = snapshot
        self.sale = sale
    }
}

/// `till display`'s window on a till's database: a read-only connection (it never takes the write lock and
/// never migrates), polled with `PRAGMA data_version` so an unchanged database costs one cheap query.
public final class LaneReader: @unchecked Sendable {
    public let path: String
    private let queue: DatabaseQueue
    /// The file's inode when opened: training recreates its file at every start, and a reader of the old one
    /// would wait forever.
    private let inode: UInt64?

    /// Opens `path` read-only; throws when the file is missing or is not a till database.
    public init(path: String) throws(StoreError) {
        self.path = path
        guard FileManager.default.fileExists(atPath: path) else {
            throw .cannotOpen(path: path, detail: "no such file yet (is the till running with this data directory?)")
        }
        inode = Self.inode(of: path)
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "till-display"
        configuration.busyMode = .timeout(2)
        do { queue = try DatabaseQueue(path: path, configuration: configuration) } catch {
            throw .cannotOpen(path: path, detail: "\(error)")
        }
    }

    /// True when the file at `path` is no longer the one this reader opened (deleted or replaced).
    public var isStale: Bool { Self.inode(of: path) != inode }

    /// Changes whenever another connection commits a change to the database.
    public func dataVersion() throws(StoreError) -> Int {
        do { return try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA data_version") ?? 0 } } catch {
            throw .cannotOpen(path: path, detail: "\(error)")
        }
    }

    /// The snapshot and its sale, read in one transaction.
    public func read() throws(StoreError) -> LaneView {
        do {
            return try queue.read { db in
                guard try db.tableExists("lane_display") else {
                    throw StoreError.cannotOpen(path: path, detail: "this database has no customer display table: start the till (a newer version) once")
                }
                guard let data = try Data.fetchOne(db, sql: "SELECT snapshot_json FROM lane_display WHERE lane = 1") else {
                    return LaneView(snapshot: nil, sale: nil)
                }
                let snapshot = try JSONDecoder().decode(LaneSnapshot.self, from: data)
                var sale: Sale?
                if let id = snapshot.saleID,
                   let document = try Data.fetchOne(db, sql: "SELECT document FROM sale_documents WHERE sale_id = ?", arguments: [id]) {
                    sale = try SaleCodec.decode(document)
                }
                return LaneView(snapshot: snapshot, sale: sale)
            }
        } catch let error as StoreError {
            throw error
        } catch {
            throw .unreadableRow(path: path, table: "lane_display", key: "1", detail: "\(error)")
        }
    }

    private static func inode(of path: String) -> UInt64? {
        (try? FileManager.default.attributesOfItem(atPath: path))?[.systemFileNumber] as? UInt64
    }
}
