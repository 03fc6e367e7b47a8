import Foundation
import GRDB
import Testing
import TillCore
import TillStore
import TillTestSupport

/// A child process (`till-bench store-soak PATH`) writes sales in a loop; it is killed with SIGKILL mid-write three
/// times, and after each kill the reopened database must be sound and consistent.
@Suite struct KillTests {
    static var bench: URL { TestPeers.repositoryRoot.appendingPathComponent(".build/debug/till-bench") }

    @Test(.timeLimit(.minutes(3))) func killDashNineMidWriteLeavesTheDatabaseConsistent() throws {
        guard FileManager.default.isExecutableFile(atPath: Self.bench.path) else {
            Issue.record("\(Self.bench.path) is missing: build it first (`swift build --build-tests`, as `bash .ci/test` does)")
            return
        }
        let directory = try TemporaryDirectory(prefix: "till-kill")
        let path = directory.file("till.sqlite").path
        var reported = 0
        for round in 1...3 {
            reported = try runAndKill(path: path, until: reported + 60 + Int.random(in: 0..<60))
            try checkConsistency(path: path, reported: reported, rounds: round)
        }
    }

    /// Starts the soak, waits until it reports at least `target` finished iterations, lets it run on for a
    /// random moment and kills it; returns the last count it reported.
    func runAndKill(path: String, until target: Int) throws -> Int {
        let child = try Spawn.piped(Self.bench.path, ["store-soak", path], stdoutPipe: true)
        var last = 0
        while last < target {
            guard let line = child.readLine() else { break }  // the child died on its own
            if let number = Int(line) { last = number }
        }
        usleep(UInt32.random(in: 0..<20_000))
        child.signal(SIGKILL)
        let outcome = child.awaitExit()
        // Whatever it printed before dying was committed.
        while let line = child.readLine() { if let number = Int(line) { last = max(number, last) } }
        #expect(outcome == .signalled(SIGKILL), "the soak exited by itself before the kill")
        #expect(last >= target)
        return last
    }

    func checkConsistency(path: String, reported: Int, rounds: Int) throws {
        let database = try TillDatabase(path: path, timeZone: TimeZone(identifier: "UTC")!)
        #expect(try database.integrityCheck() == ["ok"])
        // Whatever transaction the kill cut short counted nothing in the running totals.
        #expect(try database.runningTotalsDifferences() == [:])
        try database.pool.read { db in
            #expect(try Row.fetchAll(db, sql: "PRAGMA foreign_key_check").isEmpty)
            let sales = try Row.fetchAll(db, sql: "SELECT id, status, document FROM sales JOIN sale_documents ON sale_id = id")
            #expect(try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sales") == sales.count, "a sale without its document")
            // Each finished iteration left a sale; the one being written when killed may be there too.
            #expect(sales.count >= reported && sales.count <= reported + 1)
            var awaiting = 0
            for row in sales {
                let id: String = row["id"]
                let sale = try SaleCodec.decode(row["document"] as Data)
                #expect(sale.status.rawValue == row["status"] as String)
                func count(_ table: String) throws -> Int {
                    try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table) WHERE sale_id = ?", arguments: [id]) ?? -1
                }
                #expect(try count("sale_lines") == sale.cart.lines.count, "lines of \(id)")
                #expect(try count("quotes") == sale.quotes.count, "quotes of \(id)")
                #expect(try count("payments") == sale.payments.count, "payments of \(id)")
                #expect(try count("sale_transitions") == sale.history.count, "transitions of \(id)")
                if sale.status == .awaitingPayment { awaiting += 1 }
                #expect(try count("outbox") == (sale.status == .awaitingPayment ? 2 : 5), "outbox of \(id)")
                let address = try String.fetchOne(db, sql: "SELECT address FROM addresses WHERE sale_id = ?",
                                                  arguments: [id])
                #expect(address != nil && address == sale.currentQuote?.address, "address of \(id)")
            }
            // Only a sale caught between its quote and its final state may still be awaiting: one per kill.
            #expect(awaiting <= rounds)
            let addresses = try Row.fetchOne(db, sql: """
                SELECT COUNT(*), COUNT(DISTINCT address), COUNT(DISTINCT idx), MIN(idx), MAX(idx) FROM addresses
                """)!
            #expect(addresses[0] as Int == sales.count && addresses[1] as Int == sales.count
                    && addresses[2] as Int == sales.count && addresses[3] as Int == 0
                    && addresses[4] as Int == sales.count - 1)
            // The soak allocates from one wallet only.
            let next = try Int.fetchAll(db, sql: "SELECT next_index FROM wallet_address_index")
            #expect(next == [sales.count])
            // Stock moved exactly once per paid sale, in the same transaction as the sale.
            let stock = try Row.fetchAll(db, sql: """
                SELECT p.id, p.stock, p.catalog_stock - COALESCE((SELECT SUM(l.quantity) FROM sale_lines l
                    JOIN sales s ON s.id = l.sale_id WHERE s.status = 'paid' AND l.product_id = p.id), 0) AS expected
                FROM products p WHERE p.stock IS NOT NULL
                """)
            #expect(stock.count == 2)
            for row in stock { #expect(row["stock"] as Int == row["expected"] as Int, "stock of \(row["id"] as String)") }
            let soldIDs = Set(sales.map { $0["id"] as String })
            #expect(soldIDs.count == sales.count)
        }
    }
}
