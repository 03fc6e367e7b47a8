import Foundation
import Testing
import TillApp
import TillConfig
import TillCore
import TillTestSupport
import TillUI

/// The hand-off through the real runner in training (simulated chain): background routing, notices, receipts,
/// and sale numbers reserved only when a sale starts.
@Suite struct HandOffTrainingTests {
    let directory: TemporaryDirectory
    let inbox = Inbox()
    let runner: TillRunner

    init() throws {
        directory = try TemporaryDirectory(prefix: "till-handoff")
        runner = try TillLauncher.training(shop: ShopInfo(name: "Hand-off Shop", currency: .usd), catalog: try CatalogFile.sample(),
                                           cashier: "alice", inbox: inbox, log: FileLog(path: directory.file("till.log").path),
                                           receipts: ReceiptWriter(directory: directory.file("receipts")), now: Date(),
                                           database: directory.file("training.sqlite"))
        runner.restore()
    }

    /// Feeds the inbox (quotes, simulated chain) to the runner until `done` holds. It sleeps by awaiting: a
    /// blocked cooperative thread (two on a 2-core machine) starved the detached quote task.
    func pump(_ what: String, until done: (TillModel) -> Bool) async throws {
        // Generous: the quote is a task on the cooperative pool, which a full parallel run keeps busy.
        let deadline = Date().addingTimeInterval(120)
        while !done(runner.model) {
            guard Date() < deadline else {
                for event in inbox.drain() { runner.dispatch(event) }
                if done(runner.model) { return }
                throw TmuxSession.Failure(description: "never reached: \(what); the screen was:\n\(TillScreen.render(runner.model).text)")
            }
            for event in inbox.drain() { runner.dispatch(event) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    func key(_ key: Key) { runner.dispatch(.key(key)) }

    /// One product, checkout, Bitcoin (training offers three coins), the simulated customer pays.
    func sellAndPay() async throws -> String {
        key(.enter)
        key(.character("c"))
        key(.character("1"))
        try await pump("the quote") { $0.sale?.currentQuote != nil }
        let id = try #require(runner.model.sale?.id)
        key(.character("p"))
        try await pump("the payment seen") { $0.sale?.canHandOff == true }
        return id
    }

    @Test func aStartReservesNoSaleNumberAndTheFirstSaleGetsTheFirst() async throws {
        #expect(runner.model.nextSaleID == nil, "no number is reserved before a sale starts")
        key(.enter)
        let id = try #require(runner.model.sale?.id)
        #expect(id.hasSuffix("-0001"))
        #expect(runner.model.nextSaleID == nil, "nor one ahead of the next sale")
    }

    @Test func twoSalesHandedOffBecomePaidInTheBackgroundWithNoticesAndReceipts() async throws {
        let first = try await sellAndPay()
        key(.character("n"))
        #expect(runner.model.screen == .catalog && runner.model.inFlight.map(\.id) == [first])
        let second = try await sellAndPay()
        key(.character("n"))
        #expect(runner.model.inFlight.map(\.id) == [second, first])
        #expect(TillScreen.render(runner.model).text.contains("in flight: \(second) BTC 0/6 · \(first) BTC 0/6"))
        // A third customer; every block confirms all three.
        let third = try await sellAndPay()
        for _ in 1...5 { key(.character("b")) }
        try await pump("five confirmations") { $0.sale?.confirmations == 5 && $0.inFlight.allSatisfy { $0.confirmations == 5 } }
        key(.character("b"))
        try await pump("all three PAID") { $0.sale?.status == .paid && $0.inFlight.isEmpty }
        #expect(runner.model.sale?.id == third)
        let notice = try #require(runner.model.notice?.text)
        #expect(notice.contains("PAID ✓") && notice.contains("receipt written"), "\(notice)")
        for id in [first, second] {
            let receipt = try String(contentsOf: directory.file("receipts/\(id).txt"), encoding: .utf8)
            #expect(receipt.contains("PAID"))
        }
    }

    @Test func aSaleInFlightOpensAgainAndIsNotTickedTwice() async throws {
        let first = try await sellAndPay()
        key(.character("n"))
        key(.character("i"))
        #expect(runner.model.sale?.id == first && runner.model.screen == .payment)
        key(.character("b"))
        try await pump("one confirmation on screen") { $0.sale?.confirmations == 1 }
        key(.character("n"))
        #expect(runner.model.inFlight.first?.confirmations == 1)
        // The next customer's payment screen mines the next block (`b` is a training key of that screen only).
        let second = try await sellAndPay()
        key(.character("b"))
        try await pump("two confirmations in the background") { $0.inFlight.first { $0.id == first }?.confirmations == 2 }
        #expect(runner.model.sale?.id == second && runner.model.sale?.confirmations == 1)
    }
}
