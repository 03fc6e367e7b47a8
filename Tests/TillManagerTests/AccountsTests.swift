import Foundation
import Testing
@testable import TillManager
@testable import TillStore

@Suite struct PINHashingTests {
    @Test func theHashDependsOnPINSaltAndIterationsAndIsPBKDF2() throws {
        let salt = "00112233445566778899aabbccddeeff"
        let hash = try PINHasher.hash(pin: "1234", salt: salt, iterations: 1_000)
        #expect(hash.count == 64)
        #expect(try PINHasher.hash(pin: "1234", salt: salt, iterations: 1_000) == hash)
        #expect(try PINHasher.hash(pin: "1235", salt: salt, iterations: 1_000) != hash)
        #expect(try PINHasher.hash(pin: "1234", salt: PINHasher.newSalt(), iterations: 1_000) != hash)
        #expect(try PINHasher.hash(pin: "1234", salt: salt, iterations: 1_001) != hash)
        // RFC 7914 §11 PBKDF2-HMAC-SHA256 vector: P="passwd", S="salt", c=1, first 32 bytes.
        #expect(try PINHasher.hash(pin: "passwd", salt: "73616c74", iterations: 1)
                == "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc")
        #expect(try PINHasher.matches(pin: "1234", salt: salt, iterations: 1_000, expected: hash))
        #expect(try !PINHasher.matches(pin: "4321", salt: salt, iterations: 1_000, expected: hash))
    }

    @Test func saltsAreRandomAndPINsAreFourToEightDigits() {
        #expect(PINHasher.newSalt() != PINHasher.newSalt())
        #expect(PINHasher.newSalt().count == 32)
        for pin in ["1234", "12345678", "0000"] { #expect(PINHasher.isValid(pin: pin)) }
        for pin in ["123", "123456789", "12a4", "", "１２３４", " 1234"] { #expect(!PINHasher.isValid(pin: pin)) }
    }
}

@Suite struct AccountsTests {
    @Test func theFirstUserBecomesTheManagerAndLaterOnesNeedAManager() throws {
        let fixture = try ManagerFixture()
        #expect(try fixture.accounts.needsFirstUser())
        let first = try fixture.accounts.addUser(name: "ann", role: .cashier, pin: "1111", approval: nil,
                                                 at: ManagerFixture.noon)
        #expect(first.role == "manager")
        #expect(first.iterations == 1_000 && first.pinHash.count == 67 && first.pinHash.hasPrefix("k1:"))
        #expect(throws: ManagerError.notAllowed(user: "nobody", permission: .changeUsers)) {
            try fixture.accounts.addUser(name: "bo", role: .cashier, pin: "2222", approval: nil, at: ManagerFixture.noon)
        }
        let ann = try fixture.accounts.login(name: "ann", pin: "1111", at: ManagerFixture.noon)
        let approval = try fixture.accounts.authorize(ann, for: .changeUsers, at: ManagerFixture.noon)
        let bo = try fixture.accounts.addUser(name: "bo", role: .cashier, pin: "2222", approval: approval,
                                              at: ManagerFixture.noon)
        #expect(bo.role == "cashier")
        #expect(bo.salt != first.salt)
        #expect(throws: ManagerError.userExists("bo")) {
            try fixture.accounts.addUser(name: "bo", role: .cashier, pin: "2222", approval: approval, at: ManagerFixture.noon)
        }
        #expect(throws: ManagerError.invalidPIN) {
            try fixture.accounts.addUser(name: "cy", role: .cashier, pin: "12", approval: approval, at: ManagerFixture.noon)
        }
    }

    @Test func fiveWrongPINsLockForAGrowingDelay() throws {
        let fixture = try ManagerFixture()
        try fixture.users()
        var now = ManagerFixture.noon
        for attempt in 1...4 {
            #expect(throws: ManagerError.wrongPIN(user: "carl", attemptsLeft: 5 - attempt)) {
                try fixture.accounts.login(name: "carl", pin: "9999", at: now)
            }
        }
        #expect(throws: ManagerError.wrongPIN(user: "carl", attemptsLeft: 0)) {
            try fixture.accounts.login(name: "carl", pin: "9999", at: now)
        }
        // Locked for 30 s: even the right PIN is refused.
        #expect(throws: ManagerError.locked(user: "carl", until: now.addingTimeInterval(30))) {
            try fixture.accounts.login(name: "carl", pin: "1234", at: now.addingTimeInterval(29))
        }
        now = now.addingTimeInterval(30)
        for _ in 1...5 { _ = try? fixture.accounts.login(name: "carl", pin: "0000", at: now) }
        let second = try #require(try fixture.database.user(named: "carl")?.lockedUntil)
        #expect(second == now.addingTimeInterval(60))
        now = now.addingTimeInterval(60)
        let session = try fixture.accounts.login(name: "carl", pin: "1234", at: now)
        #expect(session.role == .cashier)
        let reset = try #require(try fixture.database.user(named: "carl"))
        #expect(reset.failedAttempts == 0 && reset.lockedUntil == nil)
        #expect(Accounts.lockDuration(afterFailures: 15) == 120)
        #expect(Accounts.lockDuration(afterFailures: 5 * 40) == 3_600)
    }

    @Test func aCashierCannotReachManagerActionsWithoutAnOverride() throws {
        let fixture = try ManagerFixture()
        try fixture.users()
        let carl = try fixture.accounts.login(name: "carl", pin: "1234", at: ManagerFixture.noon)
        for permission in Permission.allCases {
            #expect(Role.cashier.allows(permission) == [.sell, .cancelOwnPendingSale].contains(permission))
            #expect(Role.manager.allows(permission))
        }
        for permission in [Permission.acceptAsPaid, .recordRefund, .voidSale, .closeDay, .export, .changeUsers] {
            #expect(throws: ManagerError.notAllowed(user: "carl", permission: permission)) {
                try fixture.accounts.authorize(carl, for: permission, at: ManagerFixture.noon)
            }
        }
        #expect(throws: ManagerError.notAManager("carl")) {
            try fixture.accounts.override(carl, manager: "carl", pin: "1234", for: .voidSale, at: ManagerFixture.noon)
        }
        #expect(throws: ManagerError.wrongPIN(user: "mia", attemptsLeft: 4)) {
            try fixture.accounts.override(carl, manager: "mia", pin: "0000", for: .voidSale, at: ManagerFixture.noon)
        }
        let approval = try fixture.accounts.override(carl, manager: "mia", pin: "4321", for: .voidSale,
                                                     at: ManagerFixture.noon)
        #expect(approval.manager == "mia" && approval.isOverride && approval.requestedBy == "carl")
        #expect(fixture.accounts.mayCancel(carl, saleCashier: "carl"))
        #expect(!fixture.accounts.mayCancel(carl, saleCashier: "dora"))
        // Logins, the failed override and the override are all in the audit log.
        let actions = try fixture.database.auditLog(afterID: 0, limit: 100).map(\.action)
        #expect(actions.contains("override.failed") && actions.contains("override") && actions.contains("login"))
    }
}
