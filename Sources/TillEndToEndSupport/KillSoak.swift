import Foundation
import GRDB
import TillChainTestSupport
import TillCore
import TillStore
import TillTestSupport
#if canImport(Glibc)
import Glibc
#endif

/// The kill -9 soak: real sales on a live till (tmux, the built `till` binary) against a regtest node, with the till
/// killed at random points: inside the quote window (0–45 ms after the coin key), 0–200 ms after a payment is first
/// recorded in the `observations` table, and 0–300 ms after the confirming blocks are mined. After every restart
/// the database must pass `PRAGMA integrity_check` and `till audit verify`, and no address may belong to two
/// sales; every round's payment must end up on its own sale, and the sale paid after 6 confirmations.
///
/// Run by the end-to-end tests (a short seeded run) and by `till-bench soak --rounds N` (the figures).
public struct KillSoak {
    /// What a run did and found.
    public struct Figures: Sendable, CustomStringConvertible {
        public var rounds = 0
        public var kills = 0
        public var killsInQuoteWindow = 0
        public var killsAfterObservation = 0
        public var killsAfterBlocks = 0
        public var paymentsSent = 0
        /// Sent payments found on the sale they paid.
        public var paymentsRecorded = 0
        /// Sent payments not on their sale when the round gave up waiting.
        public var paymentsLost = 0
        public var salesPaid = 0
        /// Every broken invariant, with its round.
        public var failures: [String] = []

        public var description: String {
            "rounds \(rounds), kills \(kills) (quote window \(killsInQuoteWindow), after observation "
                + "\(killsAfterObservation), after blocks \(killsAfterBlocks)), payments sent \(paymentsSent) / recorded "
                + "\(paymentsRecorded) / lost \(paymentsLost), sales paid \(salesPaid), failures \(failures.count)"
        }
    }

    let node: RegtestNode
    let binary: String
    let directory: TemporaryDirectory
    let configPath: String
    let databasePath: String
    var random: SplitMix64
    /// Progress lines (the benchmark prints them; tests keep them quiet).
    let log: @Sendable (String) -> Void
    var figures = Figures()
    var session: TmuxSession?
    /// Every payment sent: txid → the sale it paid.
    var sent: [String: String] = [:]

    /// `binary` is the built `till`; `seed` makes the kill points repeatable.
    public init(node: RegtestNode, binary: String, seed: UInt64, log: @escaping @Sendable (String) -> Void = { _ in }) throws {
        self.node = node
        self.binary = binary
        self.random = SplitMix64(seed: seed)
        self.log = log
        directory = try TemporaryDirectory(prefix: "till-soak")
        databasePath = directory.file("data/till.sqlite").path
        configPath = try RegtestTillConfig.write(
            in: directory, shop: "Soak Shop", backendURL: node.rpcURL.absoluteString, user: RegtestNode.user,
            password: RegtestNode.password, coinLines: "confirmations = 6\nexpiry = \"15m\"",
            backendLines: "poll_interval = \"200ms\"")
    }

    /// Runs `rounds` sales; returns the figures (failures are listed there, not thrown, so a run always reports).
    public mutating func run(rounds: Int) async throws -> Figures {
        try TillLogin.ensureUser(Self.user, databasePath: databasePath)
        let database = try TillDatabase(path: databasePath)
        try await restart()
        defer { session?.kill() }
        for round in 1...rounds {
            do {
                try await sale(round, database: database)
            } catch {
                figures.failures.append("round \(round): \(error)")
                log("round \(round): \(error)")
                try await restart()
                try await abandonStuckSale()
            }
            figures.rounds = round
        }
        try checkPayments(database)
        return figures
    }

    static let user = "soak-cashier"

    // MARK: - One round

