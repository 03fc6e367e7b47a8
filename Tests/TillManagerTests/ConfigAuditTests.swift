import Foundation
import Testing
import TillManager
import TillStore
import TillTestSupport

/// Configuration changes reach the audit log once, with the lines that changed, and the chain still verifies.
struct ConfigAuditTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_608_000)
    static let first = ["Config: /etc/till.toml", "Shop: Corner Café", "Coin BTC: wpkh, 6 confirmations",
                        "Data directory: /var/lib/till (will be created)"]

    @Test func aChangedConfigurationIsRecordedOnceWithItsChangedLines() throws {
        let directory = try TemporaryDirectory(prefix: "till-config-audit")
        let database = try TillDatabase(path: directory.file("till.sqlite").path)
        let audit = ConfigAudit(database: database)

        let initial = try #require(try audit.recordIfChanged(found: Self.first, actor: "alice", at: Self.t0))
        #expect(initial.action == AuditAction.configChanged.rawValue && initial.actor == "alice")
        #expect(initial.details.contains("first recorded configuration"))
        // The same configuration again (the data directory now exists) records nothing.
        var again = Self.first
        again[3] = "Data directory: /var/lib/till"
        #expect(try audit.recordIfChanged(found: again, actor: "alice", at: Self.t0.addingTimeInterval(60)) == nil)

        var changed = again
        changed[2] = "Coin BTC: wpkh, 2 confirmations"
        let entry = try #require(try audit.recordIfChanged(found: changed, actor: "bob", at: Self.t0.addingTimeInterval(120)))
        let details = entry.details.components(separatedBy: "\n")
        #expect(details[0].hasSuffix("2 line(s) changed"))
        #expect(details[1] == "- Coin BTC: wpkh, 6 confirmations")
        #expect(details[2] == "+ Coin BTC: wpkh, 2 confirmations")
        #expect(try audit.recordIfChanged(found: changed, actor: "bob", at: Self.t0.addingTimeInterval(180)) == nil)
        #expect(try AuditLog(store: database).verify().isIntact)
        #expect(try database.auditLog(afterID: 0, limit: 10).count == 2)
    }
}
