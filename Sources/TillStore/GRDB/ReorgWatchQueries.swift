import Foundation
import GRDB
import TillCore

/// The restart query for paid sales still watched for a reorg (see `ReorgWatchSchema`).
enum ReorgWatchQueries {
    /// `reorg_watch` holds only paid sales still watched: a walk of that small table, the rest by primary key.
    /// CROSS JOIN fixes that order (SQLite never reorders it): without statistics the planner would rather walk
    /// every sale by date and probe the watch table for each.
    static let watchedPaidSales = """
        SELECT s.id, d.document FROM reorg_watch w
        CROSS JOIN sales s ON s.id = w.sale_id
        CROSS JOIN sale_documents d ON d.sale_id = w.sale_id
        ORDER BY s.opened_at, s.id
        """
}

extension TillDatabase {
    public func reorgWatchedSales() throws -> [Sale] {
        try read("loading paid sales in their reorg window") { db in
            try Row.fetchAll(db, sql: ReorgWatchQueries.watchedPaidSales).map { row in
                let id: String = row["id"]
                do { return try SaleCodec.decode(row["document"]) } catch {
                    throw StoreError.unreadableRow(path: path, table: "sales", key: id, detail: "\(error)")
                }
            }
        }
    }
}
