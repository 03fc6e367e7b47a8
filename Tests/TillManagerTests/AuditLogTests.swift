import Foundation
import GRDB
import Testing
@testable import TillManager
@testable import TillStore

@Suite struct AuditLogTests {
    func filledLog() throws -> (ManagerFixture, AuditLog) {
        let fixture = try ManagerFixture()
        let log = AuditLog(store: fixture.database)
        for number in 1...6 {
            try log.append(.configChanged, actor: "mia", details: "key=shop.name value=Shop \(number)\nline two",
                           at: ManagerFixture.noon.addingTimeInterval(Double(number)))
        }
        return (fixture, log)
    }

    /// Lets a test play the attacker with direct SQL (the triggers stop honest mistakes, not an attacker).
    func tamper(_ fixture: ManagerFixture, _ sql: String, _ arguments: StatementArguments = []) throws {
        try fixture.database.pool.write { db in
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_log_append_only_update")
            try db.execute(sql: "DROP TRIGGER IF EXISTS audit_log_append_only_delete")
            try db.execute(sql: "DROP TRIGGER IF EXISTS day_closes_append_only_update")
            try db.execute(sql: sql, arguments: arguments)
        }
    }

    @Test func anIntactChainVerifiesAndEachEntryChainsToThePrevious() throws {
        let (fixture, log) = try filledLog()
        let entries = try fixture.database.auditLog(afterID: 0, limit: 100)
        #expect(entries.count == 6 && entries[0].prevHash == "")
        for (previous, entry) in zip(entries, entries.dropFirst()) { #expect(entry.prevHash == previous.hash) }
        #expect(entries[2].hash == AuditLog.keyedHash(of: entries[2], prevHash: entries[1].hash, key: log.auditKey))
        let result = try log.verify(pageSize: 4)  // crosses a page boundary
        #expect(result.isIntact && result.entriesChecked == 6 && result.headHash == entries[5].hash)
        #expect(try log.headHash() == entries[5].hash)
    }

    @Test func theCanonicalFormIsLengthPrefixedSoFieldsCannotBleed() {
        let at = Date(timeIntervalSince1970: 1.5)
        let one = AuditEntry(id: 1, at: at, actor: "a", action: "b:c", details: "", prevHash: "", hash: "")
        let two = AuditEntry(id: 1, at: at, actor: "a", action: "b", details: "c", prevHash: "", hash: "")
        #expect(String(decoding: AuditLog.canonical(one, prevHash: ""), as: UTF8.self)
                == "till-audit-v1\n1:1\n4:1500\n1:a\n3:b:c\n0:\n0:\n")
        #expect(AuditLog.hash(of: one, prevHash: "") != AuditLog.hash(of: two, prevHash: ""))
    }

    @Test func editingAnEntryIsDetectedAtThatEntry() throws {
        let (fixture, log) = try filledLog()
        try tamper(fixture, "UPDATE audit_log SET details = 'key=shop.name value=Nothing to see' WHERE id = 3")
        let result = try log.verify()
        #expect(result.firstBreak?.entryID == 3)
        guard case .hashMismatch = result.firstBreak?.problem else { Issue.record("\(result)"); return }
        #expect(result.entriesChecked == 2)
    }

    @Test func reHashingAnEditedEntryWithTheDocumentedUnkeyedFormIsDetectedAtThatEntry() throws {
        let (fixture, log) = try filledLog()
        let entries = try fixture.database.auditLog(afterID: 0, limit: 100)
        let forged = AuditEntry(id: 4, at: entries[3].at, actor: "mallory", action: entries[3].action,
                                details: entries[3].details, prevHash: entries[3].prevHash, hash: "")
        let forgedHash = AuditLog.hash(of: forged, prevHash: forged.prevHash)
        try tamper(fixture, "UPDATE audit_log SET actor = 'mallory', hash = ? WHERE id = 4", [forgedHash])
        let result = try log.verify()
        #expect(result.firstBreak?.entryID == 4)
        guard case .hashMismatch = result.firstBreak?.problem else { Issue.record("\(result)"); return }
    }

    @Test func deletingAnEntryIsDetected() throws {
        let (fixture, log) = try filledLog()
        try tamper(fixture, "DELETE FROM audit_log WHERE id = 2")
        #expect(try log.verify().firstBreak == AuditBreak(entryID: 3, problem: .missingEntries(expectedID: 2, foundID: 3)))
    }

    @Test func theDatabaseRefusesHonestEditsOfTheLog() throws {
        let (fixture, _) = try filledLog()
        #expect(throws: (any Error).self) {
            try fixture.database.pool.write { db in try db.execute(sql: "UPDATE audit_log SET actor = 'x'") }
        }
    }
}
