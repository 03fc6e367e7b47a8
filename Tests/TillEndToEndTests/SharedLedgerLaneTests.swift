import Foundation
import Testing
import TillChainTestSupport
import TillCore
import TillStore
import TillStorePostgres
import TillTestSupport

/// Issue 15 with real processes: two tills (lanes) in tmux on one PostgreSQL ledger, the same wallet, a real regtest
/// node. Nothing here is simulated: the lanes are the shipped `till` binary, the ledger a real server.
@Suite(.serialized) struct SharedLedgerLaneTests {
    /// `times` sales quoted and cancelled as a cashier would: a product, checkout (one coin: straight to its QR), Esc, y.
    static func quoteAndCancel(_ session: TmuxSession, times: Int) async throws {
        _ = try await session.waitFor("Products", timeout: .seconds(60))
        for _ in 0..<times {
            try session.send(keys: "Enter")
            _ = try await session.waitFor("Total")
            try session.send(text: "c")
            _ = try await session.waitFor("Waiting for payment", timeout: .seconds(60))
            try session.send(keys: "Escape")
            try session.send(text: "y")
            try await session.waitUntil("the sale cancelled") { $0.contains("sale cancelled") && !$0.contains("Waiting for payment") }
        }
    }

    /// The addresses the wallet derives at 0..<count, by an independent implementation (embit, in Python).
    static func independentAddresses(count: Int) async throws -> [String] {
        let python = try TestPeers.require(TestPeers.python, what: "Python venv with embit (wallet cross-check)")
        let script = TestPeers.repositoryRoot.appendingPathComponent("Tests/TillWalletTests/Support/derive_addresses.py")
        let output = try await Processes.run(python.path, [script.path, "p2pkh", "regtest", LiveTill.tpub, String(count)])
        return output.stdout.split(separator: "\n").map(String.init)
    }

