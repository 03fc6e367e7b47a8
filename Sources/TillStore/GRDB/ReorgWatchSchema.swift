import GRDB

/// Paid sales still watched for a reorg or double spend of their payment (`Sale.watching` on a paid sale).
///
/// Why a table kept by triggers: the sale document is the truth of `watching` (the state machine decides when the
/// reorg window ends), and a restart must find those few sales among a million without a scan. The triggers keep
/// one row per such sale from the document's row (its JSON until v8, its `reorg_watched` column since), so every path
/// that saves a sale keeps it right.
enum ReorgWatchSchema {
    static func create(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE reorg_watch (
                sale_id TEXT PRIMARY KEY NOT NULL REFERENCES sales(id) ON DELETE CASCADE
            ) WITHOUT ROWID;
            """ + jsonTriggers + """
            -- Sales paid before this table existed: the status index narrows the documents read to paid ones.
            INSERT INTO reorg_watch (sale_id)
                SELECT s.id FROM sales s JOIN sale_documents d ON d.sale_id = s.id
                WHERE s.status = 'paid' AND json_extract(CAST(d.sale_json AS TEXT), '$.watching') = 1;
            """)
    }

    /// v3's triggers on the JSON documents (v1's `sale_json`), until v8 packs them (`SaleDocumentSchema`).
    static let jsonTriggers = """
            CREATE TRIGGER reorg_watch_on_insert AFTER INSERT ON sale_documents BEGIN
                DELETE FROM reorg_watch WHERE sale_id = NEW.sale_id;
                INSERT INTO reorg_watch (sale_id) SELECT NEW.sale_id
                    WHERE json_extract(CAST(NEW.sale_json AS TEXT), '$.status') = 'paid'
                      AND json_extract(CAST(NEW.sale_json AS TEXT), '$.watching') = 1;
            END;
            CREATE TRIGGER reorg_watch_on_update AFTER UPDATE OF sale_json ON sale_documents BEGIN
                DELETE FROM reorg_watch WHERE sale_id = NEW.sale_id;
                INSERT INTO reorg_watch (sale_id) SELECT NEW.sale_id
                    WHERE json_extract(CAST(NEW.sale_json AS TEXT), '$.status') = 'paid'
                      AND json_extract(CAST(NEW.sale_json AS TEXT), '$.watching') = 1;
            END;

            """
}
