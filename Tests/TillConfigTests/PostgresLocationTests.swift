import Foundation
import Testing
import TillConfig

/// `postgresql://` URLs as libpq reads them, minus what a till must refuse.
@Suite struct PostgresLocationTests {
    @Test func defaultsRedactionAndSSLModes() throws {
        let plain = try PostgresLocation.parse("postgres://till@db/ledger", environment: [:])
        #expect(plain == PostgresLocation(host: "db", port: 5432, user: "till", database: "ledger", sslMode: .prefer))
        #expect(plain.redacted == "postgresql://till@db:5432/ledger?sslmode=prefer")
        for mode in PostgresLocation.SSLMode.allCases {
            let parsed = try PostgresLocation.parse("postgresql://u@h:1/d?sslmode=\(mode.rawValue)", environment: [:])
            #expect(parsed.sslMode == mode)
        }
        let withPassword = try PostgresLocation.parse("postgresql://u:pw@h/d", environment: [:])
        #expect(withPassword.password == "pw" && !withPassword.redacted.contains("pw"))
        let fromEnvironment = try PostgresLocation.parse("postgresql://u:pw@h/d",
                                                         environment: [PostgresLocation.passwordVariable: "env"])
        #expect(fromEnvironment.password == "env")
    }

    @Test func badURLsNameTheProblemAndNeverEchoControlCharacters() {
        func problem(_ url: String) -> String {
            do { _ = try PostgresLocation.parse(url, environment: [:]); return "" } catch { return error.message }
        }
        #expect(problem("mysql://u@h/d").contains("expected postgresql://"))
        #expect(problem("postgresql://u@h").contains("no database name"))
        #expect(problem("postgresql://u@h/d?sslmode=maybe").contains("sslmode must be one of"))
        #expect(problem("postgresql://u@h/d?connect_timeout=3").contains("unknown parameter"))
        #expect(problem("postgresql://u@h:70000/d").hasPrefix("url:"))
        let hostile = problem("postgresql://u@h/d?sslmode=\u{1b}[2J")
        #expect(!hostile.isEmpty && !hostile.contains("\u{1b}"))
    }

    @Test func laneNames() {
        #expect(LaneName.problem("front-1") == nil && LaneName.problem("a") == nil)
        for bad in ["", "Front", "front 1", "-front", "front-", "a-very-long-lane-name", "fr\u{1b}nt"] {
            #expect(LaneName.problem(bad) != nil, "\(bad)")
        }
        #expect(LaneName.problem("fr\u{1b}nt")?.contains("\u{1b}") == false)
    }
}
