import GRDB

extension Schema {
    /// Issue 6 performance: running totals of the sales kept by triggers, so the sales screen's totals read a few
    /// thousand rows instead of a year of sales. Two tables: per local day, coin, currency and cashier
    /// (`sale_day_totals`), and the same split by status (`sale_day_status_totals`) for status filters.
    /// Coin amounts are TEXT of any size: each is summed in three INTEGER parts of 9 decimal digits (lo, mid) and
    /// the rest (hi), exact while a value has at most 27 digits; `huge` counts longer ones (then totals scan the
    /// sales). `first_at`/`last_at` bound the group's opening times (never narrowed: sales keep their opening
    /// time), which tells whether a day range matches an instant range exactly.
    static func createSaleTotals(_ db: Database) throws {
        for table in [TotalsTable.byDay, .byDayAndStatus] { try db.execute(sql: table.schema) }
    }

    /// Issue 15/16: the whole history's totals per coin, currency, cashier and status (`sale_all_totals`, a few
    /// hundred rows at any size), so the sales screen's totals by coin and by cashier without a date range read
    /// those instead of every day's (14,000 rows at 1,000,000 sales). Filled from the sales in the migration.
    static func createAllTimeTotals(_ db: Database) throws {
        try db.execute(sql: TotalsTable.allTime.schema)
    }
}

/// One running-totals table: its name and the sales columns it is keyed by.
struct TotalsTable {
    let name: String
    let keys: [String]

    static let byDay = TotalsTable(name: "sale_day_totals", keys: ["opened_day", "asset_id", "currency", "cashier"])
    static let byDayAndStatus = TotalsTable(name: "sale_day_status_totals",
                                            keys: ["opened_day", "asset_id", "currency", "cashier", "status"])
    /// Without a day: answers filters without a date range when totals are not grouped by day.
    static let allTime = TotalsTable(name: "sale_all_totals", keys: ["asset_id", "currency", "cashier", "status"])
    static let all = [byDay, byDayAndStatus, allTime]

    /// The table that answers `filter` grouped by `grouping` with the fewest rows (the day tables keep each bound's
    /// edge check exact; a status filter needs a table keyed by status).
    static func answering(_ filter: SaleFilter, grouping: Set<TotalsGrouping>) -> TotalsTable {
        if filter.from == nil, filter.to == nil, !grouping.contains(.day) { return allTime }
        return filter.statuses.isEmpty ? byDay : byDayAndStatus
    }

    static let sums = ["due_lo", "due_mid", "due_hi", "received_lo", "received_mid", "received_hi"]

    var schema: String {
        let totalled = keys + ["fiat_total_minor", "coin_due_units", "coin_received_units"]
        return """
            CREATE TABLE \(name) (
                \(keys.map { "\($0) TEXT NOT NULL" }.joined(separator: ", ")),
                sales INTEGER NOT NULL,
                fiat_minor INTEGER NOT NULL,
                \(Self.sums.map { "\($0) INTEGER NOT NULL" }.joined(separator: ", ")),
                huge INTEGER NOT NULL,
                first_at INTEGER NOT NULL,
                last_at INTEGER NOT NULL,
                PRIMARY KEY (\(keys.joined(separator: ", ")))
            ) WITHOUT ROWID;
            CREATE INDEX \(name)_huge ON \(name)(\(keys[0])) WHERE huge > 0;
            CREATE TRIGGER \(name)_insert AFTER INSERT ON sales BEGIN
                \(add("NEW"))
            END;
            CREATE TRIGGER \(name)_delete AFTER DELETE ON sales BEGIN
                \(remove("OLD"))
            END;
            CREATE TRIGGER \(name)_update AFTER UPDATE ON sales
            WHEN \(totalled.map { "OLD.\($0) IS NOT NEW.\($0)" }.joined(separator: " OR "))
            BEGIN
                \(remove("OLD"))
                \(add("NEW"))
            END;
            INSERT INTO \(name) \(grouped);
            """
    }

    /// The table's rows computed from the sales: what it must hold, leaving out groups of no sales (`first_at` and
    /// `last_at` kept by the triggers may be wider: a sale that moves to another group never narrows them).
    var grouped: String {
        """
        SELECT \(keys.map { "\(value($0, "sales")) AS \($0)" }.joined(separator: ", ")), COUNT(*) AS sales,
               SUM(fiat_total_minor) AS fiat_minor,
               \(zip(Self.sums, Self.parts("coin_due_units") + Self.parts("coin_received_units"))
                   .map { "SUM(\($1)) AS \($0)" }.joined(separator: ", ")),
               SUM(\(Self.huge("coin_due_units")) + \(Self.huge("coin_received_units"))) AS huge,
               MIN(opened_at) AS first_at, MAX(opened_at) AS last_at
        FROM sales GROUP BY \(keyValues("sales"))
        """
    }

    /// The key columns of `row` (a sale without a coin is keyed by asset "").
    private func keyValues(_ row: String) -> String { keys.map { value($0, row) }.joined(separator: ", ") }

    private func value(_ key: String, _ row: String) -> String {
        key == "asset_id" ? "COALESCE(\(row).asset_id, '')" : "\(row).\(key)"
    }

    /// lo, mid and hi parts of a decimal TEXT value (0 for NULL).
    private static func parts(_ value: String) -> [String] {
        ["COALESCE(CAST(substr(\(value), -9) AS INTEGER), 0)",
         "COALESCE(CAST(substr(\(value), -18, 9) AS INTEGER), 0)",
         "COALESCE(CAST(substr(\(value), 1, max(length(\(value)) - 18, 0)) AS INTEGER), 0)"]
    }

    private static func huge(_ value: String) -> String { "(COALESCE(length(\(value)), 0) > 27)" }

    private func add(_ row: String) -> String {
        let parts = Self.parts("\(row).coin_due_units") + Self.parts("\(row).coin_received_units")
        return """
                INSERT INTO \(name) VALUES (\(keyValues(row)), 1, \(row).fiat_total_minor, \(parts.joined(separator: ", ")),
                    \(Self.huge("\(row).coin_due_units")) + \(Self.huge("\(row).coin_received_units")),
                    \(row).opened_at, \(row).opened_at)
                ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET
                    sales = sales + 1, fiat_minor = fiat_minor + excluded.fiat_minor,
                    \(Self.sums.map { "\($0) = \($0) + excluded.\($0)" }.joined(separator: ", ")),
                    huge = huge + excluded.huge,
                    first_at = min(first_at, excluded.first_at), last_at = max(last_at, excluded.last_at);
            """
    }

    private func remove(_ row: String) -> String {
        let parts = Self.parts("\(row).coin_due_units") + Self.parts("\(row).coin_received_units")
        let match = keys.map { "\($0) = \(value($0, row))" }.joined(separator: " AND ")
        return """
                UPDATE \(name) SET sales = sales - 1, fiat_minor = fiat_minor - \(row).fiat_total_minor,
                    \(zip(Self.sums, parts).map { "\($0) = \($0) - \($1)" }.joined(separator: ", ")),
                    huge = huge - (\(Self.huge("\(row).coin_due_units")) + \(Self.huge("\(row).coin_received_units")))
                WHERE \(match);
                DELETE FROM \(name) WHERE \(match) AND sales = 0;
            """
    }
}
