import Foundation
import Testing
import TillCore
@testable import TillUI

/// The sales tab as a pure model: keys → state and effects, keyset paging, filters, totals, details, export.
@Suite struct SalesTabTests {
    typealias F = SalesTabFixtures

    /// A tab opened on `all` with its first page served.
    func opened(_ all: [SalesRow], _ context: ManagerContext = F.context()) -> SalesTab {
        var tab = SalesTab()
        let effects = tab.opened(context)
        _ = F.serve(&tab, effects, all: all, context)
        return tab
    }

    @Test func openingLoadsTheFirstPageAndTheTotals() {
        var tab = SalesTab()
        let effects = tab.opened(F.context())
        #expect(effects == [.loadPage(SalesFilter(), after: nil, limit: SalesTab.pageSize), .loadTotals(SalesFilter(), .day)])
        #expect(tab.loaded == false && tab.rows.isEmpty)
        let all = F.rows(250)
        _ = F.serve(&tab, effects, all: all, F.context())
        #expect(tab.loaded && tab.rows == Array(all.prefix(SalesTab.pageSize)))
        #expect(tab.next == F.cursor(all[SalesTab.pageSize - 1]))
    }

    @Test func scrollingLoadsPagesOnlyNearTheEndAndReachesEverySaleOnce() {
        let all = F.rows(1_000)
        let context = F.context(TextSize(columns: 80, rows: 24))
        var tab = opened(all, context)
        let visible = SalesLayout(context).listRows
        var pagesAsked = 1
        for step in 1..<all.count {
            let effects = tab.key(.down, context) ?? []
            pagesAsked += F.serve(&tab, effects, all: all, context)
            #expect(tab.selection == step)
            // Never everything: at most one page beyond the prefetch margin is loaded.
            #expect(tab.rows.count <= max(SalesTab.pageSize, step + SalesTab.prefetchMargin + SalesTab.pageSize))
            #expect(tab.top <= tab.selection && tab.selection < tab.top + visible)
        }
        #expect(tab.rows == all, "every sale exactly once, in order")
        #expect(pagesAsked == 10 && tab.next == nil)
        #expect(tab.key(.down, context) == [] && tab.selection == all.count - 1)
        _ = tab.key(.home, context)
        #expect(tab.selection == 0 && tab.top == 0)
    }

    @Test func pageKeysMoveByTheVisibleRowsAndStayInRange() {
        let context = F.context(TextSize(columns: 80, rows: 24))
        var tab = opened(F.rows(40), context)
        let step = SalesLayout(context).listRows - 1
        _ = tab.key(.pageDown, context)
        #expect(tab.selection == step && tab.top == 0)
        _ = tab.key(.pageDown, context)
        _ = tab.key(.pageDown, context)
        _ = tab.key(.pageDown, context)
        #expect(tab.selection == 39)
        _ = tab.key(.pageUp, context)
        #expect(tab.selection == 39 - step && tab.top == tab.selection)
        _ = tab.key(.up, context)
        #expect(tab.selection == 38 - step)
    }

    @Test func stalePagesAreIgnored() {
        let all = F.rows(300)
        let context = F.context()
        var tab = opened(all, context)
        _ = tab.key(.character("c"), context)
        // A page for the old filter arrives late: the new (empty, loading) list must not take it.
        _ = tab.handle(.page(SalesFilter(), after: nil, F.page(all, after: nil, limit: 100)), context)
        #expect(tab.rows.isEmpty && !tab.loaded)
        // A continuation that is not the one asked for is dropped too.
        let btc = F.rows(300, tab.filter)
        _ = F.serve(&tab, [.loadPage(tab.filter, after: nil, limit: 100)], all: btc, context)
        _ = tab.handle(.page(tab.filter, after: F.cursor(btc[10]), F.page(btc, after: F.cursor(btc[10]), limit: 100)), context)
        #expect(tab.rows == btc)
    }

    @Test func coinAndStatusCycleAndEachChangeReloads() {
        let context = F.context()
        var tab = opened(F.rows(50), context)
        var seen: [String?] = []
        for _ in 0..<4 {
            let effects = tab.key(.character("c"), context)
            #expect(effects == [.loadPage(tab.filter, after: nil, limit: 100), .loadTotals(tab.filter, .day)])
            seen.append(tab.filter.assetID)
        }
        #expect(seen == ["BTC", "LTC", "ETH", nil])
        var statuses: [SaleStatus?] = []
        for _ in 0...SaleStatus.allCases.count {
            _ = tab.key(.character("s"), context)
            statuses.append(tab.filter.status)
        }
        #expect(statuses == SaleStatus.allCases.map(Optional.some) + [nil])
        _ = tab.key(.character("s"), context)
        _ = tab.key(.character("c"), context)
        #expect(tab.filter.summary == "coin BTC · status building")
        #expect(tab.key(.character("r"), context) == [.loadPage(SalesFilter(), after: nil, limit: 100), .loadTotals(SalesFilter(), .day)])
        #expect(tab.filter.isEmpty && tab.filter.summary == "all sales")
        #expect(tab.key(.character("r"), context) == [], "nothing to clear")
    }

