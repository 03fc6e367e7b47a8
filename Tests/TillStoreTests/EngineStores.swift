import Foundation
import Testing
import TillConfig
import TillStore
import TillStorePostgres
import TillTestSupport

/// The storage engines the shared store suites run against: one suite, two stores.
enum Engine: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }
}

/// A fresh, empty ledger on one engine, with what keeps it alive (a temp directory, a database on the shared
/// test cluster), and more lanes on the same ledger.
final class EngineLedger: @unchecked Sendable {
    let engine: Engine
    /// The first lane ("front-1").
    let store: any SaleStore
    /// The data directory: the SQLite file's folder, or where the PostgreSQL lanes keep the shop's till.key.
    private let directory: TemporaryDirectory
    private let sqlitePath: String?
    /// The PostgreSQL URL of this ledger (nil on SQLite).
    let url: String?

    static let utc = TimeZone(identifier: "UTC")!

    init(_ engine: Engine) throws {
        self.engine = engine
        switch engine {
        case .sqlite:
            let directory = try TemporaryDirectory(prefix: "till-engine")
            let path = directory.file("data/till.sqlite").path
            self.directory = directory
            sqlitePath = path
            url = nil
            store = try TillDatabase(path: path, timeZone: Self.utc)
        case .postgresql:
            let server = try PostgresServer.shared()
            let url = server.url(database: try server.createDatabase(prefix: "ledger"))
            let keys = try TemporaryDirectory(prefix: "till-engine-key")
            directory = keys
            sqlitePath = nil
            self.url = url
            store = try PostgresStore(location: try PostgresLocation.parse(url, environment: [:]), lane: "front-1",
                                      keyDirectory: keys.url.path, timeZone: Self.utc)
        }
    }

    /// Another till on the same ledger: a second lane on PostgreSQL, a second connection to the file on SQLite.
    func lane(_ name: String) throws -> any SaleStore {
        switch engine {
        case .sqlite: return try TillDatabase(path: sqlitePath!, timeZone: Self.utc)
        case .postgresql:
            return try PostgresStore(location: try PostgresLocation.parse(url!, environment: [:]), lane: name,
                                     keyDirectory: directory.url.path, timeZone: Self.utc)
        }
    }
}
