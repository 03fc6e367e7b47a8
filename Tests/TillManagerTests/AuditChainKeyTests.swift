import Foundation
import GRDB
import Testing
import TillCore
@testable import TillManager
@testable import TillStore

/// Issue 13.6: the chain is keyed with the install secret, truncation is found through the recorded head, and
/// `verify` checks closed days and printed Z-report heads against the chain.
@Suite struct AuditChainKeyTests {
    /// Six entries (AuditLogTests' log) and the attacker's SQL, shared with those tests.
    func filledLog() throws -> (ManagerFixture, AuditLog) { try AuditLogTests().filledLog() }

    func tamper(_ fixture: ManagerFixture, _ sql: String, _ arguments: StatementArguments = []) throws {
        try AuditLogTests().tamper(fixture, sql, arguments)
    }

    @Test func entriesAreHMACsUnderTheInstallKeyNotPlainHashes() throws {
        let (fixture, log) = try filledLog()
        let entries = try fixture.database.auditLog(afterID: 0, limit: 10)
        #expect(entries[1].hash == AuditLog.keyedHash(of: entries[1], prevHash: entries[0].hash, key: log.auditKey))
        #expect(entries[1].hash != AuditLog.hash(of: entries[1], prevHash: entries[0].hash))
        #expect(try log.verify().isIntact)
    }

    @Test func deletingTheNewestEntriesIsDetected() throws {
        let (fixture, log) = try filledLog()
        try tamper(fixture, "DELETE FROM audit_log WHERE id > 4")
        let result = try log.verify()
        #expect(!result.isIntact)
        #expect(result.firstBreak == nil && result.entriesChecked == 4)
        #expect(result.problems.contains { $0.contains("ends at entry 4 but entry 6 was written") })
    }

    @Test func removingTheHeadFileToHideATruncationIsDetected() throws {
        let (fixture, log) = try filledLog()
        try tamper(fixture, "DELETE FROM audit_log WHERE id > 4")
        try FileManager.default.removeItem(atPath: fixture.database.auditHeadPath)
        #expect(try log.verify().problems.contains { $0.contains("audit-head is missing") })
    }

    @Test func reHashingTheWholeTailWithTheDocumentedFormIsDetected() throws {
        let (fixture, log) = try filledLog()
        // The attacker edits entry 3 and re-hashes 3…6 with the documented canonical form (v1 SHA-256) …
        var entries = try fixture.database.auditLog(afterID: 0, limit: 100)
        var previous = entries[1].hash
        for index in 2..<entries.count {
            let old = entries[index]
            let edited = AuditEntry(id: old.id, at: old.at, actor: index == 2 ? "mallory" : old.actor, action: old.action,
                                    details: old.details, prevHash: previous, hash: "")
            let unkeyed = AuditLog.hash(of: edited, prevHash: previous)
            try tamper(fixture, "UPDATE audit_log SET actor = ?, prev_hash = ?, hash = ? WHERE id = ?",
                       [edited.actor, previous, unkeyed, old.id])
            previous = unkeyed
        }
        #expect(try log.verify().firstBreak?.entryID == 3)
        // … or with version 2 and a key of their own: the same.
        entries = try fixture.database.auditLog(afterID: 0, limit: 100)
        let guess = [UInt8](repeating: 7, count: 32)
        previous = entries[1].hash
        for entry in entries.dropFirst(2) {
            let hash = AuditLog.keyedHash(of: entry, prevHash: previous, key: guess)
            try tamper(fixture, "UPDATE audit_log SET prev_hash = ?, hash = ? WHERE id = ?", [previous, hash, entry.id])
            previous = hash
        }
        #expect(try log.verify().firstBreak?.entryID == 3)
    }

    @Test func olderUnkeyedEntriesStillVerifyButOnlyBeforeTheFirstKeyedOne() throws {
        let fixture = try ManagerFixture()
        // Two entries written by a till from before the key (plain SHA-256), then the keyed log continues.
        var previous = ""
        for id in Int64(1)...2 {
            let entry = AuditEntry(id: id, at: ManagerFixture.noon, actor: "mia", action: "login", details: "old",
                                   prevHash: previous, hash: "")
            let hash = AuditLog.hash(of: entry, prevHash: previous)
            try fixture.database.pool.write { db in
                try db.execute(sql: "INSERT INTO audit_log (id, at, actor, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
                               arguments: [id, Int64(ManagerFixture.noon.timeIntervalSince1970 * 1000), "mia", "login", "old", previous, hash])
            }
            previous = hash
        }
        let log = AuditLog(store: fixture.database)
        try log.append(.login, actor: "mia", details: "new", at: ManagerFixture.noon)
        let result = try log.verify()
        #expect(result.isIntact && result.unkeyedEntries == 2 && result.entriesChecked == 3)
    }

    @Test func closedDaysAndPrintedHeadsAreCheckedAgainstTheChain() throws {
        let fixture = try ManagerFixture()
        let mia = try fixture.users()
        let reports = ZReports(store: fixture.database, timeZone: ManagerFixture.zone, currency: .usd)
        let day = LocalDay(containing: ManagerFixture.noon, timeZone: ManagerFixture.zone)
        let record = try reports.close(day, approval: try fixture.accounts.authorize(mia, for: .closeDay, at: ManagerFixture.noon),
                                       at: ManagerFixture.noon)
        let log = AuditLog(store: fixture.database)
        let head = try #require(ZReportText.auditHead(in: record.reportText))
        #expect(head.count == 64)
        #expect(try log.verify(dayCloses: fixture.database.dayCloses(limit: 10), printedHeads: [head]).isIntact)
        // A head read off paper that the chain does not contain.
        let forgedHead = String(repeating: "ab", count: 32)
        #expect(try log.verify(printedHeads: [forgedHead]).problems.contains { $0.contains(forgedHead) })
        // The recorded report edited after the close.
        try tamper(fixture, "UPDATE day_closes SET report_text = replace(report_text, 'Z REPORT', 'Z REPORT ') WHERE day = ?", [day.text])
        let edited = try log.verify(dayCloses: fixture.database.dayCloses(limit: 10))
        #expect(edited.problems.contains { $0.contains("day \(day.text): the recorded report text no longer hashes") })
    }

    @Test func zReportsWrittenOrPrintedAreAudited() throws {
        let fixture = try ManagerFixture()
        try fixture.users()
        let reports = ZReports(store: fixture.database, timeZone: ManagerFixture.zone, currency: .usd)
        let day = LocalDay(containing: ManagerFixture.noon, timeZone: ManagerFixture.zone)
        try reports.audit(.printed, day: day, actor: "cli:shop", detail: "to=stdout", at: ManagerFixture.noon)
        try reports.audit(.written, day: day, actor: "mia", detail: "file=z.txt", at: ManagerFixture.noon)
        let actions = try fixture.database.auditLog(afterID: 0, limit: 100).map { "\($0.action) \($0.actor) \($0.details)" }
        #expect(actions.contains("report.print cli:shop day=\(day.text) closed=false to=stdout"))
        #expect(actions.contains("report.write mia day=\(day.text) closed=false file=z.txt"))
    }
}
