import Foundation
import GRDB

extension TillDatabase {
    /// The live stock of every counted product (product id → units; products not counted are left out),
    /// for the catalog screen's low/zero marks at start.
    public func stockLevels() throws(StoreError) -> [String: Int] {
        try read("reading the stock levels") { db in
            var levels: [String: Int] = [:]
            let rows = try Row.fetchCursor(db, sql: "SELECT id, stock FROM products WHERE stock IS NOT NULL")
            while let row = try rows.next() { levels[row["id"]] = row["stock"] }
            return levels
        }
    }
}
