import GRDB

extension Schema {
    /// Issue 6 performance: running totals per local day, coin, currency, cashier and status, kept by triggers, so
    /// the sales screen's totals read a few thousand rows instead of a year of sales. Coin amounts are TEXT of any
    /// size: each is summed in three INTEGER parts of 9 decimal digits (lo, mid) and the rest (hi), exact while a
    /// value has at most 27 digits; `huge` counts longer ones (then totals scan the sales). `first_at`/`last_at`
    /// bound the group's opening times (never narrowed on update: sales keep their opening time), which tells
    /// whether a day range matches an instant range exactly. Also indexes for filters combined with a coin.
    static func createSaleTotals(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE sale_day_totals (
                opened_day TEXT NOT NULL,
                asset_id TEXT NOT NULL,
                currency TEXT NOT NULL,
                cashier TEXT NOT NULL,
                status TEXT NOT NULL,
                sales INTEGER NOT NULL,
                fiat_minor INTEGER NOT NULL,
                due_lo INTEGER NOT NULL, due_mid INTEGER NOT NULL, due_hi INTEGER NOT NULL,
                received_lo INTEGER NOT NULL, received_mid INTEGER NOT NULL, received_hi INTEGER NOT NULL,
                huge INTEGER NOT NULL,
                first_at INTEGER NOT NULL,
                last_at INTEGER NOT NULL,
                PRIMARY KEY (opened_day, asset_id, currency, cashier, status)
            ) WITHOUT ROWID;
            CREATE TRIGGER sale_day_totals_insert AFTER INSERT ON sales BEGIN
                \(add("NEW"))
            END;
            CREATE TRIGGER sale_day_totals_delete AFTER DELETE ON sales BEGIN
                \(remove("OLD"))
            END;
            CREATE TRIGGER sale_day_totals_update AFTER UPDATE ON sales
            WHEN \(totalled.map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR "))
            BEGIN
                \(remove("OLD"))
                \(add("NEW"))
            END;
            INSERT INTO sale_day_totals
                SELECT opened_day, COALESCE(asset_id, ''), currency, cashier, status, COUNT(*), SUM(fiat_total_minor),
                       \(["coin_due_units", "coin_received_units"].map { column in
                           parts(column).map { "SUM(\($0))" }.joined(separator: ", ")
                       }.joined(separator: ", ")),
                       SUM(\(huge("coin_due_units")) + \(huge("coin_received_units"))),
                       MIN(opened_at), MAX(opened_at)
                FROM sales GROUP BY opened_day, COALESCE(asset_id, ''), currency, cashier, status;
            """)
    }

    /// lo, mid and hi parts of a decimal TEXT column (0 for NULL).
    private static func parts(_ value: String) -> [String] {
        ["COALESCE(CAST(substr(\(value), -9) AS INTEGER), 0)",
         "COALESCE(CAST(substr(\(value), -18, 9) AS INTEGER), 0)",
         "COALESCE(CAST(substr(\(value), 1, max(length(\(value)) - 18, 0)) AS INTEGER), 0)"]
    }

    private static func huge(_ value: String) -> String { "(COALESCE(length(\(value)), 0) > 27)" }

    private static func key(_ row: String) -> String {
        "\(row).opened_day, COALESCE(\(row).asset_id, ''), \(row).currency, \(row).cashier, \(row).status"
    }

    /// The columns the totals depend on (opened_at only moves the bounds, and never changes).
    private static let totalled = ["opened_day", "asset_id", "currency", "cashier", "status", "fiat_total_minor",
                                   "coin_due_units", "coin_received_units"]

    private static func add(_ row: String) -> String {
        let due = parts("\(row).coin_due_units"), received = parts("\(row).coin_received_units")
        return """
                INSERT INTO sale_day_totals VALUES (\(key(row)), 1, \(row).fiat_total_minor,
                    \((due + received).joined(separator: ", ")),
                    \(huge("\(row).coin_due_units")) + \(huge("\(row).coin_received_units")),
                    \(row).opened_at, \(row).opened_at)
                ON CONFLICT (opened_day, asset_id, currency, cashier, status) DO UPDATE SET
                    sales = sales + 1, fiat_minor = fiat_minor + excluded.fiat_minor,
                    due_lo = due_lo + excluded.due_lo, due_mid = due_mid + excluded.due_mid,
                    due_hi = due_hi + excluded.due_hi, received_lo = received_lo + excluded.received_lo,
                    received_mid = received_mid + excluded.received_mid,
                    received_hi = received_hi + excluded.received_hi, huge = huge + excluded.huge,
                    first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at);
            """
    }

    private static func remove(_ row: String) -> String {
        let due = parts("\(row).coin_due_units"), received = parts("\(row).coin_received_units")
        let columns = ["due_lo", "due_mid", "due_hi", "received_lo", "received_mid", "received_hi"]
        let keyMatch = """
            opened_day = \(row).opened_day AND asset_id = COALESCE(\(row).asset_id, '') AND currency = \(row).currency
                AND cashier = \(row).cashier AND status = \(row).status
            """
        return """
                UPDATE sale_day_totals SET sales = sales - 1, fiat_minor = fiat_minor - \(row).fiat_total_minor,
                    \(zip(columns, due + received).map { "\($0) = \($0) - \($1)" }.joined(separator: ", ")),
                    huge = huge - (\(huge("\(row).coin_due_units")) + \(huge("\(row).coin_received_units")))
                WHERE \(keyMatch);
                DELETE FROM sale_day_totals WHERE \(keyMatch) AND sales = 0;
            """
    }
}
