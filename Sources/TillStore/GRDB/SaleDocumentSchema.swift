import Foundation
import GRDB

/// v8: sale documents packed (`SaleDocument`), in a WITHOUT ROWID table, with the reorg watch kept from a column.
///
/// Why a new table: a packed document is about 350 bytes, so a rowid table would spend another ~27 bytes a sale on
/// the separate index of its text key; WITHOUT ROWID keeps the rows in the key's own b-tree. Why `reorg_watched`:
/// the v3 triggers read `status` and `watching` out of the JSON with `json_extract`, which cannot look into a packed
/// document, so the writer states it (`status == paid && watching`) beside the document, and the triggers copy it.
enum SaleDocumentSchema {
    static func create(_ db: Database) throws {
        // The documents are packed by Swift while SQLite copies them: one statement, no row leaves the database.
        let pack = DatabaseFunction("till_pack_sale_document", argumentCount: 1, pure: true) { values in
            guard let json = Data.fromDatabaseValue(values[0]) else { return nil }
            return try SaleDocument.pack(json: json)
        }
        db.add(function: pack)
        defer { db.remove(function: pack) }
        try db.execute(sql: """
            DROP TRIGGER reorg_watch_on_insert;
            DROP TRIGGER reorg_watch_on_update;
            CREATE TABLE sale_documents_v8 (
                sale_id TEXT PRIMARY KEY NOT NULL REFERENCES sales(id) ON DELETE CASCADE,
                reorg_watched INTEGER NOT NULL,
                document BLOB NOT NULL
            ) WITHOUT ROWID;
            INSERT INTO sale_documents_v8 (sale_id, reorg_watched, document)
                SELECT d.sale_id, EXISTS (SELECT 1 FROM reorg_watch w WHERE w.sale_id = d.sale_id),
                       till_pack_sale_document(d.sale_json)
                FROM sale_documents d ORDER BY d.sale_id;
            DROP TABLE sale_documents;
            ALTER TABLE sale_documents_v8 RENAME TO sale_documents;
            CREATE TRIGGER reorg_watch_on_insert AFTER INSERT ON sale_documents BEGIN
                DELETE FROM reorg_watch WHERE sale_id = NEW.sale_id;
                INSERT INTO reorg_watch (sale_id) SELECT NEW.sale_id WHERE NEW.reorg_watched;
            END;
            CREATE TRIGGER reorg_watch_on_update AFTER UPDATE OF reorg_watched ON sale_documents BEGIN
                DELETE FROM reorg_watch WHERE sale_id = NEW.sale_id;
                INSERT INTO reorg_watch (sale_id) SELECT NEW.sale_id WHERE NEW.reorg_watched;
            END;
            """)
    }
}