    private mutating func sale(_ round: Int, database: TillDatabase) async throws {
        let session = try current()
        _ = try await session.waitFor("Products", timeout: .seconds(60))
        try session.send(keys: "Enter")
        _ = try await session.waitFor("Total")
        // The soak's till has one coin: checkout goes straight to the quote, so `c` opens the quote window.
        try session.send(text: "c")
        if random.chance(1, in: 3) {
            usleep(UInt32(random.below(45_000)))
            try await kill(round, "in the quote window")
            figures.killsInQuoteWindow += 1
            try await reachPayment()
        }
        let sale = try await quotedSale(database)
        let quote = try require(sale.currentQuote, "sale \(sale.id) has no quote")
        let seenBefore = try paymentRows(database)
        let txid = try await node.send(to: quote.address, amount: quote.amount.plainDecimal)
        sent[txid] = sale.id
        figures.paymentsSent += 1
        log("round \(round): \(sale.id) paid by \(txid.prefix(12))… to \(quote.address)")
        if random.chance(1, in: 2) {
            // The moment the till first records the payment, then a random 0–200 ms.
            let deadline = ContinuousClock.now + .seconds(30)
            // Awaited, not slept: this can last a poll, and a blocked cooperative thread starves other tests.
            while try paymentRows(database) == seenBefore && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(1)) }
            usleep(UInt32(random.below(200_000)))
            try await kill(round, "after the payment was observed")
            figures.killsAfterObservation += 1
        }
        _ = try await node.generate(6)
        if random.chance(1, in: 4) {
            try await Task.sleep(for: .milliseconds(random.below(300)))
            try await kill(round, "after the blocks were mined")
            figures.killsAfterBlocks += 1
        }
        let paid = try await waitUntilPaid(sale.id, txid: txid, database: database)
        if paid { figures.salesPaid += 1 } else {
            figures.paymentsLost += 1
            figures.failures.append("round \(round): \(sale.id) not paid with its payment \(txid) at 6 confirmations")
            log("round \(round): LOST \(txid) of \(sale.id)")
            try await abandonStuckSale()
            return
        }
        // Back to the catalog for the next sale: from PAID on screen, or after a restart into the catalog.
        let screen = try await current().waitUntil(timeout: .seconds(30), "PAID or the catalog") {
            $0.contains("PAID") || ($0.contains("Products") && !$0.contains("Total"))
        }
        if screen.contains("PAID") { try current().send(text: "n") }
    }

    /// After a failed round (recorded already): a sale still waiting on screen is cancelled, so the next rounds
    /// run on a clean catalog instead of failing behind it.
    private mutating func abandonStuckSale() async throws {
        let session = try current()
        // The status bar names the shop on every screen once the till is up.
        let screen = try await session.waitUntil(timeout: .seconds(30), "the till's screen") { $0.contains("Soak Shop") }
        if screen.contains("PAID") { try session.send(text: "n") }
        guard screen.contains("Waiting") else { return }
        try session.send(keys: "Escape")
        try await Task.sleep(for: .milliseconds(300))
        try session.send(text: "y")
        _ = try await session.waitUntil(timeout: .seconds(30), "the catalog") { $0.contains("Products") && !$0.contains("Waiting") }
    }

    /// After a quote-window kill: the restarted till re-asks for the quote; a kill before the checkout was saved
    /// leaves the cart on screen, and the cashier picks the coin again.
    private mutating func reachPayment() async throws {
        let session = try current()
        let screen = try await session.waitUntil(timeout: .seconds(60), "the payment or the cart") {
            $0.contains("Waiting for payment") || $0.contains("Total") || $0.contains("Choose a coin") || $0.contains("Products")
        }
        if screen.contains("Waiting for payment") { return }
        if !screen.contains("Total") && !screen.contains("Choose a coin") {
            // Killed before the cart was saved: start the sale again.
            try session.send(keys: "Enter")
            _ = try await session.waitFor("Total")
        }
        if screen.contains("Choose a coin") {
            try session.send(text: "1")
        } else {
            try session.send(text: "c")  // one coin: straight to its quote
        }
        _ = try await session.waitFor("Waiting for payment", timeout: .seconds(60))
    }

    private func quotedSale(_ database: TillDatabase) async throws -> Sale {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let sale = try database.openSales(at: Date()).last(where: { $0.currentQuote != nil && $0.payments.isEmpty && $0.status == .awaitingPayment }) {
                return sale
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw SoakFailure("no sale awaiting payment 30 s after the coin was picked")
    }

    private func waitUntilPaid(_ saleID: String, txid: String, database: TillDatabase) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let sale = try database.sale(id: saleID), sale.status == .paid, sale.payments.contains(where: { $0.ref.txid == txid }) {
                return true
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }

    private func paymentRows(_ database: TillDatabase) throws -> Int {
        try database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM observations WHERE kind = 'payment'") ?? 0 }
    }

    // MARK: - Kills and checks

    private func current() throws -> TmuxSession {
        guard let session else { throw SoakFailure("no till running") }
        return session
    }

    /// kill -9 the till, check the database as it was left, start a new till and log in.
    private mutating func kill(_ round: Int, _ moment: String) async throws {
        let session = try current()
        Glibc.kill(try session.programProcessID(), SIGKILL)
        _ = try? await session.waitForExit()
        session.kill()
        self.session = nil
        figures.kills += 1
        log("round \(round): killed \(moment)")
        for problem in try checkDatabase() { figures.failures.append("round \(round), killed \(moment): \(problem)") }
        try await restart()
    }

    private mutating func restart() async throws {
        session?.kill()
        let started = try TmuxSession(command: [binary, "--config", configPath], width: 120, height: 40,
                                      environment: ["USER": Self.user, "TERM": "xterm-256color"])
        session = started
        try await TillLogin.logIn(started, as: Self.user)
    }

    /// `PRAGMA integrity_check`, `till audit verify`, and no address quoted to two sales.
    func checkDatabase() throws -> [String] {
        var problems: [String] = []
        let database = try TillDatabase(path: databasePath)
        let integrity = try database.integrityCheck()
        if integrity != ["ok"] { problems.append("integrity_check: \(integrity.joined(separator: "; "))") }
        let audit = try Processes.run(binary, ["audit", "verify", "--config", configPath])
        if audit.status != 0 { problems.append("till audit verify exited \(audit.status): \(audit.stdout)\(audit.stderr)") }
        let shared = try database.pool.read { db in
            try String.fetchAll(db, sql: "SELECT address FROM quotes GROUP BY address HAVING COUNT(DISTINCT sale_id) > 1")
        }
        if !shared.isEmpty { problems.append("addresses handed to two sales: \(shared.joined(separator: ", "))") }
        return problems
    }

    /// Every payment sent is on the sale it paid, and on no other.
    private mutating func checkPayments(_ database: TillDatabase) throws {
        for problem in try checkDatabase() { figures.failures.append("at the end: \(problem)") }
        for (txid, saleID) in sent.sorted(by: { $0.key < $1.key }) {
            let owners = try database.pool.read { db in
                try String.fetchAll(db, sql: "SELECT DISTINCT sale_id FROM payments WHERE txid = ?", arguments: [txid])
            }
            if owners == [saleID] { figures.paymentsRecorded += 1 } else {
                figures.failures.append("payment \(txid) of \(saleID) is recorded on \(owners.isEmpty ? "no sale" : owners.joined(separator: ", "))")
            }
        }
    }

    private func require<T>(_ value: T?, _ message: String) throws -> T {
        guard let value else { throw SoakFailure(message) }
        return value
    }
}

/// A soak step that could not go on.
public struct SoakFailure: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
