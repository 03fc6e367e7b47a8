import Foundation
import Testing
import TillConfig
import TillCore
@testable import TillUI

/// The sales tab rendered to text with fixed data and compared with Snapshots/sales-*.txt
/// (TILL_RECORD_SNAPSHOTS=1 records; a missing file is written and the test fails until reviewed).
@Suite struct SalesTabSnapshotTests {
    typealias F = SalesTabFixtures

    static func model(_ size: TextSize) -> TillModel {
        let coins = [Asset.btc, .ltc, .eth].map { CoinOption(asset: $0, network: "\($0.id) main", policy: .defaults(for: $0)) }
        var model = TillModel(shop: ShopInfo(name: "Snapshot Shop", currency: .usd), cashier: "mia", training: false,
                              catalog: Catalog(currency: .usd, products: [F.flatWhite]), coins: coins, now: F.now, size: size)
        model.timeZone = F.zone
        _ = model.openManager(approver: "mia", onBehalfOf: nil)
        return model
    }

    /// The list: 300 sales, the first page loaded, the fourth row selected, totals by day, BTC filtered out of nothing.
    static func list(_ size: TextSize) -> TillModel {
        var model = model(size)
        let context = model.managerContext
        let all = F.rows(300)
        _ = F.serve(&model.manager.sales, [.loadPage(SalesFilter(), after: nil, limit: 100)], all: all, context)
        _ = model.manager.sales.handle(.totals(SalesFilter(), .day, F.totals), context)
        for _ in 0..<3 { _ = model.handle(.key(.down)) }
        return model
    }

    static func details(_ size: TextSize) -> TillModel {
        var model = list(size)
        let details = F.details()
        model.manager.sales.mode = .details(saleID: details.sale.id)
        _ = model.manager.sales.handle(.details(details), model.managerContext)
        return model
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test(arguments: [("sales-list", TextSize(columns: 120, rows: 40)), ("sales-list", TextSize(columns: 80, rows: 24)),
                      ("sales-details", TextSize(columns: 120, rows: 40)), ("sales-details", TextSize(columns: 80, rows: 24))])
    func salesTabMatchesItsSnapshot(_ name: String, _ size: TextSize) throws {
        let model = name == "sales-list" ? Self.list(size) : Self.details(size)
        let text = TillScreen.render(model).text + "\n"
        let file = Self.directory.appendingPathComponent("\(name)-\(size.columns)x\(size.rows).txt")
        guard let expected = try? String(contentsOf: file, encoding: .utf8),
              ProcessInfo.processInfo.environment["TILL_RECORD_SNAPSHOTS"] == nil else {
            try Data(text.utf8).write(to: file)
            Issue.record("recorded \(file.lastPathComponent): review it and run again")
            return
        }
        #expect(text == expected, "\(name) at \(size) differs from \(file.lastPathComponent)")
    }

    /// Every role the tab draws in is visible in every shipped theme.
    @Test(arguments: ["dark", "light", "high-contrast"])
    func everyThemeShowsTheTab(_ themeName: String) throws {
        let theme = try #require(ThemeFile.builtIn(themeName))
        var editing = Self.list(TextSize(columns: 80, rows: 24))
        for key: Key in [.character("f"), .character("2"), .enter] { _ = editing.handle(.key(key)) }
        for model in [Self.list(TextSize(columns: 120, rows: 40)), Self.details(TextSize(columns: 80, rows: 24)), editing] {
            for cell in TillScreen.render(model).cells where cell.grapheme != " " {
                let pair = theme.pair(cell.style.role)
                #expect(pair.foreground != pair.background, "\(themeName): \(cell.style.role) invisible")
            }
        }
        #expect(TillScreen.render(editing).text.contains("2 is not a day: type YYYY-MM-DD"))
    }

    @Test func narrowScreensKeepEveryKeyAndWrapLongDetails() {
        let list = TillScreen.render(Self.list(TextSize(columns: 80, rows: 24))).text
        for hint in ["Enter open", "f/t days", "c coin", "s status", "u/l cashier/lane", "r clear", "g sums", "e export"] {
            #expect(list.contains(hint), "key hint \(hint) at 80 columns")
        }
        let details = SalesDetailLines.lines(F.details(), F.context(TextSize(columns: 80, rows: 24)), width: 78)
        #expect(details.allSatisfy { DisplayWidth.of($0.text) <= 78 })
        let joined = details.map(\.text).joined(separator: "\n")
        #expect(joined.contains("m/84'/0'/0'/0/17") && joined.contains("confirmed, 6 confirmations"))
    }

    @Test func theListShowsEveryColumnAndTheSelectedRow() {
        let canvas = TillScreen.render(Self.list(TextSize(columns: 120, rows: 40)))
        let lines = canvas.lines
        let heading = lines.first { $0.contains("coin amount") } ?? ""
        for title in ["time", "sale", "cashier", "coin", "amount", "status", "flags"] {
            #expect(heading.contains(title), "column \(title)")
        }
        let selected = F.row(3)
        guard let row = lines.firstIndex(where: { $0.contains(selected.id) }) else {
            Issue.record("the selected sale is not on screen")
            return
        }
        #expect(canvas[2, row].style.role == .selection)
        #expect(lines[row].contains("2026-11-25 11:39") && lines[row].contains("$5.25") && lines[row].contains("paid"))
        #expect(lines[row].contains("0.00001111"))
        #expect(canvas.text.contains("Filter: all sales"))
        #expect(canvas.text.contains("Totals by day · 8 sales · $45.25 · BTC 0.000066 due 0.000055 in · LTC 0.012 due 0 in"))
        #expect(canvas.text.contains("sale 4 of 100+ loaded"))
    }
}
