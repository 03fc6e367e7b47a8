import Foundation
import Testing
import TillApp
import TillConfig
import TillCore
import TillTestSupport
import TillUI

/// The whole cashier flow in training mode, through the real runner and screens (no ncurses).
@Suite struct TrainingFlowTests {
    @Test func sellALaptopInTraining() async throws {
        let directory = try TemporaryDirectory()
        let catalog = try CatalogFile.sample()
        let inbox = Inbox()
        let runner = try TillLauncher.training(shop: ShopInfo(name: "Test Shop", currency: .usd), catalog: catalog, cashier: "alice",
                                               inbox: inbox, log: FileLog(path: directory.file("till.log").path),
                                               receipts: ReceiptWriter(directory: directory.file("receipts")), now: Date(),
                                               database: directory.file("training.sqlite"))
        let terminal = ScriptedTerminal(steps: [
            .on("Products", type: "/"),
            .on("search:", type: "l"), .on("search: l", type: "a"), .on("search: la", type: "p"),
            .on("search: lap", .enter),
            .on("Laptop", .enter),
            .on("Total", type: "c"),
            // One coin skips the picker; with more, "1" picks the first (on the payment screen it does nothing).
            .on("BTC", type: "1"),
            .on("Waiting for payment", type: "p"),
            .on("Payment seen", type: "b"),
            .on("1/6 confirmations", type: "b"), .on("2/6", type: "b"), .on("3/6", type: "b"), .on("4/6", type: "b"),
            .on("5/6", type: "b"),
            .on("PAID", .enter),
            .on("Receipt", type: "w"),
            .on("receipt written", .enter),
            .on("Products", type: "q"),
        ])
        #expect(await runOnOwnThread(runner, terminal) == 0)
        #expect(terminal.failure == nil, "\(terminal.failure ?? "")")
        let receipts = try FileManager.default.contentsOfDirectory(atPath: directory.file("receipts").path)
        #expect(receipts.count == 1)
        let receipt = try String(contentsOf: directory.file("receipts").appendingPathComponent(receipts[0]), encoding: .utf8)
        #expect(receipt.contains("PAID"))
        #expect(receipt.contains("Laptop"))
    }

    @Test func escapeAsksBeforeCancellingAPendingPayment() async throws {
        let directory = try TemporaryDirectory()
        let runner = try TillLauncher.training(shop: ShopInfo(name: "Test Shop", currency: .usd), catalog: try CatalogFile.sample(),
                                               cashier: "bob", inbox: Inbox(), log: FileLog(path: directory.file("till.log").path),
                                               receipts: ReceiptWriter(directory: directory.file("receipts")), now: Date(),
                                               database: directory.file("training.sqlite"))
        let terminal = ScriptedTerminal(steps: [
            .on("Products", .enter),
            .on("Total", type: "c"),
            .on("BTC", type: "1"),
            .on("Waiting for payment", type: "q"),
            .on("Quit anyway?", type: "n"),
            .on("Waiting for payment", .escape),
            .on("Cancel this sale?", type: "y"),
            .on("sale cancelled", type: "q"),
        ])
        #expect(await runOnOwnThread(runner, terminal) == 0)
        #expect(terminal.failure == nil, "\(terminal.failure ?? "")")
    }
}
