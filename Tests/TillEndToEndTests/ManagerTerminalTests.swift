import BigInt
import Foundation
import Testing
import TillCore
import TillManager
import TillStore
import TillStoreTestSupport
import TillTestSupport
import TillEndToEndSupport

/// The manager flow in a real terminal: a cashier logs in to an underpaid sale, calls the manager (override PIN),
/// filters the sales list, opens a sale, and accepts the underpaid sale; SQLite and the audit log must agree.
@Suite(.serialized)
struct ManagerTerminalTests {
    static let managerPIN = "9753"
    static let cashierPIN = "1357"
    static let coffee = Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd), category: "Coffee")

    @Test func aCashierCallsTheManagerWhoFiltersOpensASaleAndAcceptsTheUnderpaidOne() async throws {
        let setup = try ManagerTerminalSetup()
        var now = Date()
        var today = LocalDay(containing: now, timeZone: .current)
        if now.timeIntervalSince(today.start) < 5 {  // "today's" sales need a few seconds of today behind them
            try await Task.sleep(for: .seconds(5))
            now = Date(); today = LocalDay(containing: now, timeZone: .current)
        }
        // Today's sales are clamped into today: a run just after midnight once put "20 minutes ago" on yesterday.
        let yesterdaySale = try setup.seed("S-OLD-0001", cashier: "dana", at: today.start.addingTimeInterval(-600), status: .paid,
                                           paidFraction: 1)
        let todaySale = try setup.seed("S-NEW-0002", cashier: "carl", at: max(today.start.addingTimeInterval(1), now.addingTimeInterval(-1_200)),
                                       status: .paid, paidFraction: 1)
        let underpaid = try setup.seed("S-NEW-0003", cashier: "carl", at: max(today.start.addingTimeInterval(2), now.addingTimeInterval(-120)),
                                       status: .underpaid, paidFraction: 2, flags: [.underpaid])

        let session = try TmuxSession(command: [try LiveTill.binary, "--config", setup.configPath], width: 120, height: 40,
                                      environment: ["USER": "carl", "TERM": "xterm-256color"])
        defer { session.kill() }
        // The cashier picks their name by typing it, then the PIN.
        _ = try await session.waitFor("PIN for", timeout: .seconds(60))
        try session.send(text: "carl")
        _ = try await session.waitFor("PIN for carl:")
        try session.send(text: Self.cashierPIN)
        try session.send(keys: "Enter")
        // The underpaid sale is restored onto the payment screen.
        _ = try await session.waitFor(underpaid.id, timeout: .seconds(30))
        try await session.waitUntil("the payment screen of the underpaid sale") { $0.lowercased().contains("underpaid") }

        // A cashier gets the override dialog; a wrong manager PIN is refused inside it.
        try session.send(text: "m")
        _ = try await session.waitFor("Manager override")
        try session.send(text: "boss")
        try session.send(keys: "Tab")
        try session.send(text: "0000")
        try session.send(keys: "Enter")
        _ = try await session.waitFor("wrong PIN")
        for _ in 0..<4 { try session.send(keys: "BSpace") }
        try session.send(text: Self.managerPIN)
        try session.send(keys: "Enter")
        _ = try await session.waitFor("override for carl")

        // Sales tab: all three sales, then only today's after the from-day filter.
        try await session.waitUntil("all three sales listed") { $0.contains(yesterdaySale.id) && $0.contains(todaySale.id) }
        try session.send(text: "f")
        _ = try await session.waitFor("From day (YYYY-MM-DD)")
        try session.send(text: today.description)
        try session.send(keys: "Enter")
        let filtered = try await session.waitUntil("yesterday's sale filtered out") {
            !$0.contains(yesterdaySale.id) && $0.contains(todaySale.id) && $0.contains(underpaid.id)
        }
        #expect(filtered.contains(today.description))

        // Open the paid sale of today (second row, newest first) and see its payment and derivation path.
        try session.send(keys: "Down")
        try session.send(keys: "Enter")
        let details = try await session.waitFor("Sale details")
        #expect(details.contains(todaySale.id))
        try await session.waitUntil("the payment's txid and the address path") { $0.contains("tx-\(todaySale.id)") && $0.contains("m/44'/1'/0'/0/2") }
        try session.send(keys: "Escape")
        _ = try await session.waitFor("Filter:")

        // Exceptions tab: accept the underpaid sale with a reason.
        try session.send(keys: "Tab")
        _ = try await session.waitFor("Exceptions (open)")
        try await session.waitUntil("the underpaid sale in the queue") { $0.contains(underpaid.id) && $0.contains("accept") }
        try session.send(text: "a")
        _ = try await session.waitFor("Accept \(underpaid.id) as paid")
        try session.send(keys: "Enter")
        _ = try await session.waitFor("a reason is required")
        try session.send(text: "customer paid the rest in cash")
        try session.send(keys: "Enter")
        try await session.waitUntil("the queue to empty") { $0.contains("Nothing needs the manager.") }

        // SQLite has it accepted, by the manager, inside the cashier's session; the audit chain holds.
        let stored = try #require(try setup.database().sale(id: underpaid.id))
        #expect(stored.status == .paid)
        #expect(stored.flags.contains(.acceptedByManager))
        let audit = try setup.database().auditLog(afterID: 0, limit: 1_000)
        let override = try #require(audit.first { $0.action == AuditAction.managerOverride.rawValue })
        #expect(override.actor == "boss")
        #expect(override.details.contains("carl"))
        #expect(audit.contains { $0.actor == "boss" && $0.details.contains(underpaid.id) && $0.details.contains("customer paid the rest in cash") })
        #expect(audit.contains { $0.action == AuditAction.configChanged.rawValue && $0.details.contains("Shop: Manager Shop") },
                "the till recorded its configuration at start")
        let verified = try AuditLog(store: setup.database()).verify()
        #expect(verified.isIntact)

        // Leaving the manager screen returns to the sale, now paid.
        try session.send(keys: "Escape")
        try await session.waitUntil("the sale shows paid") { $0.contains("PAID") }
    }
}