    @Test func twoLanesQuotingAtOnceNeverShareAnAddressAndEachMatchesTheWallet() async throws {
        try await RegtestNode.with { node in
            let server = try await PostgresServer.shared()
            let url = server.url(database: try server.createDatabase(prefix: "lanes"))
            // A gap limit above the test's 200 unpaid quotes: past it, cancelled sales' addresses would be reused.
            let first = try LaneTill(lane: "front-1", node: node, url: url, coinExtra: "gap_limit = 1000")
            let second = try LaneTill(lane: "front-2", node: node, url: url, coinExtra: "gap_limit = 1000")
            let one = try await first.start()
            defer { one.kill() }
            try second.shareKey(from: first)
            let two = try await second.start()
            defer { two.kill() }

            async let firstDone: Void = Self.quoteAndCancel(one, times: 100)
            async let secondDone: Void = Self.quoteAndCancel(two, times: 100)
            _ = try await (firstDone, secondDone)

            let store = try first.store()
            let sales = try LaneTill.allSales(store)
            #expect(sales.count == 200)
            let quotes = sales.flatMap(\.quotes)
            #expect(quotes.count == 200, "one quote per sale")
            #expect(Set(quotes.map(\.address)).count == 200, "an address handed to two sales")
            var perLane: [String: Int] = [:]
            for sale in sales { perLane[try #require(try store.lanes(ofSale: sale.id)).madeOn, default: 0] += 1 }
            #expect(perLane == ["front-1": 100, "front-2": 100])
            #expect(sales.allSatisfy { $0.id.contains("front-1") || $0.id.contains("front-2") }, "sale ids show their lane")
            let derived = try await Self.independentAddresses(count: 300)
            for quote in quotes {
                let index = try #require(quote.derivationPath?.split(separator: "/").last.flatMap { Int($0) })
                #expect(derived[index] == quote.address, "index \(index): the till quoted \(quote.address)")
            }
            #expect(Set(quotes.compactMap { $0.derivationPath }).count == 200)
            try one.send(text: "q")
            try two.send(text: "q")
        }
    }

    /// Lanes front-1 and front-2 of a fresh ledger on the shared server and `node`, running in tmux with one install
    /// key (the second copies the first's once it made it), killed when `body` ends.
    static func withTwoLanes(_ node: RegtestNode, database prefix: String,
                             _ body: (LaneTill, TmuxSession, LaneTill, TmuxSession) async throws -> Void) async throws {
        let server = try await PostgresServer.shared()
        let url = server.url(database: try server.createDatabase(prefix: prefix))
        let first = try LaneTill(lane: "front-1", node: node, url: url)
        let second = try LaneTill(lane: "front-2", node: node, url: url)
        let one = try await first.start()
        defer { one.kill() }
        try second.shareKey(from: first)
        let two = try await second.start()
        defer { two.kill() }
        try await body(first, one, second, two)
    }

    @Test func aKilledLanesPaymentIsAdoptedPaidAndShownPaidWhenItReturns() async throws {
        try await RegtestNode.with { node in try await Self.withTwoLanes(node, database: "adopt") { first, one, second, two in

            // `till display --lane front-1`, run with lane B's till.toml, follows lane A's sale through the ledger.
            let display = try TmuxSession(command: [try LiveTill.binary, "display", "--config", second.configPath, "--lane", "front-1"],
                                          width: 100, height: 40, environment: ["TERM": "xterm-256color"])
            defer { display.kill() }
            _ = try await display.waitFor("Welcome to Lane Shop", timeout: .seconds(30))

            // Lane A: a sale paid into the mempool, seen on screen, then the till is killed -9.
            let quoted = try await RegtestPaymentTests.quoteFirstProduct(one)
            let customer = try await display.waitFor("Please pay exactly", timeout: .seconds(30))
            #expect(try QRScreenDecoder.decode(screen: customer) == quoted.uri, "the display's QR is lane A's")
            _ = try await node.send(to: quoted.payment.address, amount: try #require(quoted.payment.amount).plainDecimal)
            _ = try await one.waitFor("n next customer", timeout: .seconds(60))
            let saleID = quoted.saleID
            Glibc.kill(try one.programProcessID(), SIGKILL)
            let store = try second.store()
            #expect(try store.lanes(ofSale: saleID)?.watchedBy == "front-1")

            // Lane B adopts it once A's lease lapses (45 s), within a minute, and follows it to PAID.
            _ = try await two.waitFor("watching 1 sale(s) of a stopped till: \(saleID)", timeout: .seconds(90))
            #expect(try store.lanes(ofSale: saleID)?.watchedBy == "front-2")
            _ = try await node.generate(6)
            _ = try await two.waitFor("\(saleID) PAID", timeout: .seconds(60))
            #expect(try store.sale(id: saleID)?.status == .paid)
            #expect(try store.sale(id: saleID)?.payments.first?.confirmations ?? 0 >= 6)

            // A starts again: it takes its sale back and its manager screen lists it PAID.
            let again = try await first.start()
            defer { again.kill() }
            try await again.waitUntil(timeout: .seconds(30), "lane A to take its sale back") { _ in
                (try? store.lanes(ofSale: saleID)?.watchedBy) == "front-1"
            }
            _ = try await two.waitFor("\(saleID) went back to the till that made them", timeout: .seconds(60))
            try again.send(text: "m")
            let manager = try await again.waitFor(saleID, timeout: .seconds(30))
            let row = try #require(manager.split(separator: "\n").first { $0.contains(saleID) })
            #expect(row.lowercased().contains("paid"), "\(row)")
        } }
    }

    /// The blocks nobody watched: lane A saw one payment mined and another reach the mempool, then died; a block
    /// mined right after was read by lane B before it adopted A's sales. B must read the chain again from where A
    /// stopped (and from the block of the payment A saw mined) or both sales stay unpaid forever.
    @Test func paymentsMinedBeforeTheAdoptionAreFoundByTheAdoptingLane() async throws {
        try await RegtestNode.with { node in try await Self.withTwoLanes(node, database: "rescan") { first, one, second, two in
            let store = try second.store()

            // Sale 1: paid and mined while A runs; A records its first confirmation.
            let mined = try await HandOffRegtestTests.sellAndPay(one, node)
            try one.send(text: "n")
            _ = try await node.generate(1)
            _ = try await one.waitFor("\(mined) BTC 1/6", timeout: .seconds(60))
            // Sale 2: paid, seen in the mempool by A; then A is killed and the payment is mined at once.
            let pending = try await HandOffRegtestTests.sellAndPay(one, node)
            Glibc.kill(try one.programProcessID(), SIGKILL)
            _ = try await node.generate(1)
            try await Task.sleep(for: .seconds(3))  // B reads that block long before A's lease lapses (45 s)
            #expect(try store.sale(id: pending)?.payments.first?.confirmations == 0, "nobody watched sale 2's block")

            _ = try await two.waitFor("watching 2 sale(s) of a stopped till", timeout: .seconds(90))
            // Found again without a new block: sale 1 at 2 confirmations, sale 2 at 1.
            _ = try await two.waitFor("\(pending) BTC 1/6", timeout: .seconds(60))
            _ = try await node.generate(5)
            _ = try await two.waitFor("\(pending) PAID", timeout: .seconds(60))
            for id in [mined, pending] {
                let sale = try #require(try store.sale(id: id))
                #expect(sale.status == .paid, "\(id)")
                #expect(sale.payments.count == 1, "\(id): one payment, recorded once")
            }
            #expect(try store.sale(id: mined)?.payments.first?.confirmations ?? 0 >= 7)
        } }
    }

    /// The adopting lane dies before its watcher could read the chain again (its node was down at the adoption):
    /// at its next start nothing is adopted any more (the sale is already its own), yet it must still read again
    /// the block A's payment was mined in, or the sale waits forever for a payment already made.
    @Test func anAdoptingLaneKilledBeforeItsRescanReadsTheChainAgainAtItsNextStart() async throws {
        try await RegtestNode.with { node in try await Self.withTwoLanes(node, database: "rescankill") { first, one, second, two in
            let store = try second.store()
            let pending = try await HandOffRegtestTests.sellAndPay(one, node)
            Glibc.kill(try one.programProcessID(), SIGKILL)
            _ = try await node.generate(1)
            try await Task.sleep(for: .seconds(3))  // B reads that block while it does not watch sale's address
            await node.stop()
            _ = try await two.waitFor("watching 1 sale(s) of a stopped till", timeout: .seconds(90))
            #expect(try store.lanes(ofSale: pending)?.watchedBy == "front-2")
            Glibc.kill(try two.programProcessID(), SIGKILL)
            try await node.launch()

            let again = try await second.start()
            defer { again.kill() }
            // Restored as the lane's current sale (B last showed it): its payment's block is read again.
            _ = try await again.waitFor("restored sale \(pending)", timeout: .seconds(60))
            _ = try await again.waitFor("1/6 confirmations", timeout: .seconds(90))
            #expect(try store.sale(id: pending)?.payments.count == 1, "one payment, recorded once")
        } }
    }

    @Test func aRestartedServerIsShownOfflineLosesNothingAndTheLaneRecovers() async throws {
        try await RegtestNode.with { node in
            let server = try await OffPool.run { try PostgresServer() }
            defer { server.destroy() }
            let url = server.url(database: try server.createDatabase(prefix: "restart"))
            let lane = try LaneTill(lane: "front-1", node: node, url: url)
            let session = try await lane.start()
            defer { session.kill() }

            // A sale on screen, waiting for payment, when the server stops.
            let shown = try await RegtestPaymentTests.quoteFirstProduct(session)
            _ = try await OffPool.run { server.stop() }
            let offline = try await session.waitFor("LEDGER OFFLINE", timeout: .seconds(30))
            #expect(try QRScreenDecoder.decode(screen: offline) != nil, "the current sale's QR stays on screen")

            // The customer pays while the ledger is down: the watcher cannot record it yet, and must not forget it.
            _ = try await node.send(to: shown.payment.address, amount: try #require(shown.payment.amount).plainDecimal)
            try await Task.sleep(for: .seconds(3))
            #expect(!(try session.capture()).contains("n next customer"), "a payment shown before it was recorded")

            // Back within 5 s of the server (the till probes every second): the alert goes by itself, the payment is
            // recorded and then shown.
            try await OffPool.run { try server.start() }
            try await session.waitUntil(timeout: .seconds(15), "the alert to clear") { !$0.contains("LEDGER OFFLINE") }
            _ = try await session.waitFor("n next customer", timeout: .seconds(60))
            let store = try lane.store()
            let sale = try #require(try store.sale(id: shown.saleID))
            #expect(sale.currentQuote?.address == shown.payment.address, "the quoted sale is kept")
            #expect(!sale.payments.isEmpty, "the payment made while offline is recorded")
            #expect(!(try store.observations(forAddresses: [shown.payment.address])).isEmpty)
            try session.send(text: "n")
        }
    }
}
