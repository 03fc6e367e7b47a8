import Foundation
import Testing
import TillCore
@testable import TillManager
@testable import TillStore
import TillTestSupport

/// Issue 13.5: PIN hashes are keyed with a per-install secret kept in `till.key`, outside the database.
@Suite struct PINSecretTests {
    static func mode(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions]) as? Int ?? -1) & 0o777
    }

    @Test func theKeyFileIsCreatedOnFirstOpen0600AndKeptAfterwards() throws {
        let fixture = try ManagerFixture()
        let path = fixture.directory.file("till.key").path
        #expect(Self.mode(path) == 0o600)
        let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(text.count == 64 && text.allSatisfy(\.isHexDigit))
        let again = try TillDatabase(path: fixture.directory.file("till.sqlite").path)
        #expect(again.installSecret == fixture.database.installSecret)
    }

    @Test func aCopiedDatabaseAloneCannotCheckAPIN() throws {
        let fixture = try ManagerFixture()
        try fixture.users()
        let stored = try #require(try fixture.database.user(named: "carl"))
        #expect(stored.pinHash.hasPrefix("k1:"))
        // The offline search an attacker runs with the database only: PBKDF2 over all 4-digit PINs finds nothing.
        #expect(try !PINHasher.matches(pin: "1234", salt: stored.salt, iterations: stored.iterations, expected: stored.pinHash))
        #expect(try PINHasher.matches(pin: "1234", salt: stored.salt, iterations: stored.iterations, expected: stored.pinHash,
                                      pepper: PINHasher.pepper(fixture.database.installSecret)))

        let elsewhere = try TemporaryDirectory(prefix: "till-copy")
        let copy = elsewhere.file("till.sqlite").path
        try fixture.database.pool.writeWithoutTransaction { db in try db.execute(sql: "VACUUM INTO ?", arguments: [copy]) }
        let stolen = try TillDatabase(path: copy, timeZone: ManagerFixture.zone)
        #expect(stolen.installSecret != fixture.database.installSecret)
        #expect(throws: ManagerError.self) { try Accounts(store: stolen, iterations: 1_000).login(name: "carl", pin: "1234", at: ManagerFixture.noon) }
        // With the key file restored next to it, the same copy works (a backup needs both).
        try FileManager.default.removeItem(atPath: elsewhere.file("till.key").path)
        try FileManager.default.copyItem(atPath: fixture.directory.file("till.key").path, toPath: elsewhere.file("till.key").path)
        let restored = try TillDatabase(path: copy, timeZone: ManagerFixture.zone)
        #expect(try Accounts(store: restored, iterations: 1_000).login(name: "carl", pin: "1234", at: ManagerFixture.noon).user == "carl")
    }

    @Test func anUnkeyedHashFromAnOlderTillStillLogsInAndIsWrappedAtOnce() throws {
        let fixture = try ManagerFixture()
        let salt = PINHasher.newSalt()
        let legacy = try PINHasher.hash(pin: "2468", salt: salt, iterations: 1_000)
        try fixture.database.saveUser(UserRecord(name: "old", role: "manager", pinHash: legacy, salt: salt, iterations: 1_000,
                                                 createdAt: ManagerFixture.noon))
        #expect(try fixture.accounts.login(name: "old", pin: "2468", at: ManagerFixture.noon).user == "old")
        let migrated = try #require(try fixture.database.user(named: "old"))
        #expect(migrated.pinHash == PINHasher.keyed(legacy: legacy, pepper: PINHasher.pepper(fixture.database.installSecret)))
        #expect(try fixture.accounts.login(name: "old", pin: "2468", at: ManagerFixture.noon).user == "old")
        #expect(throws: ManagerError.self) { try fixture.accounts.login(name: "old", pin: "2469", at: ManagerFixture.noon) }
    }

    @Test func managersMayChooseLongerPINsCashiersUpToEight() throws {
        let fixture = try ManagerFixture()
        try fixture.accounts.addUser(name: "mia", role: .manager, pin: "314159265358", approval: nil, at: ManagerFixture.noon)
        let mia = try fixture.accounts.login(name: "mia", pin: "314159265358", at: ManagerFixture.noon)
        let approval = try fixture.accounts.authorize(mia, for: .changeUsers, at: ManagerFixture.noon)
        #expect(throws: ManagerError.invalidPIN) {
            try fixture.accounts.addUser(name: "carl", role: .cashier, pin: "123456789", approval: approval, at: ManagerFixture.noon)
        }
        #expect(throws: ManagerError.invalidPIN) {
            try fixture.accounts.addUser(name: "max", role: .manager, pin: "1234567890123", approval: approval, at: ManagerFixture.noon)
        }
        try fixture.accounts.addUser(name: "carl", role: .cashier, pin: "12345678", approval: approval, at: ManagerFixture.noon)
    }
}
