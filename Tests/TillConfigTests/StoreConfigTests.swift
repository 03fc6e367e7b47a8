import Foundation
import Testing
import TillConfig
import TillTestSupport

/// `[store]`: the shared PostgreSQL ledger of a shop with several tills.
@Suite struct StoreConfigTests {
    func issues(_ text: String, environment: [String: String] = [:]) -> [ConfigIssue] {
        do {
            _ = try ConfigLoader.parse(text: text, file: "till.toml", environment: environment)
            return []
        } catch { return error.issues }
    }

    @Test func aStoreSectionGivesTheLocationLaneAndPasswordFromTheEnvironment() throws {
        let config = try ConfigLoader.parse(text: """
            [store]
            url = "postgresql://till@db.shop.lan:6543/ledger?sslmode=require"
            lane = "front-1"
            """, file: "till.toml", environment: ["TILL_PG_PASSWORD": "s3cret"])
        let store = try #require(config.store)
        #expect(store.lane == "front-1")
        #expect(store.location == PostgresLocation(host: "db.shop.lan", port: 6543, user: "till", database: "ledger",
                                                   sslMode: .require, password: "s3cret"))
        #expect(!store.location.redacted.contains("s3cret"))
        #expect(try ConfigLoader.parse(text: "", file: "till.toml", environment: [:]).store == nil)
    }

    @Test func eachBadFieldIsReportedWithItsLine() {
        let found = issues("""
            [shop]
            name = "x"
            [store]
            url = "mysql://till@db/ledger"
            lane = "Front 1"
            port = 5432
            """)
        #expect(found.map(\.field) == ["store.url", "store.lane", "store.port"])
        #expect(found.map(\.line) == [4, 5, 6])
        #expect(found.allSatisfy { $0.file == "till.toml" })
        #expect(issues("[store]\nlane = \"a\"").map(\.field) == ["store.url"])
        #expect(issues("[store]\nurl = \"postgresql://till@db/x?sslmode=sometimes\"\nlane = \"a\"").first?.problem
            .contains("verify-full") == true)
        #expect(issues("[store]\nurl = \"postgresql://till:hunter2@db/x\"\nlane = \"a\"").first?.problem
            .contains("TILL_PG_PASSWORD") == true)
        #expect(issues("[store]\nurl = \"postgresql://db/x\"\nlane = \"a\"").first?.problem.contains("no user") == true)
    }

    @Test func aPasswordFileMustBeReadableByItsOwnerOnly() throws {
        let directory = try TemporaryDirectory(prefix: "till-store-config")
        let file = directory.file("pg-password")
        try "from-file\n".write(to: file, atomically: true, encoding: .utf8)
        let text = """
            [store]
            url = "postgresql://till@127.0.0.1/ledger"
            lane = "back-2"
            password_file = "\(file.path)"
            """
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file.path)
        let open = issues(text)
        #expect(open.map(\.field) == ["store.password_file"] && open.first?.problem.contains("chmod 600") == true)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        let config = try ConfigLoader.parse(text: text, file: "till.toml", environment: ["TILL_PG_PASSWORD": "env"])
        #expect(config.store?.location.password == "from-file")
    }
}
