import GRDB
import Testing
@testable import TillStore

/// v9 dropped the lookups no query makes; the ones the store's queries need are still there and still used.
@Suite struct LedgerIndexTests {
    /// On the writer: a reader's EXPLAIN is planned on the schema it last loaded, which a DROP on the writer does not
    /// refresh (EXPLAIN starts no transaction that would notice).
    static func plan(_ database: TillDatabase, _ sql: String) throws -> [String] {
        try database.pool.write { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
        }
    }

    @Test func onlyTheUnusedLookupsAreGoneAndTheQueriesStillSearchByKey() throws {
        let test = try TestDatabase()
        let indexes = try test.database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN ('payments', 'quotes')")
        }
        #expect(indexes.contains("payments_by_address"))
        #expect(!indexes.contains("payments_by_txid") && !indexes.contains("quotes_by_address"))
        // The reusable-address check (`reusableCandidateRows`) asks for a payment by address.
        let paymentByAddress = "SELECT 1 FROM payments p WHERE p.address = 'bc1q'"
        #expect(try Self.plan(test.database, paymentByAddress).contains { $0.contains("payments_by_address") })
        // The export's join and a sale's details read quotes and payments by their sale, through the primary keys.
        let export = """
            SELECT s.id, q.rate_price, p.txid FROM sales s
            LEFT JOIN quotes q ON q.sale_id = s.id AND q.seq = 0 LEFT JOIN payments p ON p.sale_id = s.id
            WHERE s.opened_at >= 0
            """
        let joined = try Self.plan(test.database, export)
        #expect(joined.contains { $0.hasPrefix("SEARCH q USING PRIMARY KEY") }, "\(joined)")
        #expect(joined.contains { $0.hasPrefix("SEARCH p USING PRIMARY KEY") }, "\(joined)")
        // Negative control: without its index the address check would scan every payment.
        try test.database.pool.write { db in try db.execute(sql: "DROP INDEX payments_by_address") }
        let scanned = try Self.plan(test.database, paymentByAddress)
        #expect(scanned.contains { $0.hasPrefix("SCAN p") }, "\(scanned)")
    }
}
