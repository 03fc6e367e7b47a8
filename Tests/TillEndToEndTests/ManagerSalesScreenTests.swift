import Foundation
import Testing
import TillApp
import TillCore
import TillStore
import TillUI

/// The sales tab through the real runner, service and SQLite file: the list loads on the first tick, a coin
/// filter narrows it, Enter shows the sale's details, and an export's result comes back through the inbox.
@Suite struct ManagerSalesScreenTests {
    @Test func filterOpenDetailsAndExportThroughTheRunner() async throws {
        let harness = try ManagerSalesHarness()
        try harness.generate(120)
        var model = TillModel(shop: ShopInfo(name: "Test Shop", currency: .usd), cashier: "mia", training: false,
                              catalog: Catalog(currency: .usd, products: [ManagerSalesHarness.coffee]),
                              coins: [Asset.btc, .ltc, .eth].map { CoinOption(asset: $0, network: $0.id, policy: .defaults(for: $0)) },
                              now: Date(), size: TextSize(columns: 120, rows: 40))
        model.timeZone = ManagerSalesHarness.zone
        // The PIN screen (built elsewhere) opens the visit; here the visit is already open.
        model.screen = .manager
        model.manager.approver = "mia"
        // The runner keeps its own (empty) ledger: the generated sales are the manager's to browse, not open sales to restore.
        let ownSales = LedgerSales(store: try TillDatabase(path: harness.directory.file("runner.sqlite").path))
        let runner = TillRunner(model: model, sales: ownSales, quotes: try TrainingQuoteMaker(shopName: "Test Shop"), feeds: [:],
                                inbox: harness.inbox, log: FileLog(path: harness.directory.file("runner.log").path),
                                receipts: ReceiptWriter(directory: harness.directory.file("receipts")))
        runner.manager = harness.service
        let newestBTC = try #require(harness.expected(SalesFilter(assetID: "BTC")).first)
        let path = try #require(newestBTC.quotes.first?.derivationPath)
        let newest = try #require(harness.expected(SalesFilter()).first)
        let terminal = ScriptedTerminal(steps: [
            .on(newest.id, type: "c"),
            .on("Filter: coin BTC", .enter),
            .on("path \(path)", .escape),
            .on(newestBTC.id, type: "e"),
            .on("CSV or JSON?", type: "c"),
            .on("exported", .escape),
            .on("Products", type: "q"),
        ])
        #expect(await runOnOwnThread(runner, terminal) == 0)
        #expect(terminal.failure == nil, "\(terminal.failure ?? "")")
        let exports = try FileManager.default.contentsOfDirectory(atPath: harness.directory.file("exports").path)
        #expect(exports.count == 1 && exports[0].hasPrefix("sales-") && exports[0].hasSuffix(".csv"))
    }
}
