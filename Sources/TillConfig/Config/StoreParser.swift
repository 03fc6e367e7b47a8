import Foundation

/// `[store]`: a shop whose tills (lanes) share one PostgreSQL ledger. Without it, the till keeps its SQLite file
/// in `data_dir`, as a single till always has.
public struct StoreSettings: Sendable, Hashable {
    /// The server and database (the password from `TILL_PG_PASSWORD` or `password_file`, never from till.toml).
    public var location: PostgresLocation
    /// This till's lane name ("front-1"), unique in the shop.
    public var lane: String

    public init(location: PostgresLocation, lane: String) {
        self.location = location
        self.lane = lane
    }
}

extension ConfigLoader {
    /// Reads `[store]`; every problem is reported with the line of its key.
    static func parseStore(_ table: TableReader?, environment: [String: String],
                           absolute: (String) -> String) -> StoreSettings? {
        guard let table else { return nil }
        table.rejectUnknownKeys(ConfigKeys.store)
        let url = table.nonEmptyString("url", required: true)
        let lane = table.nonEmptyString("lane", required: true)
        let passwordFile = table.nonEmptyString("password_file").map(absolute)
        let laneProblem = lane.flatMap(LaneName.problem)
        if let laneProblem { table.report("lane", laneProblem) }
        guard let url else { return nil }
        if URLComponents(string: url)?.password != nil {
            table.report("url", "holds a password; remove it and set \(PostgresLocation.passwordVariable) in the "
                + "environment or password_file (a file of mode 600)")
            return nil
        }
        do {
            let location = try PostgresLocation.parse(url, passwordFile: passwordFile, environment: environment)
            guard let lane, laneProblem == nil else { return nil }
            return StoreSettings(location: location, lane: lane)
        } catch {
            if case .invalid(let field, let detail) = error { table.report(field, detail) }
            return nil
        }
    }
}
