import Foundation
import Testing
import TillCore
import TillManager
import TillStore
import TillStoreTestSupport
import TillTestSupport

/// The `till` binary on a shared ledger: `store migrate`, `audit verify` on both sides, `config check`.
@Suite struct StoreCommandTests {
    static var till: String { TestPeers.repositoryRoot.appendingPathComponent(".build/debug/till").path }

    func run(_ arguments: [String]) async throws -> ProcessOutput {
        try await Processes.run(Self.till, arguments, environment: ["TILL_PG_PASSWORD": ""])
    }

    func config(_ directory: TemporaryDirectory, name: String, store: String? = nil) throws -> String {
        var text = "data_dir = \"\(directory.file("data").path)\"\n"
        if let store { text += "[store]\nurl = \"\(store)\"\nlane = \"front-1\"\n" }
        let path = directory.file(name).path
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        return path
    }

    @Test func migrateThenVerifyOnBothSidesAndCheckTheSchema() async throws {
        let directory = try TemporaryDirectory(prefix: "till-store-cmd")
        let database = try TillDatabase(path: directory.file("data/till.sqlite").path)
        let generator = SalesGenerator(.init(count: 1_000, firstDay: Date(timeIntervalSince1970: 1_767_225_600), days: 20),
                                       timeZone: .current)
        try database.storeGenerated(generator)
        for number in 0..<10 {
            _ = try AuditLog(store: database).append(.login, actor: "alice", details: "\(number)",
                                                     at: Date(timeIntervalSince1970: 1_767_225_600 + Double(number)))
        }
        let server = try await PostgresServer.shared()
        let url = server.url(database: try server.createDatabase(prefix: "cmd"))
        let single = try config(directory, name: "single.toml")
        let shared = try config(directory, name: "shared.toml", store: url)

        let migrated = try await run(["store", "migrate", "--config", single, "--to", url, "--lane", "main"])
        #expect(migrated.status == 0, "\(migrated.stdout)\(migrated.stderr)")
        #expect(migrated.stdout.contains("sales: 1000 rows"))
        #expect(migrated.stdout.contains("audit log intact on both sides: 10 entries"))
        let onSQLite = try await run(["audit", "verify", "--config", single])
        let onPostgres = try await run(["audit", "verify", "--config", shared])
        #expect(onSQLite.status == 0 && onPostgres.status == 0, "\(onSQLite.stdout)\(onPostgres.stdout)\(onPostgres.stderr)")
        #expect(onPostgres.stdout.contains("audit log intact: 10 entries"))
        #expect(onSQLite.stdout == onPostgres.stdout)

        let check = try await run(["config", "check", "--config", shared])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("lane front-1") && check.stdout.contains("schema: pg6-lane-rescans"))
        #expect(!check.stdout.contains("TILL_PG_PASSWORD"))
        // A second migration into the same ledger is refused and says why.
        let again = try await run(["store", "migrate", "--config", single, "--to", url])
        #expect(again.status != 0 && (again.stdout + again.stderr).contains("not empty"))
        // No server at the configured port: the check fails with a message, not a hang.
        let nowhere = try config(directory, name: "nowhere.toml",
                                 store: "postgresql://till@127.0.0.1:\(Processes.freePort())/x?sslmode=disable")
        let unreachable = try await run(["config", "check", "--config", nowhere])
        #expect(unreachable.status == 2 && unreachable.stdout.contains("cannot be reached"), "\(unreachable.stdout)")
    }
}
