import Foundation
import TillConfig
import TillStore

/// What `till config check` says about a `[store]` ledger: it connects (migrating an empty database) and reports
/// the schema version, or why the lane cannot reach it.
public struct PostgresStoreCheck: Sendable {
    public let ok: Bool
    public let text: String

    /// Connects to the configured ledger as the configured lane (`keyDirectory`: the data directory, see `PostgresStore`).
    public static func run(_ settings: StoreSettings, keyDirectory: String, timeout: TimeInterval = 10) -> PostgresStoreCheck {
        let name = "Store: PostgreSQL \(settings.location.redacted), lane \(settings.lane)"
        do {
            let store = try PostgresStore(location: settings.location, lane: settings.lane, keyDirectory: keyDirectory, timeout: timeout)
            let migrations = try store.appliedMigrations()
            return PostgresStoreCheck(ok: true, text: "\(name)\n  schema: \(migrations.last ?? "none") "
                + "(\(migrations.count) migrations: \(migrations.joined(separator: ", ")))\nStore OK.")
        } catch {
            return PostgresStoreCheck(ok: false, text: "\(name)\n  error: \(error)\nStore check failed; the till will not start.")
        }
    }
}
