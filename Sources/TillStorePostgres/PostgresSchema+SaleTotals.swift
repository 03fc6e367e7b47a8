import TillStore

extension PostgresSchema {
    /// Running totals of the sales, kept by a trigger in each sale's own transaction, so the manager's totals over the
    /// whole history read a few thousand rows instead of every sale (1.5–6.7 s at 1,000,000 sales before). One row per
    /// local day, coin, currency, cashier, lane and status; sums are NUMERIC (exact at any size). `first_at`/`last_at`
    /// bound the group's opening times, which tells whether a day range matches an instant range exactly.
    /// The function body keeps each inner ";" mid-line: migrations are split at a ";" that ends a line.
    static let saleTotals = """
        CREATE TABLE sale_totals (
            opened_day TEXT NOT NULL,
            asset_id TEXT NOT NULL,
            currency TEXT NOT NULL,
            cashier TEXT NOT NULL,
            lane TEXT NOT NULL,
            status TEXT NOT NULL,
            sales BIGINT NOT NULL,
            fiat_minor BIGINT NOT NULL,
            due NUMERIC NOT NULL,
            received NUMERIC NOT NULL,
            first_at BIGINT NOT NULL,
            last_at BIGINT NOT NULL,
            PRIMARY KEY (opened_day, asset_id, currency, cashier, lane, status)
        );
        CREATE FUNCTION till_sale_totals() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN
            IF TG_OP <> 'INSERT' THEN UPDATE sale_totals SET sales = sales - 1, fiat_minor = fiat_minor - OLD.fiat_total_minor,
                due = due - COALESCE(OLD.coin_due_units::NUMERIC, 0), received = received - COALESCE(OLD.coin_received_units::NUMERIC, 0)
                WHERE opened_day = OLD.opened_day AND asset_id = COALESCE(OLD.asset_id, '') AND currency = OLD.currency
                  AND cashier = OLD.cashier AND lane = OLD.lane AND status = OLD.status; END IF; IF TG_OP <> 'DELETE' THEN
            INSERT INTO sale_totals VALUES (NEW.opened_day, COALESCE(NEW.asset_id, ''), NEW.currency, NEW.cashier, NEW.lane,
                NEW.status, 1, NEW.fiat_total_minor, COALESCE(NEW.coin_due_units::NUMERIC, 0),
                COALESCE(NEW.coin_received_units::NUMERIC, 0), NEW.opened_at, NEW.opened_at)
            ON CONFLICT (opened_day, asset_id, currency, cashier, lane, status) DO UPDATE SET
                sales = sale_totals.sales + 1, fiat_minor = sale_totals.fiat_minor + excluded.fiat_minor,
                due = sale_totals.due + excluded.due, received = sale_totals.received + excluded.received,
                first_at = LEAST(sale_totals.first_at, excluded.first_at), last_at = GREATEST(sale_totals.last_at, excluded.last_at); END IF; RETURN NULL; END $$;
        CREATE TRIGGER sales_totals_insert_delete AFTER INSERT OR DELETE ON sales
            FOR EACH ROW EXECUTE FUNCTION till_sale_totals();
        CREATE TRIGGER sales_totals_update AFTER UPDATE ON sales FOR EACH ROW
            WHEN (ROW(OLD.opened_day, OLD.asset_id, OLD.currency, OLD.cashier, OLD.lane, OLD.status, OLD.fiat_total_minor,
                  OLD.coin_due_units, OLD.coin_received_units)
                 IS DISTINCT FROM ROW(NEW.opened_day, NEW.asset_id, NEW.currency, NEW.cashier, NEW.lane, NEW.status,
                  NEW.fiat_total_minor, NEW.coin_due_units, NEW.coin_received_units))
            EXECUTE FUNCTION till_sale_totals();
        INSERT INTO sale_totals
            SELECT opened_day, COALESCE(asset_id, ''), currency, cashier, lane, status, COUNT(*), SUM(fiat_total_minor),
                   COALESCE(SUM(coin_due_units::NUMERIC), 0), COALESCE(SUM(coin_received_units::NUMERIC), 0),
                   MIN(opened_at), MAX(opened_at)
            FROM sales GROUP BY 1, 2, 3, 4, 5, 6;
        """
}

/// One running-totals table of the shop's ledger: its name and the sales columns it is keyed by. A trigger keeps it
/// in each sale's own transaction (so a rolled-back or killed transaction counts nothing); sums are NUMERIC. Every
/// key includes the lane, so lanes never wait for each other's rows (only adoption moves a sale between lanes).
struct PostgresTotalsTable {
    let name: String
    let keys: [String]
    /// The triggers on `sales` that keep it (a bulk copy turns them off and fills the table once at the end).
    let triggers: [String]

    /// pg4 (`PostgresSchema.saleTotals`): per local day, coin, currency, cashier, lane and status.
    static let byDayAndStatus = PostgresTotalsTable(
        name: "sale_totals", keys: ["opened_day", "asset_id", "currency", "cashier", "lane", "status"],
        triggers: ["sales_totals_insert_delete", "sales_totals_update"])
    /// pg5: the same without the status (a third of the rows), for filters without one.
    static let byDay = PostgresTotalsTable(generated: "sale_day_totals",
                                           keys: ["opened_day", "asset_id", "currency", "cashier", "lane"])
    /// pg5: the same without the day (a few hundred rows at any size), for filters without a date range when the
    /// totals are not grouped by day.
    static let allTime = PostgresTotalsTable(generated: "sale_all_totals",
                                             keys: ["asset_id", "currency", "cashier", "lane", "status"])
    static let all = [byDayAndStatus, byDay, allTime]