    @Test func typedDaysAreCheckedAndWhileTypingEveryKeyIsTheFields() {
        let context = F.context()
        var tab = opened(F.rows(20), context)
        #expect(tab.key(.character("f"), context) == [])
        for key: Key in [.character("2"), .character("0"), .character("2"), .character("6"), .character("x"), .character("-"),
                         .character("0"), .character("2"), .character("-"), .character("3"), .character("0")] {
            #expect(tab.key(key, context) == [], "the field consumes \(key.name)")
        }
        #expect(tab.key(.tab, context) == [] && tab.key(.character("m"), context) == [])
        #expect(tab.mode == .editing(.from, TextField("2026-02-30", limit: 10, allowed: .date)))
        #expect(tab.key(.enter, context) == [])
        #expect(tab.message?.kind == .error && tab.message?.text.contains("2026-02-30 is not a day") == true)
        if case .editing = tab.mode {} else { Issue.record("a refused day keeps the field open") }
        _ = tab.key(.backspace, context)
        _ = tab.key(.backspace, context)
        _ = tab.key(.character("2"), context)
        _ = tab.key(.character("8"), context)
        #expect(tab.key(.enter, context) == [.loadPage(SalesFilter(from: "2026-02-28"), after: nil, limit: 100),
                                               .loadTotals(SalesFilter(from: "2026-02-28"), .day)])
        #expect(tab.mode == .list && tab.message == nil)
        // A "to" before "from" is refused; Esc leaves the filter as it was.
        _ = tab.key(.character("t"), context)
        for character in "2026-01-31" { _ = tab.key(.character(character), context) }
        #expect(tab.key(.enter, context) == [] && tab.message?.text == "from 2026-02-28 is after to 2026-01-31")
        #expect(tab.key(.escape, context) == [] && tab.mode == .list && tab.filter == SalesFilter(from: "2026-02-28"))
        // Cashier is typed; an empty field clears what it filtered.
        _ = tab.key(.character("u"), context)
        for character in "bob" { _ = tab.key(.character(character), context) }
        _ = tab.key(.enter, context)
        #expect(tab.filter == SalesFilter(from: "2026-02-28", cashier: "bob"))
        #expect(tab.filter.summary == "from 2026-02-28 · cashier bob")
        _ = tab.key(.character("f"), context)
        for _ in 0..<10 { _ = tab.key(.backspace, context) }
        _ = tab.key(.enter, context)
        #expect(tab.filter == SalesFilter(cashier: "bob"))
    }

    @Test(arguments: [("2026-11-25", true), ("2024-02-29", true), ("2026-02-29", false), ("2026-13-01", false),
                      ("2026-11-31", false), ("2026-1-05", false), ("20261125", false), ("2000-02-29", true), ("1900-02-29", false)])
    func dayTexts(_ text: String, _ valid: Bool) {
        #expect(SalesDay.isValid(text) == valid)
    }

    @Test func groupingCyclesAndTotalsFollowTheFilterAndGrouping() {
        let context = F.context()
        var tab = opened(F.rows(5), context)
        #expect(tab.key(.character("g"), context) == [.loadTotals(SalesFilter(), .coin)])
        #expect(tab.key(.character("g"), context) == [.loadTotals(SalesFilter(), .cashier)])
        #expect(tab.key(.character("g"), context) == [.loadTotals(SalesFilter(), .lane)])
        #expect(tab.key(.character("g"), context) == [.loadTotals(SalesFilter(), .day)])
        _ = tab.handle(.totals(SalesFilter(), .coin, F.totals), context)
        #expect(tab.totals.isEmpty, "totals for another grouping are not shown")
        _ = tab.handle(.totals(SalesFilter(), .day, F.totals), context)
        #expect(tab.totals == F.totals)
        let all = SalesTotalsText.all(tab.totals, currency: .usd)
        #expect(all.count == 8 && all.fiat.minor == 4_525)
        #expect(all.coins.map(\.due.units) == [6_600, 1_200_000] && all.coins.map(\.received.units) == [5_500, 0])
    }

    @Test func ticksRefreshEveryFewSecondsAndTheListOnlyWhileOnlyItsFirstPageIsLoaded() {
        let all = F.rows(500)
        var context = F.context()
        var tab = opened(all, context)
        context.now = F.now.addingTimeInterval(2)
        #expect(tab.tick(context) == [])
        context.now = F.now.addingTimeInterval(5)
        #expect(tab.tick(context) == [.loadPage(SalesFilter(), after: nil, limit: 100), .loadTotals(SalesFilter(), .day)])
        context.now = F.now.addingTimeInterval(7)
        #expect(tab.tick(context) == [])
        for _ in 0..<90 { _ = F.serve(&tab, tab.key(.down, context) ?? [], all: all, context) }
        #expect(tab.rows.count == 200)
        // The totals asked for at +5 s have not come back: no second request piles up behind them.
        context.now = F.now.addingTimeInterval(11)
        #expect(tab.tick(context) == [] && tab.totalsPending)
        _ = tab.handle(.totals(SalesFilter(), .day, F.totals), context)
        #expect(!tab.totalsPending && tab.totals == F.totals)
        context.now = F.now.addingTimeInterval(17)
        #expect(tab.tick(context) == [.loadTotals(SalesFilter(), .day)])
        // A refreshed first page keeps the selected sale selected when new sales arrive on top.
        var small = opened(all, context)
        for _ in 0..<3 { _ = small.key(.down, context) }
        let selected = small.rows[3].id
        let newer = [F.row(0)].map { row in
            SalesRow(id: "S-20261125-9999X", cashier: row.cashier, openedAt: row.openedAt.addingTimeInterval(60), status: .paid,
                     flags: [], fiat: row.fiat, coinDue: row.coinDue, coinReceived: row.coinDue, refunded: false)
        }
        _ = small.handle(.page(SalesFilter(), after: nil, F.page(newer + all, after: nil, limit: 100)), context)
        #expect(small.rows[small.selection].id == selected && small.selection == 4)
    }

    @Test func enterShowsDetailsThatScrollAndEscReturnsToTheList() {
        let context = F.context(TextSize(columns: 80, rows: 24))
        var tab = opened(F.rows(10), context)
        _ = tab.key(.down, context)
        #expect(tab.key(.enter, context) == [.loadDetails(saleID: F.row(1).id)])
        #expect(tab.mode == .details(saleID: F.row(1).id) && tab.details == nil)
        let details = F.details()
        _ = tab.handle(.details(SalesDetails(sale: details.sale, refunds: [])), context)
        #expect(tab.details == nil, "details of another sale are not shown")
        tab.mode = .details(saleID: details.sale.id)
        _ = tab.handle(.details(details), context)
        #expect(tab.details == details)
        let count = SalesDetailLines.lines(details, context, width: 78).count
        let last = count - SalesLayout(context).detailRows
        #expect(last > 0, "the fixture is longer than a 24-row screen")
        _ = tab.key(.down, context)
        _ = tab.key(.down, context)
        #expect(tab.detailsTop == 2)
        _ = tab.key(.end, context)
        #expect(tab.detailsTop == last)
        _ = tab.key(.pageDown, context)
        #expect(tab.detailsTop == last)
        _ = tab.key(.home, context)
        #expect(tab.detailsTop == 0)
        #expect(tab.key(.character("m"), context) == [], "m does not leave the screen from the details")
        #expect(tab.key(.tab, context) == nil)
        #expect(tab.key(.escape, context) == [] && tab.mode == .list && tab.selection == 1)
    }

    @Test func detailsThatFailToLoadGoBackToTheListWithTheReason() {
        let context = F.context()
        var tab = opened(F.rows(3), context)
        _ = tab.key(.enter, context)
        _ = tab.handle(.failed("no sale with id S-20261125-9999"), context)
        #expect(tab.mode == .list && tab.message == Notice("no sale with id S-20261125-9999", .error))
    }

    @Test func detailLinesShowQuotePathPaymentsRefundsAndHistory() {
        let lines = SalesDetailLines.lines(F.details(), F.context(), width: 1_000).map(\.text)
        let text = lines.joined(separator: "\n")
        #expect(lines[0] == "Sale S-20261125-0042 · paid · cashier alice · opened 2026-11-25 11:00:00")
        #expect(text.contains("2 × Flat white (COF-1) @ $4.50 = $9.00"))
        #expect(text.contains("rate 64123.45 USD/BTC from median of 3 at 2026-11-25 11:00:25"))
        #expect(text.contains("address bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh · path m/84'/0'/0'/0/17"))
        #expect(text.contains("txid \(String(repeating: "c3", count: 32)):1"))
        #expect(text.contains("confirmed, 6 confirmations"))
        #expect(text.contains("block 871234 0000000000000000000215e4"))
        #expect(text.contains("2026-11-25 11:59:00 0.00005000 BTC by mia · croissant was stale"))
        let history = F.details().sale.history
        #expect(history.count >= 3)
        for change in history {
            #expect(text.contains("\(SalesText.time(change.at, F.zone, seconds: true))  \(SalesText.status(change.from)) → \(SalesText.status(change.to))  \(change.reason)"))
        }
    }

    @Test func exportAsksForTheFormatAndDefaultsToThisMonth() {
        let context = F.context()
        var tab = opened(F.rows(3), context)
        #expect(tab.key(.character("e"), context) == [])
        #expect(tab.mode == .exporting(from: "2026-11-01", to: "2026-11-30"))
        #expect(tab.key(.character("x"), context) == [] && tab.key(.character("m"), context) == [])
        #expect(tab.key(.escape, context) == [] && tab.mode == .list)
        _ = tab.key(.character("f"), context)
        for character in "2026-11-20" { _ = tab.key(.character(character), context) }
        _ = tab.key(.enter, context)
        _ = tab.key(.character("e"), context)
        #expect(tab.mode == .exporting(from: "2026-11-20", to: "2026-11-30"))
        #expect(tab.key(.character("j"), context) == [.export(from: "2026-11-20", to: "2026-11-30", format: .json, at: F.now)])
        #expect(tab.exportRunning && tab.mode == .list)
        _ = tab.handle(.failed("export failed: disk full"), context)
        #expect(!tab.exportRunning && tab.message == Notice("export failed: disk full", .error))
        // A one-sided filter outside this month still gives a range the right way round.
        _ = tab.key(.character("f"), context)
        for _ in 0..<10 { _ = tab.key(.backspace, context) }
        _ = tab.key(.enter, context)
        _ = tab.key(.character("t"), context)
        for character in "2026-09-15" { _ = tab.key(.character(character), context) }
        _ = tab.key(.enter, context)
        _ = tab.key(.character("e"), context)
        #expect(tab.mode == .exporting(from: "2026-09-15", to: "2026-09-15"))
        _ = tab.key(.enter, context)
        #expect(tab.exportRunning && tab.mode == .list)
        _ = tab.key(.character("e"), context)
        #expect(tab.mode == .list && tab.message?.text == "an export is already running")
        _ = tab.handle(.exported(SalesExportResult(path: "/data/exports/sales-2026-11-20-2026-11-30.json", sales: 12, payments: 9)), context)
        #expect(!tab.exportRunning)
        #expect(tab.message == Notice("exported 12 sales, 9 payments to /data/exports/sales-2026-11-20-2026-11-30.json", .success))
    }

    @Test(arguments: [("2026-02-10T12:00:00Z", "2026-02-01", "2026-02-28"), ("2028-02-10T12:00:00Z", "2028-02-01", "2028-02-29"),
                      ("2026-12-31T23:30:00Z", "2026-12-01", "2026-12-31")])
    func thisMonth(_ instant: String, _ first: String, _ last: String) throws {
        let date = try #require(ISO8601DateFormatter().date(from: instant))
        let month = SalesDay.month(of: date, F.zone)
        #expect(month.first == first && month.last == last)
    }

    @Test func theManagerScreenGivesTheTabItsKeysFirst() throws {
        var model = TillModel(shop: ShopInfo(name: "Shop", currency: .usd), cashier: "mia", training: false,
                              catalog: Catalog(currency: .usd, products: [F.flatWhite]), coins: [], now: F.now, size: TextSize(columns: 80, rows: 24))
        let effects = model.openManager(approver: "mia", onBehalfOf: nil)
        #expect(effects == [.manager(.sales(.loadPage(SalesFilter(), after: nil, limit: 100))), .manager(.sales(.loadTotals(SalesFilter(), .day)))])
        _ = model.handle(.key(.character("u")))
        #expect(model.handle(.key(.escape)) == [] && model.screen == .manager, "Esc closes the field, not the screen")
        _ = model.handle(.key(.tab))
        #expect(model.manager.tab == .exceptions)
        _ = model.handle(.key(.backTab))
        #expect(model.manager.tab == .sales)
        #expect(model.handle(.key(.escape)) == [.manager(.closed)] && model.screen != .manager)
    }
}
