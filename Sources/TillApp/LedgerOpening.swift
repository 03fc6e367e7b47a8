import Foundation
import TillConfig
import TillStore
import TillStorePostgres

/// Opens the till's ledger: the shop's shared PostgreSQL one when till.toml has `[store]`, else `till.sqlite` in the
/// data directory (one till). Everything after this is written against `LedgerStore` and runs on either.
public enum LedgerOpening {
    /// The ledger `configuration` names; `timeZone` decides the shop's local days (sale ids, totals by day).
    public static func open(_ configuration: TillConfiguration, timeZone: TimeZone = .current) throws -> any LedgerStore {
        guard let shared = configuration.store else {
            return try TillDatabase(path: URL(fileURLWithPath: configuration.dataDirectory).appendingPathComponent("till.sqlite").path, timeZone: timeZone)
        }
        // The lane's data directory keeps the shop's till.key (PIN hashes and the audit chain are keyed with it).
        return try PostgresStore(location: shared.location, lane: shared.lane, keyDirectory: configuration.dataDirectory,
                                 timeZone: timeZone)
    }
}