    private init(name: String, keys: [String], triggers: [String]) {
        self.name = name
        self.keys = keys
        self.triggers = triggers
    }

    private init(generated name: String, keys: [String]) {
        self.init(name: name, keys: keys, triggers: ["\(name)_insert_delete", "\(name)_update"])
    }

    /// The table that answers `filter` (of `lane`, nil: every lane) grouped by `grouping` with the fewest rows: the
    /// day tables keep each bound's edge check exact; a status filter needs a table keyed by status.
    static func answering(_ filter: SaleFilter, grouping: Set<TotalsGrouping>) -> PostgresTotalsTable {
        if filter.from == nil, filter.to == nil, !grouping.contains(.day) { return allTime }
        return filter.statuses.isEmpty ? byDay : byDayAndStatus
    }

    /// The table, its trigger function and triggers, filled from the sales (pg5). The function body keeps each
    /// inner ";" mid-line: migrations are split at a ";" that ends a line.
    var schema: String {
        let watched = keys + ["fiat_total_minor", "coin_due_units", "coin_received_units"]
        let match = keys.map { "\($0) = \(value($0, "OLD"))" }.joined(separator: " AND ")
        let body = [
            "BEGIN IF TG_OP <> 'INSERT' THEN UPDATE \(name) SET sales = sales - 1,",
            "fiat_minor = fiat_minor - OLD.fiat_total_minor, due = due - \(Self.units("OLD.coin_due_units")),",
            "received = received - \(Self.units("OLD.coin_received_units")) WHERE \(match); END IF;",
            "IF TG_OP <> 'DELETE' THEN INSERT INTO \(name) VALUES (\(keys.map { value($0, "NEW") }.joined(separator: ", ")),",
            "1, NEW.fiat_total_minor, \(Self.units("NEW.coin_due_units")), \(Self.units("NEW.coin_received_units")),",
            "NEW.opened_at, NEW.opened_at) ON CONFLICT (\(keys.joined(separator: ", "))) DO UPDATE SET",
            "sales = \(name).sales + 1, fiat_minor = \(name).fiat_minor + excluded.fiat_minor,",
            "due = \(name).due + excluded.due, received = \(name).received + excluded.received,",
            "first_at = LEAST(\(name).first_at, excluded.first_at), last_at = GREATEST(\(name).last_at, excluded.last_at);",
            "END IF; RETURN NULL; END",
        ].joined(separator: " ")
        return """
            CREATE TABLE \(name) (
                \(keys.map { "\($0) TEXT NOT NULL" }.joined(separator: ", ")),
                sales BIGINT NOT NULL,
                fiat_minor BIGINT NOT NULL,
                due NUMERIC NOT NULL,
                received NUMERIC NOT NULL,
                first_at BIGINT NOT NULL,
                last_at BIGINT NOT NULL,
                PRIMARY KEY (\(keys.joined(separator: ", ")))
            );
            CREATE FUNCTION till_\(name)() RETURNS trigger LANGUAGE plpgsql AS $$ \(body) $$;
            CREATE TRIGGER \(triggers[0]) AFTER INSERT OR DELETE ON sales FOR EACH ROW EXECUTE FUNCTION till_\(name)();
            CREATE TRIGGER \(triggers[1]) AFTER UPDATE ON sales FOR EACH ROW
                WHEN (ROW(\(watched.map { "OLD.\($0)" }.joined(separator: ", ")))
                      IS DISTINCT FROM ROW(\(watched.map { "NEW.\($0)" }.joined(separator: ", "))))
                EXECUTE FUNCTION till_\(name)();
            \(fill);
            """
    }

    /// Fills the (empty) table from the sales in one statement.
    var fill: String { "INSERT INTO \(name) \(grouped)" }

    /// The table's rows computed from the sales: what it must hold, leaving out groups of no sales (`first_at` and
    /// `last_at` kept by the trigger may be wider: a sale that moves to another group never narrows them).
    var grouped: String {
        """
        SELECT \(keys.map { "\(value($0, "sales")) AS \($0)" }.joined(separator: ", ")), COUNT(*) AS sales,
               SUM(fiat_total_minor) AS fiat_minor, COALESCE(SUM(coin_due_units::NUMERIC), 0) AS due,
               COALESCE(SUM(coin_received_units::NUMERIC), 0) AS received, MIN(opened_at) AS first_at,
               MAX(opened_at) AS last_at
        FROM sales GROUP BY \((1...keys.count).map(String.init).joined(separator: ", "))
        """
    }

    /// A key column of `row` (a sale without a coin is keyed by asset "").
    private func value(_ key: String, _ row: String) -> String {
        key == "asset_id" ? "COALESCE(\(row).asset_id, '')" : "\(row).\(key)"
    }

    private static func units(_ column: String) -> String { "COALESCE(\(column)::NUMERIC, 0)" }
}
