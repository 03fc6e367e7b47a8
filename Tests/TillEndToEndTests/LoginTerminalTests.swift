import Foundation
import Testing
import TillManager
import TillStore
import TillTestSupport
import TillEndToEndSupport

/// The built `till` in tmux from its very first start: create the manager, log out, a wrong PIN, a cashier's
/// manager override. The coin's node is a closed port: logging in needs no chain.
@Suite struct LoginTerminalTests {
    @Test func firstRunLogOutWrongPINAndAManagerOverride() async throws {
        let directory = try TemporaryDirectory(prefix: "till-login-e2e")
        let config = try OfflineCoinConfig.write(in: directory, shop: "Login Shop")
        let session = try TmuxSession(command: [try LiveTill.binary, "--config", config], width: 100, height: 30,
                                      environment: ["USER": "someone", "TERM": "xterm-256color"])
        defer { session.kill() }

        // First run: no users, so the till asks for the manager.
        _ = try await session.waitFor("First run: create the manager", timeout: .seconds(60))
        try session.send(text: "boss")
        try session.send(keys: "Enter")
        try session.send(text: "4321")
        try session.send(keys: "Enter")
        try session.send(text: "4321")
        let typed = try await session.waitFor("••••█")
        #expect(!typed.contains("4321"), "PINs are masked")
        try session.send(keys: "Enter")
        _ = try await session.waitFor("logged in as boss (manager)")
        #expect(try session.capture().contains("Products"))

        // A cashier, added by the manager (as `till user add carl --manager boss` would).
        let store = try TillDatabase(path: directory.file("data/till.sqlite").path)
        let accounts = Accounts(store: store, iterations: 1_000)
        let approval = try accounts.override(nil, manager: "boss", pin: "4321", for: .changeUsers, at: Date())
        try accounts.addUser(name: "carl", role: .cashier, pin: "1234", approval: approval, at: Date())

        // Log out: back to the PIN screen, which lists both users.
        try session.send(text: "o")
        let pinScreen = try await session.waitFor("PIN for boss:")
        #expect(pinScreen.contains("carl") && pinScreen.contains("cashier"))
        #expect(!pinScreen.contains("Products"))

        // Pick carl by name, a wrong PIN, then the right one.
        try session.send(text: "c")
        _ = try await session.waitFor("PIN for carl:")
        try session.send(text: "0000")
        try session.send(keys: "Enter")
        _ = try await session.waitFor("wrong PIN for carl: 4 attempts left")
        try session.send(text: "1234")
        try session.send(keys: "Enter")
        _ = try await session.waitFor("logged in as carl")

        // A cashier pressing m gets the override dialog; a manager's PIN opens the manager screen inside carl's session.
        try session.send(text: "m")
        _ = try await session.waitFor("Manager override")
        try session.send(text: "boss")
        try session.send(keys: "Enter")
        try session.send(text: "4321")
        try session.send(keys: "Enter")
        let manager = try await session.waitFor("override for carl")
        #expect(manager.contains("Sales") && manager.contains("boss (override for carl)"))
        let audit = try store.auditLog(afterID: 0, limit: 100)
        #expect(audit.contains { $0.action == "override" && $0.actor == "boss" && $0.details == "visit session=carl" })

        // Leaving the manager screen keeps carl logged in; F10 quits from the PIN screen.
        try session.send(keys: "Escape")
        _ = try await session.waitFor("Products")
        try session.send(text: "o")
        _ = try await session.waitFor("PIN for carl:")
        try session.send(keys: "F10")
        await #expect(try session.waitForExit() == 0)
    }
}
