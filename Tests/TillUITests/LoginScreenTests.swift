import Foundation
import Testing
import TillConfig
import TillCore
@testable import TillUI

/// The PIN screen, first run, log out and the manager override dialog as pure model transitions, plus snapshots.
@Suite struct LoginScreenTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let users = [LoginUser(name: "ann", isManager: false), LoginUser(name: "bea", isManager: false),
                        LoginUser(name: "mia", isManager: true)]

    /// The live till before the user list arrived.
    static func model(size: TextSize = TextSize(columns: 80, rows: 24)) throws -> TillModel {
        var model = try ScreenSnapshotTests.model(size)
        model.screen = .login
        return model
    }

    static func listed(_ users: [LoginUser] = users) throws -> TillModel {
        var model = try model()
        _ = model.handle(.login(.users(users)))
        return model
    }

    static func type(_ text: String, into model: inout TillModel) -> [TillEffect] {
        text.flatMap { model.handle(.key(.character($0))) }
    }

    static func loggedIn(as user: SignedInUser) throws -> TillModel {
        var model = try listed()
        _ = model.handle(.login(.loggedIn(user)))
        return model
    }

    @Test(arguments: [
        // (keys typed, user selected, PIN field, effects on Enter)
        ("", "ann", "", false),
        ("m", "mia", "", false),
        ("b1234", "bea", "1234", true),
        ("mi9876", "mia", "9876", true),
        ("123", "ann", "123", false),
        ("z", "ann", "", false),
    ])
    func typingPicksAUserAndTheDigitsGoToThePIN(typed: String, user: String, pin: String, sends: Bool) throws {
        var model = try Self.listed()
        #expect(Self.type(typed, into: &model).isEmpty)
        #expect(model.login.selectedUser?.name == user)
        #expect(model.login.pin.text == pin)
        let effects = model.handle(.key(.enter))
        if sends {
            #expect(effects == [.login(.logIn(name: user, pin: pin))])
            #expect(model.login.pin.text.isEmpty, "the PIN leaves the model once sent")
        } else {
            #expect(effects.isEmpty)
            #expect(model.login.problem != nil)
        }
    }

    @Test func arrowsMoveAndClearThePINAndLettersAreNotPINDigits() throws {
        var model = try Self.listed()
        _ = Self.type("12", into: &model)
        _ = model.handle(.key(.down))
        #expect(model.login.selectedUser?.name == "bea" && model.login.pin.text.isEmpty)
        _ = model.handle(.key(.down)); _ = model.handle(.key(.down))
        #expect(model.login.selectedUser?.name == "mia")
        _ = model.handle(.key(.up))
        #expect(model.login.selectedUser?.name == "bea")
        _ = Self.type("1234567890123", into: &model)
        #expect(model.login.pin.text == "123456789012", "at most 12 digits (a manager's longest PIN)")
        #expect(TillScreen.render(model).text.contains("••••••••"), "the PIN is masked")
        #expect(!TillScreen.render(model).text.contains("1234"))
        _ = model.handle(.key(.escape))
        #expect(model.login.pin.text.isEmpty)
        #expect(model.handle(.key(.character("q"))).isEmpty, "q is a letter on the PIN screen")
        #expect(model.handle(.key(.function(10))) == [.quit])
    }

    @Test func aRightPINShowsTheCatalogOrTheRestoredSale() throws {
        var model = try Self.listed()
        _ = model.handle(.login(.loggedIn(SignedInUser(name: "bea", isManager: false))))
        #expect(model.screen == .catalog && model.cashier == "bea" && model.session?.name == "bea")
        #expect(model.notice?.text == "logged in as bea")

        var restored = try Self.listed()
        var sale = Sale(id: "S-1", cashier: "ann", openedAt: Self.t0, cart: Cart(currency: .usd))
        _ = sale.handle(.addProduct(restored.browser.catalog.products[0], quantity: 1))
        _ = sale.handle(.checkout(.btc, policy: PaymentPolicy(), at: Self.t0))
        #expect(TillModel.screen(for: sale) == .coinPicker)
        _ = restored.handle(.restored(sale))
        #expect(restored.screen == .login, "a restored sale waits for the login")
        _ = restored.handle(.login(.loggedIn(SignedInUser(name: "ann", isManager: false))))
        #expect(restored.screen == TillModel.screen(for: sale))
        #expect(restored.notice?.text.contains("restored sale") == true, "the restore warning stays up")
    }

    @Test func wrongAndLockedPINsSayWhatIsLeftAndUntilWhenInLocalTime() throws {
        var model = try Self.listed()
        model.timeZone = TimeZone(identifier: "Europe/Berlin")!
        _ = model.handle(.login(.refused(.wrongPIN(user: "ann", attemptsLeft: 3))))
        #expect(model.login.problem == "wrong PIN for ann: 3 attempts left")
        #expect(TillScreen.render(model).text.contains("3 attempts left"))
        let until = Self.t0.addingTimeInterval(30)
        var locked = Self.users
        locked[0].lockedUntil = until
        _ = model.handle(.login(.users(locked)))
        _ = model.handle(.login(.refused(.wrongPIN(user: "ann", attemptsLeft: 0))))
        // t0 is 2026-09-21 14:13:20 UTC: 16:13:50 in Berlin (summer time).
        #expect(model.login.problem == "wrong PIN for ann: locked until 16:13:50")
        _ = model.handle(.login(.refused(.locked(user: "ann", until: until))))
        #expect(model.login.problem == "ann is locked until 16:13:50")
        #expect(TillScreen.render(model).text.contains("cashier · locked until 16:13:50"))
        _ = model.handle(.login(.refused(.locked(user: "ann", until: until.addingTimeInterval(86_400)))))
        #expect(model.login.problem == "ann is locked until 2026-09-22 16:13")
    }

    @Test func firstRunCreatesTheManagerOnlyWhenBothPINsMatch() throws {
        var model = try Self.listed([])
        #expect(model.login.isFirstRun)
        #expect(TillScreen.render(model).text.contains("create the manager"))
        _ = Self.type("mia", into: &model)
        _ = model.handle(.key(.enter))
        #expect(model.login.field == .pin)
        _ = Self.type("4321", into: &model)
        _ = model.handle(.key(.tab))
        _ = Self.type("4322", into: &model)
        #expect(model.handle(.key(.enter)).isEmpty)
        #expect(model.login.problem == "the two PINs differ: type them again")
        #expect(model.login.field == .pin && model.login.newPIN.text.isEmpty)
        _ = Self.type("12", into: &model)
        _ = model.handle(.key(.enter))
        _ = Self.type("12", into: &model)
        #expect(model.handle(.key(.enter)).isEmpty)
        #expect(model.login.problem == "a manager's PIN is 4 to 12 digits")
        model.login.newPIN.text = ""; model.login.repeatPIN.text = ""
        _ = Self.type("4321", into: &model)
        _ = model.handle(.key(.enter))
        _ = Self.type("4321", into: &model)
        #expect(model.handle(.key(.enter)) == [.login(.createManager(name: "mia", pin: "4321"))])
    }

    @Test func logOutGoesBackToThePINScreenUnlessAPaymentIsPending() throws {
        var model = try Self.loggedIn(as: SignedInUser(name: "bea", isManager: false))
        #expect(model.handle(.key(.character("o"))) == [.login(.logout)])
        #expect(model.screen == .login && model.session == nil)
        #expect(model.login.selectedUser?.name == "bea", "the PIN screen offers the same user again")

        var paying = try Self.loggedIn(as: SignedInUser(name: "bea", isManager: false))
        _ = paying.handle(.key(.enter))
        _ = paying.handle(.key(.character("c")))
        _ = paying.handle(.key(.character("1")))
        _ = paying.handle(.sale(id: "S-20260920-0001", .quoteReady(try ScreenSnapshotTests.quote(paying))))
        #expect(paying.paymentPending)
        paying.screen = .catalog
        #expect(paying.handle(.key(.character("o"))).isEmpty)
        #expect(paying.screen == .catalog && paying.session != nil)
        var training = try Self.loggedIn(as: SignedInUser(name: "training", isManager: true))
        training.training = true
        #expect(training.handle(.key(.character("o"))).isEmpty)
        #expect(training.screen == .catalog)
    }

    @Test func aManagerOpensTheManagerScreenThroughTheService() throws {
        var model = try Self.loggedIn(as: SignedInUser(name: "mia", isManager: true))
        #expect(model.handle(.key(.character("m"))) == [.login(.openManagerVisit)])
        #expect(model.screen == .catalog && model.login.override == nil, "nothing opens before the service approved")
        _ = model.handle(.login(.managerApproved(approver: "mia", onBehalfOf: nil)))
        #expect(model.screen == .manager && model.manager.approver == "mia" && model.manager.onBehalfOf == nil)
    }

    @Test func aCashierGetsTheOverrideDialogAndOnlyAnApprovalOpensTheManagerScreen() throws {
        var model = try Self.loggedIn(as: SignedInUser(name: "ann", isManager: false))
        #expect(model.handle(.key(.character("m"))).isEmpty)
        #expect(model.login.override != nil && model.screen == .catalog)
        // The dialog takes every key: q and ? are letters of the manager's name.
        #expect(Self.type("q?", into: &model).isEmpty)
        #expect(model.login.override?.manager.text == "q?" && !model.showHelp)
        _ = model.handle(.key(.backspace)); _ = model.handle(.key(.backspace))
        _ = Self.type("mia", into: &model)
        #expect(model.handle(.key(.enter)).isEmpty)
        #expect(model.login.override?.field == .pin)
        _ = Self.type("4321", into: &model)
        #expect(model.handle(.key(.enter)) == [.login(.overrideVisit(manager: "mia", pin: "4321"))])
        #expect(model.screen == .catalog)
        _ = model.handle(.login(.overrideRefused(.wrongPIN(user: "mia", attemptsLeft: 4))))
        #expect(model.login.override?.problem == "wrong PIN for mia: 4 attempts left")
        #expect(model.login.override?.pin.text.isEmpty == true && model.screen == .catalog)
        _ = model.handle(.login(.managerApproved(approver: "mia", onBehalfOf: "ann")))
        #expect(model.login.override == nil && model.screen == .manager)
        #expect(model.manager.approver == "mia" && model.manager.onBehalfOf == "ann")
        #expect(TillScreen.render(model).text.contains("mia (override for ann)"))
        #expect(model.handle(.key(.escape)) == [.manager(.closed)])
        #expect(model.screen == .catalog && model.session?.name == "ann", "leaving keeps the cashier's session")
    }

    @Test func escapeClosesTheOverrideDialog() throws {
        var model = try Self.loggedIn(as: SignedInUser(name: "ann", isManager: false))
        _ = model.handle(.key(.character("m")))
        _ = Self.type("mia", into: &model)
        #expect(model.handle(.key(.escape)).isEmpty)
        #expect(model.login.override == nil && model.screen == .catalog)
        #expect(model.handle(.key(.character("q"))) == [.quit], "keys reach the catalog again")
    }

    // MARK: - Snapshots

    static func scenes() throws -> [(String, TillModel)] {
        var pin = try listed()
        pin.login.users?[1].lockedUntil = t0.addingTimeInterval(45)
        _ = type("12", into: &pin)
        _ = pin.handle(.login(.refused(.wrongPIN(user: "ann", attemptsLeft: 2))))
        var firstRun = try listed([])
        _ = type("mia", into: &firstRun)
        _ = firstRun.handle(.key(.enter))
        _ = type("43", into: &firstRun)
        var override = try loggedIn(as: SignedInUser(name: "ann", isManager: false))
        _ = override.handle(.key(.enter))
        _ = override.handle(.key(.character("m")))
        _ = type("mia", into: &override)
        _ = override.handle(.key(.enter))
        _ = type("43", into: &override)
        _ = override.handle(.login(.overrideRefused(.wrongPIN(user: "mia", attemptsLeft: 4))))
        return [("login-pin", pin), ("login-first-run", firstRun), ("login-override", override)]
    }

    @Test func screensMatchTheirSnapshots() throws {
        for (name, model) in try Self.scenes() {
            let text = TillScreen.render(model).text + "\n"
            let file = ScreenSnapshotTests.directory.appendingPathComponent("\(name)-80x24.txt")
            guard let expected = try? String(contentsOf: file, encoding: .utf8),
                  ProcessInfo.processInfo.environment["TILL_RECORD_SNAPSHOTS"] == nil else {
                try Data(text.utf8).write(to: file)
                Issue.record("recorded \(file.lastPathComponent): review it and run again")
                continue
            }
            #expect(text == expected, "\(name) differs from \(file.lastPathComponent)")
        }
    }

    @Test(arguments: ["dark", "light", "high-contrast"])
    func everyThemeShowsEveryRoleUsed(_ themeName: String) throws {
        let theme = try #require(ThemeFile.builtIn(themeName))
        for (name, model) in try Self.scenes() {
            for cell in TillScreen.render(model).cells where cell.grapheme != " " {
                let pair = theme.pair(cell.style.role)
                #expect(pair.foreground != pair.background, "\(themeName): \(cell.style.role) invisible on \(name)")
            }
        }
    }
}
