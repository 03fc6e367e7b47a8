import Foundation
import GRDB
import Testing
import TillCore
@testable import TillStore
import TillStoreTestSupport
import TillTestSupport

/// Migration v8 packs the JSON documents a ledger already holds, and keeps the reorg watch they implied.
@Suite struct SaleDocumentMigrationTests {
    /// Turns a current ledger back into one from before v8: v1's table of JSON documents (filled through v3's
    /// triggers, as the old code did), and v8 not applied.
    static func backToJSONDocuments(_ database: TillDatabase) throws {
        try database.pool.write { db in
            let rows = try Row.fetchAll(db, sql: "SELECT sale_id, document FROM sale_documents")
            try db.execute(sql: """
                DROP TRIGGER reorg_watch_on_insert; DROP TRIGGER reorg_watch_on_update; DROP TABLE sale_documents;
                CREATE TABLE sale_documents (
                    sale_id TEXT PRIMARY KEY NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
                    sale_json BLOB NOT NULL
                );
                """ + ReorgWatchSchema.jsonTriggers)
            for row in rows {
                try db.execute(sql: "INSERT INTO sale_documents (sale_id, sale_json) VALUES (?, ?)",
                               arguments: [row["sale_id"] as String, try SaleDocument.json(stored: row["document"])])
            }
            try db.execute(sql: "DELETE FROM grdb_migrations WHERE identifier = 'v8-packed-sale-documents'")
        }
    }

    static func firstBytes(_ database: TillDatabase, column: String) throws -> Set<String> {
        try database.pool.read { db in
            Set(try String.fetchAll(db, sql: "SELECT DISTINCT hex(substr(\(column), 1, 1)) FROM sale_documents"))
        }
    }

    @Test func theMigrationPacksEveryDocumentExactlyAndKeepsTheReorgWatch() throws {
        let test = try TestDatabase()
        let generator = SalesGenerator(.init(count: 400, firstDay: Date(timeIntervalSince1970: 1_767_225_600), days: 3),
                                       timeZone: TimeZone(identifier: "UTC")!)
        try test.database.storeGenerated(generator)
        let watched = try ReorgWatchQueryTests.paidSale("S-watched", paidAt: Fixture.noon.addingTimeInterval(120))
        var done = try ReorgWatchQueryTests.paidSale("S-done", paidAt: Fixture.noon.addingTimeInterval(60))
        _ = done.handle(.tick(Fixture.noon.addingTimeInterval(3 * 86_400)))
        let open = try Fixture.sale(id: "S-open", at: Date(timeIntervalSinceReferenceDate: 785_000_000.25),
                                    status: .awaitingPayment)
        let mine = [watched, done, open]
        for sale in mine { try test.database.save(sale, effects: [], reason: "t", at: Fixture.noon) }
        let expected = try GeneratedSalesTests.expectedSales(generator) + mine

        try Self.backToJSONDocuments(test.database)
        // The old ledger really is old: JSON in `sale_json`, and the watch kept from it by v3's triggers.
        #expect(try Self.firstBytes(test.database, column: "sale_json") == ["7B"])
        #expect(try test.database.pool.read { db in try String.fetchAll(db, sql: "SELECT sale_id FROM reorg_watch") }
            == ["S-watched"])
        let jsonBytes = try test.database.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT SUM(length(sale_json)) FROM sale_documents") ?? 0
        }

        let migrated = try test.reopened()
        #expect(try migrated.appliedMigrations().suffix(2) == ["v8-packed-sale-documents", "v9-unused-lookup-indexes"])
        #expect(try Self.firstBytes(migrated, column: "document") == ["01"])
        let packedBytes = try migrated.pool.read { db in
            try Int.fetchOne(db, sql: "SELECT SUM(length(document)) FROM sale_documents") ?? 0
        }
        #expect(packedBytes * 5 < jsonBytes, "\(packedBytes) packed of \(jsonBytes) JSON bytes")
        for sale in expected { #expect(try migrated.sale(id: sale.id) == sale, "sale \(sale.id)") }
        #expect(try migrated.reorgWatchedSales() == [watched])
        #expect(try migrated.openSales(at: Fixture.noon).map(\.id).contains("S-open"))
        #expect(try migrated.integrityCheck() == ["ok"])

        // The watch follows saves through the new triggers: the watched sale's window ends, the other is paid again.
        var ended = watched
        _ = ended.handle(.tick(Fixture.noon.addingTimeInterval(3 * 86_400)))
        try migrated.save(ended, effects: [], reason: "window over", at: Fixture.noon.addingTimeInterval(3 * 86_400))
        #expect(try migrated.reorgWatchedSales().isEmpty)
        try migrated.save(watched, effects: [], reason: "again", at: Fixture.noon)
        #expect(try migrated.reorgWatchedSales() == [watched])
    }

    @Test func readsGoThroughThePackingAndStillTakePlainJSON() throws {
        let test = try TestDatabase()
        let sales = try ["S-a", "S-b"].map { try Fixture.sale(id: $0, status: .paid, paid: 700_000) }
        for sale in sales { try test.database.save(sale, effects: [], reason: "t", at: Fixture.noon) }
        try test.database.pool.write { db in
            // A plain JSON document (as v1–v7 wrote) in the new table is read as it is ...
            try db.execute(sql: "UPDATE sale_documents SET document = ? WHERE sale_id = 'S-a'",
                           arguments: [try SaleCodec.encode(sales[0])])
            // ... and a damaged packed one is an error naming the sale, not another sale or a crash.
            try db.execute(sql: "UPDATE sale_documents SET document = substr(document, 1, 20) WHERE sale_id = 'S-b'")
        }
        #expect(try test.database.sale(id: "S-a") == sales[0])
        #expect {
            _ = try test.database.sale(id: "S-b")
        } throws: { error in
            guard case StoreError.unreadableRow(_, _, let key, _) = error else { return false }
            return key == "S-b"
        }
    }
}
