import Foundation
import Testing
@testable import TillApp
import TillConfig
import TillCore
import TillManager
import TillStore
import TillTestSupport
import TillUI

/// The login service on a real SQLite file: first run, PIN checks with lockout, manager visits and overrides.
@Suite struct LoginServiceTests {
    static let t0 = Date(timeIntervalSince1970: 1_795_608_000)

    final class Clock: @unchecked Sendable {
        var now = LoginServiceTests.t0
    }

    struct Fixture {
        let directory: TemporaryDirectory
        let store: TillDatabase
        let access = ManagerAccess()
        let clock = Clock()
        let login: LoginService
        let manager: ManagerService

        init() throws {
            directory = try TemporaryDirectory(prefix: "till-login")
            store = try TillDatabase(path: directory.file("till.sqlite").path)
            let accounts = Accounts(store: store, iterations: 1_000)
            let log = FileLog(path: directory.file("till.log").path)
            let clock = clock
            login = LoginService(accounts: accounts, access: access, log: log, clock: { clock.now })
            manager = ManagerService(store: store, access: access, accounts: accounts, inbox: Inbox(), log: log,
                                     timeZone: TimeZone(identifier: "UTC")!, currency: .usd, assets: [.btc],
                                     dataDirectory: directory.url)
        }

        /// The manager "mia" (PIN 4321, created on the first run) and the cashier "carl" (PIN 1234).
        func users() throws {
            _ = login.perform(.createManager(name: "mia", pin: "4321"))
            let mia = try login.accounts.login(name: "mia", pin: "4321", at: clock.now)
            try login.accounts.addUser(name: "carl", role: .cashier, pin: "1234",
                                       approval: try login.accounts.authorize(mia, for: .changeUsers, at: clock.now), at: clock.now)
            _ = login.perform(.logout)
        }
    }

    /// The user list and the other events of a batch, for comparing.
    static func describe(_ events: [TillEvent]) -> [String] {
        events.map { event in
            guard case .login(let login) = event else { return "\(event)" }
            switch login {
            case .users(let users):
                return "users " + users.map { "\($0.name):\($0.isManager ? "manager" : "cashier")\($0.lockedUntil == nil ? "" : ":locked")" }
                    .joined(separator: ",")
            case .loggedIn(let user): return "loggedIn \(user.name) manager=\(user.isManager)"
            case .refused(let refusal): return "refused \(refusal)"
            case .managerApproved(let approver, let inside): return "approved \(approver) inside=\(inside ?? "-")"
            case .overrideRefused(let refusal): return "overrideRefused \(refusal)"
            case .cancelApproved(let saleID, let manager): return "cancelApproved \(saleID) by \(manager)"
            case .failed(let message): return "failed \(message)"
            }
        }
    }

