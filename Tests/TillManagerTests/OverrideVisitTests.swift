import Foundation
import Testing
@testable import TillManager
@testable import TillStore

/// A manager's PIN typed into a cashier's session opens a manager-screen visit; its approvals say so.
@Suite struct OverrideVisitTests {
    @Test func aCashierCannotReachManagerActionsWithoutAManagerPIN() throws {
        let fixture = try ManagerFixture()
        try fixture.users()
        let carl = try fixture.accounts.login(name: "carl", pin: "1234", at: ManagerFixture.noon)
        #expect(carl.onBehalfOf == nil)
        for permission in Permission.allCases where permission.needsManager {
            #expect(throws: ManagerError.notAllowed(user: "carl", permission: permission)) {
                try fixture.accounts.authorize(carl, for: permission, at: ManagerFixture.noon)
            }
        }
    }

    @Test func aVisitOpenedByAnOverrideApprovesAsAnOverrideRequestedByTheCashier() throws {
        let fixture = try ManagerFixture()
        try fixture.users()
        let carl = try fixture.accounts.login(name: "carl", pin: "1234", at: ManagerFixture.noon)
        let visit = try fixture.accounts.overrideVisit(carl, manager: "mia", pin: "4321", at: ManagerFixture.noon)
        #expect(visit.user == "mia" && visit.role == .manager && visit.onBehalfOf == "carl")
        let approval = try fixture.accounts.authorize(visit, for: .voidSale, at: ManagerFixture.noon)
        #expect(approval.manager == "mia" && approval.isOverride && approval.requestedBy == "carl")
        let entry = try #require(try fixture.database.auditLog(afterID: 0, limit: 100).last)
        #expect(entry.action == "override" && entry.actor == "mia" && entry.details == "visit session=carl")
    }

    @Test func aManagersOwnSessionApprovesWithoutOverride() throws {
        let fixture = try ManagerFixture()
        let mia = try fixture.users()
        let own = try fixture.accounts.authorize(mia, for: .closeDay, at: ManagerFixture.noon)
        #expect(!own.isOverride && own.requestedBy == "mia")
        // Her own PIN in her own session is no override either.
        let visit = try fixture.accounts.overrideVisit(mia, manager: "mia", pin: "4321", at: ManagerFixture.noon)
        #expect(visit.onBehalfOf == nil)
        #expect(try !fixture.accounts.authorize(visit, for: .closeDay, at: ManagerFixture.noon).isOverride)
    }

    @Test func aCashierPINOrAWrongPINOpensNoVisitAndCountsTowardTheLock() throws {
        let fixture = try ManagerFixture()
        try fixture.users()
        let carl = try fixture.accounts.login(name: "carl", pin: "1234", at: ManagerFixture.noon)
        #expect(throws: ManagerError.notAManager("carl")) {
            try fixture.accounts.overrideVisit(carl, manager: "carl", pin: "1234", at: ManagerFixture.noon)
        }
        #expect(throws: ManagerError.unknownUser("zed")) {
            try fixture.accounts.overrideVisit(carl, manager: "zed", pin: "1234", at: ManagerFixture.noon)
        }
        var now = ManagerFixture.noon
        for attempt in 1...4 {
            #expect(throws: ManagerError.wrongPIN(user: "mia", attemptsLeft: 5 - attempt)) {
                try fixture.accounts.overrideVisit(carl, manager: "mia", pin: "0000", at: now)
            }
            now += 1
        }
        #expect(throws: ManagerError.wrongPIN(user: "mia", attemptsLeft: 0)) {
            try fixture.accounts.overrideVisit(carl, manager: "mia", pin: "0000", at: now)
        }
        // Locked now: even the right PIN is refused until the lock ends.
        #expect(throws: ManagerError.locked(user: "mia", until: now + Accounts.firstLock)) {
            try fixture.accounts.overrideVisit(carl, manager: "mia", pin: "4321", at: now + 1)
        }
        let visit = try fixture.accounts.overrideVisit(carl, manager: "mia", pin: "4321", at: now + Accounts.firstLock)
        #expect(visit.onBehalfOf == "carl")
        let actions = try fixture.database.auditLog(afterID: 0, limit: 100).map(\.action)
        #expect(actions.filter { $0 == "override.failed" }.count >= 8)
        #expect(actions.contains("login.locked"))
    }
}