/// A live till whose coin backend is not reachable (the manager flow needs no chain), with a manager "boss" and a
/// cashier "carl" in its database.
struct ManagerTerminalSetup {
    let directory: TemporaryDirectory
    let configPath: String
    let databasePath: String

    init() throws {
        directory = try TemporaryDirectory(prefix: "till-manager-e2e")
        configPath = try OfflineCoinConfig.write(in: directory, shop: "Manager Shop")
        databasePath = directory.file("data/till.sqlite").path
        try FileManager.default.createDirectory(at: directory.file("data"), withIntermediateDirectories: true)
        let store = try database()
        // Few iterations keep the test fast; the count is stored per user, so the till checks with it.
        let accounts = Accounts(store: store, iterations: 1_000)
        try accounts.addUser(name: "boss", role: .manager, pin: ManagerTerminalTests.managerPIN, approval: nil, at: Date())
        let approval = try accounts.authorize(try accounts.login(name: "boss", pin: ManagerTerminalTests.managerPIN, at: Date()),
                                              for: .changeUsers, at: Date())
        try accounts.addUser(name: "carl", role: .cashier, pin: ManagerTerminalTests.cashierPIN, approval: approval, at: Date())
    }

    func database() throws -> TillDatabase { try TillDatabase(path: databasePath) }

    /// Saves a BTC sale of two flat whites opened at `at`, paid `1/paidFraction` of its due amount.
    @discardableResult
    func seed(_ id: String, cashier: String, at: Date, status: SaleStatus, paidFraction: Int,
              flags: Set<SaleFlag> = []) throws -> Sale {
        var parts = SyntheticSales.Parts(id: id, cashier: cashier, openedAt: at, lines: [(ManagerTerminalTests.coffee, 2)])
        parts.status = status
        parts.flags = flags
        parts.asset = .btc
        parts.policy = PaymentPolicy(requiredConfirmations: 6)
        var cart = Cart(currency: .usd)
        cart.add(ManagerTerminalTests.coffee, quantity: 2)
        let quote = try SyntheticSales.quote(asset: .btc, fiat: cart.total, price: "50000", address: "mAddress\(id)",
                                             path: "m/44'/1'/0'/0/2", at: at)
        parts.quotes = [quote]
        let paid = quote.amount.units / BigUInt(paidFraction)
        parts.payments = [SyntheticSales.payment(txid: "tx-\(id)", address: quote.address, amount: CoinAmount(units: paid, asset: .btc),
                                                 at: at.addingTimeInterval(30), confirmations: 6, height: 800)]
        parts.history = [SaleTransition(from: .building, to: .awaitingPayment, at: at, reason: "checkout"),
                         SaleTransition(from: .awaitingPayment, to: status, at: at.addingTimeInterval(30), reason: "seeded")]
        parts.stockTaken = status == .paid
        let sale = try SyntheticSales.sale(parts)
        try database().save(sale, effects: [], reason: "seeded", at: at)
        return sale
    }
}