    @Test func theFirstRunCreatesTheManagerAndLogsThemIn() throws {
        let fixture = try Fixture()
        #expect(Self.describe(fixture.login.perform(.loadUsers)) == ["users "])
        #expect(Self.describe(fixture.login.perform(.createManager(name: "mia", pin: "4321")))
                == ["users mia:manager", "loggedIn mia manager=true"])
        #expect(fixture.access.session?.user == "mia" && fixture.access.session?.role == .manager)
        // A second "first run" (another till on the same file raced us) creates nobody.
        #expect(Self.describe(fixture.login.perform(.createManager(name: "eve", pin: "1111")))
                == ["users mia:manager", "failed users exist already: log in"])
        let actions = try fixture.store.auditLog(afterID: 0, limit: 10).map(\.action)
        #expect(actions == ["user.add", "login"])
    }

    @Test func wrongPINsCountDownThenLockAndTheLockShowsInTheList() throws {
        let fixture = try Fixture()
        try fixture.users()
        for left in (1...4).reversed() {
            #expect(Self.describe(fixture.login.perform(.logIn(name: "carl", pin: "0000")))
                    == ["users carl:cashier,mia:manager", "refused wrongPIN(user: \"carl\", attemptsLeft: \(left))"])
            fixture.clock.now += 1
        }
        #expect(Self.describe(fixture.login.perform(.logIn(name: "carl", pin: "0000")))
                == ["users carl:cashier:locked,mia:manager", "refused wrongPIN(user: \"carl\", attemptsLeft: 0)"])
        let until = fixture.clock.now + Accounts.firstLock
        fixture.clock.now += 1
        let locked = fixture.login.perform(.logIn(name: "carl", pin: "1234"))
        #expect(Self.describe(locked).last == "refused \(LoginRefusal.locked(user: "carl", until: until))")
        #expect(fixture.access.session == nil)
        fixture.clock.now = until
        #expect(Self.describe(fixture.login.perform(.logIn(name: "carl", pin: "1234"))) == ["loggedIn carl manager=false"])
        #expect(fixture.access.session?.user == "carl")
    }

    @Test func aCashierReachesNoManagerActionWithoutAManagerPIN() throws {
        let fixture = try Fixture()
        try fixture.users()
        _ = fixture.login.perform(.logIn(name: "carl", pin: "1234"))
        // The screen never asks this for a cashier; the service refuses it anyway.
        #expect(Self.describe(fixture.login.perform(.openManagerVisit))
                == ["overrideRefused \(LoginRefusal.other("the manager screen needs a manager's PIN"))"])
        #expect(fixture.access.visit == nil)
        #expect(throws: ManagerError.notAllowed(user: "carl", permission: .voidSale)) {
            try fixture.manager.approval(for: .voidSale, at: fixture.clock.now)
        }
        #expect(Self.describe(fixture.login.perform(.overrideVisit(manager: "carl", pin: "1234"))).last
                == "overrideRefused notAManager(\"carl\")")
        #expect(Self.describe(fixture.login.perform(.overrideVisit(manager: "mia", pin: "9999"))).last
                == "overrideRefused wrongPIN(user: \"mia\", attemptsLeft: 4)")
        #expect(fixture.access.visit == nil)

        #expect(Self.describe(fixture.login.perform(.overrideVisit(manager: "mia", pin: "4321"))) == ["approved mia inside=carl"])
        let approval = try fixture.manager.approval(for: .voidSale, at: fixture.clock.now)
        #expect(approval.manager == "mia" && approval.isOverride && approval.requestedBy == "carl")
        #expect(fixture.access.session?.user == "carl", "the cashier stays logged in")

        _ = fixture.manager.perform(.closed)
        #expect(throws: ManagerError.notAllowed(user: "carl", permission: .voidSale)) {
            try fixture.manager.approval(for: .voidSale, at: fixture.clock.now)
        }
    }

    @Test func aManagerOpensTheirOwnVisitAndLogOutForgetsEverything() throws {
        let fixture = try Fixture()
        try fixture.users()
        _ = fixture.login.perform(.logIn(name: "mia", pin: "4321"))
        #expect(Self.describe(fixture.login.perform(.openManagerVisit)) == ["approved mia inside=-"])
        let approval = try fixture.manager.approval(for: .closeDay, at: fixture.clock.now)
        #expect(approval.manager == "mia" && !approval.isOverride)
        #expect(Self.describe(fixture.login.perform(.logout)) == ["users carl:cashier,mia:manager"])
        #expect(fixture.access.session == nil && fixture.access.visit == nil)
        #expect(throws: ManagerError.self) { try fixture.manager.approval(for: .closeDay, at: fixture.clock.now) }
    }

    @Test func trainingRunsOnAScratchDatabaseAsItsOwnManager() throws {
        let directory = try TemporaryDirectory(prefix: "till-training")
        let database = directory.file("data/training.sqlite")
        try FileManager.default.createDirectory(at: database.deletingLastPathComponent(), withIntermediateDirectories: true)
        func start() throws -> TillRunner {
            try TillLauncher.training(shop: ShopInfo(name: "Training Shop", currency: .usd), catalog: try CatalogFile.sample(),
                                      cashier: "alice", inbox: Inbox(), log: FileLog(path: directory.file("till.log").path),
                                      receipts: ReceiptWriter(directory: directory.file("receipts")), now: Date(),
                                      database: database)
        }
        let first = try start()
        #expect(first.model.session == SignedInUser(name: "training", isManager: true))
        #expect(first.model.screen == .catalog && first.model.training)
        first.restore()
        first.dispatch(.key(.enter))
        let saleID = try #require(first.model.sale?.id)
        #expect(try TillDatabase(path: database.path).sale(id: saleID) != nil, "training sales go to the scratch file")
        first.dispatch(.key(.character("m")))
        #expect(first.model.screen == .manager && first.model.manager.approver == "training")
        #expect(first.manager?.access.visit?.user == "training")

        let second = try start()
        #expect(try TillDatabase(path: database.path).sale(id: saleID) == nil, "each start begins afresh")
        #expect(try TillDatabase(path: database.path).users().map(\.name) == ["training"])
        #expect(second.model.session?.name == "training")
        #expect(!FileManager.default.fileExists(atPath: directory.file("data/till.sqlite").path), "the real history is untouched")
    }

    @Test func cancellingAnotherCashiersSaleNeedsAManagerPINAndIsAudited() throws {
        let fixture = try Fixture()
        try fixture.users()
        _ = fixture.login.perform(.logIn(name: "carl", pin: "1234"))
        #expect(Self.describe(fixture.login.perform(.approveCancel(manager: "carl", pin: "1234", saleID: "S-9"))).last
                == "overrideRefused notAManager(\"carl\")")
        #expect(Self.describe(fixture.login.perform(.approveCancel(manager: "mia", pin: "0000", saleID: "S-9"))).last
                == "overrideRefused wrongPIN(user: \"mia\", attemptsLeft: 4)")
        #expect(Self.describe(fixture.login.perform(.approveCancel(manager: "mia", pin: "4321", saleID: "S-9")))
                == ["cancelApproved S-9 by mia"])
        let override = try #require(try fixture.store.auditLog(afterID: 0, limit: 50).last)
        #expect(override.action == AuditAction.managerOverride.rawValue && override.actor == "mia")
        #expect(override.details == "permission=cancelAnySale session=carl")
    }
}
