import Foundation
import Testing
@testable import TillConfig
import TillCore
import TillManager
import TillStore
import TillUI

/// The sales tab's service half on a real SQLite file: pages, filters, totals, details and the export.
@Suite struct ManagerSalesServiceTests {
    typealias H = ManagerSalesHarness

    /// Every row of `filter`, page after page of `limit`, through the service's keyset cursor.
    func allPages(_ harness: H, _ filter: SalesFilter, limit: Int) throws -> (rows: [SalesRow], pages: Int) {
        var rows: [SalesRow] = [], after: SalesCursor?, pages = 0
        repeat {
            let events = harness.perform(.loadPage(filter, after: after, limit: limit))
            guard case .page(let echoed, let echoedAfter, let page)? = events.first, events.count == 1 else {
                throw TestFailure("expected one page for \(filter), got \(events)")
            }
            #expect(echoed == filter && echoedAfter == after)
            #expect(page.rows.count <= limit)
            rows += page.rows
            after = page.next
            pages += 1
        } while after != nil && pages < 1_000
        return (rows, pages)
    }

    static let filters: [SalesFilter] = [
        SalesFilter(),
        SalesFilter(from: "2026-11-22", to: "2026-11-22"),
        SalesFilter(from: "2026-11-24"),
        SalesFilter(to: "2026-11-21"),
        SalesFilter(assetID: "LTC"),
        SalesFilter(status: .paid),
        SalesFilter(cashier: "bob"),
        SalesFilter(from: "2026-11-21", to: "2026-11-25", assetID: "BTC", status: .paid, cashier: "carol"),
        SalesFilter(cashier: "nobody"),
    ]

    @Test func filtersAndPagingReturnExactlyTheRightRows() throws {
        let harness = try H()
        try harness.generate(420)
        for filter in Self.filters {
            let expected = harness.expected(filter)
            let (rows, pages) = try allPages(harness, filter, limit: 37)
            #expect(rows.map(\.id) == expected.map(\.id), "rows of \(filter.summary)")
            #expect(pages == max(1, (expected.count + 36) / 37), "pages of \(filter.summary)")
        }
        // Rows carry what the list shows, straight from the sale.
        let (rows, _) = try allPages(harness, SalesFilter(), limit: 100)
        for row in rows {
            let sale = try #require(harness.sales.first { $0.id == row.id })
            #expect(row.cashier == sale.cashier && row.status == sale.status && row.flags == sale.flags)
            #expect(row.fiat == sale.cart.total && row.coinDue == sale.totalDue && row.openedAt == sale.openedAt)
            #expect(row.coinReceived == sale.received)
            #expect(!row.refunded)
        }
    }

    @Test func aLocalDayIsTheShopsDayNotUTCs() throws {
        let harness = try H()
        // 22:59:59 UTC on the 21st is 23:59:59 in Berlin (the 21st); 23:00:00 UTC is already the 22nd there.
        let eleven = try #require(ISO8601DateFormatter().date(from: "2026-11-21T22:59:59Z"))
        try harness.save(id: "S-LATE", cashier: "alice", at: eleven, status: .paid, asset: .btc, coffees: 1)
        try harness.save(id: "S-MIDNIGHT", cashier: "alice", at: eleven.addingTimeInterval(1), status: .paid, asset: .btc, coffees: 1)
        #expect(try allPages(harness, SalesFilter(from: "2026-11-21", to: "2026-11-21"), limit: 10).rows.map(\.id) == ["S-LATE"])
        #expect(try allPages(harness, SalesFilter(from: "2026-11-22"), limit: 10).rows.map(\.id) == ["S-MIDNIGHT"])
    }

    @Test func totalsMatchHandComputedFigures() async throws {
        let harness = try H()
        let at = H.start.addingTimeInterval(3_600)  // 2026-11-20 02:00 in Berlin
        // By hand: $4.50 at 50,000 USD/BTC is 0.00009 BTC = 9,000 sat; $9.00 is 18,000 sat; $13.50 at 80 USD/LTC is
        // 0.16875 LTC = 16,875,000 litoshi.
        try harness.save(id: "A", cashier: "alice", at: at, status: .paid, asset: .btc, coffees: 1, overpay: 500)
        try harness.save(id: "B", cashier: "bob", at: at.addingTimeInterval(60), status: .expired, asset: .btc, coffees: 2)
        try harness.save(id: "C", cashier: "alice", at: at.addingTimeInterval(86_400), status: .paid, asset: .ltc, coffees: 3)
        try harness.save(id: "D", cashier: "bob", at: at.addingTimeInterval(86_460), status: .building, asset: .btc, coffees: 4)
        func btc(_ units: String) throws -> CoinAmount { try CoinAmount(parsing: units, asset: .btc) }
        func ltc(_ units: String) throws -> CoinAmount { try CoinAmount(parsing: units, asset: .ltc) }
        func usd(_ minor: Int64) -> FiatAmount { FiatAmount(minor: minor, currency: .usd) }

        #expect(try await harness.totals(SalesFilter(), .coin) == [
            SalesTotalsRow(label: "(no coin)", count: 1, fiat: usd(1_800), coins: []),
            SalesTotalsRow(label: "BTC", count: 2, fiat: usd(1_350),
                           coins: [SalesCoinTotal(due: try btc("0.00027"), received: try btc("0.000095"))]),
            SalesTotalsRow(label: "LTC", count: 1, fiat: usd(1_350),
                           coins: [SalesCoinTotal(due: try ltc("0.16875"), received: try ltc("0.16875"))]),
        ])
        #expect(try await harness.totals(SalesFilter(), .day) == [
            SalesTotalsRow(label: "2026-11-20", count: 2, fiat: usd(1_350),
                           coins: [SalesCoinTotal(due: try btc("0.00027"), received: try btc("0.000095"))]),
            SalesTotalsRow(label: "2026-11-21", count: 2, fiat: usd(3_150),
                           coins: [SalesCoinTotal(due: try ltc("0.16875"), received: try ltc("0.16875"))]),
        ])
        #expect(try await harness.totals(SalesFilter(), .cashier) == [
            SalesTotalsRow(label: "alice", count: 2, fiat: usd(1_800),
                           coins: [SalesCoinTotal(due: try btc("0.00009"), received: try btc("0.000095")),
                                   SalesCoinTotal(due: try ltc("0.16875"), received: try ltc("0.16875"))]),
            SalesTotalsRow(label: "bob", count: 2, fiat: usd(2_700),
                           coins: [SalesCoinTotal(due: try btc("0.00018"), received: try btc("0"))]),
        ])
        #expect(try await harness.totals(SalesFilter(from: "2026-11-21", cashier: "bob"), .cashier) == [
            SalesTotalsRow(label: "bob", count: 1, fiat: usd(1_800), coins: []),
        ])
    }

    @Test func totalsOfGeneratedSalesAddUpPerGroup() async throws {
        let harness = try H()
        try harness.generate(300)
        for filter in [SalesFilter(), SalesFilter(from: "2026-11-23", to: "2026-11-24"), SalesFilter(status: .paid, cashier: "alice")] {
            let sales = harness.expected(filter)
            for grouping in SalesGrouping.allCases {
                let rows = try await harness.totals(filter, grouping)
                let key: (Sale) -> String = switch grouping {
                case .day: { H.day($0.openedAt) }
                case .coin: { $0.asset?.id ?? "(no coin)" }
                case .cashier: { $0.cashier }
                case .lane: { _ in "this till" } // one till's own ledger is one lane
                }
                let groups = Dictionary(grouping: sales, by: key)
                #expect(rows.map(\.label).sorted() == groups.keys.sorted(), "\(filter.summary) by \(grouping)")
                for row in rows {
                    let members = groups[row.label] ?? []
                    #expect(row.count == members.count)
                    #expect(row.fiat.minor == members.reduce(0) { $0 + $1.cart.total.minor })
                    for coin in row.coins {
                        let asset = coin.due.asset
                        let quoted = members.filter { $0.asset == asset }
                        #expect(coin.due == quoted.compactMap(\.totalDue).reduce(.zero(asset), +))
                        #expect(coin.received == quoted.compactMap(\.received).reduce(.zero(asset), +))
                    }
                }
            }
        }
    }

    @Test func detailsCarryTheWholeSaleAndItsRefunds() throws {
        let harness = try H()
        let sale = try harness.save(id: "S-R", cashier: "carol", at: H.start, status: .paid, asset: .btc, coffees: 2, overpay: 2_000)
        let refund = try CoinAmount(parsing: "0.00002", asset: .btc)
        _ = try harness.database.recordRefund(saleID: "S-R", assetID: "BTC", txid: String(repeating: "e5", count: 32),
                                          amountUnits: refund.units, at: H.start.addingTimeInterval(7_200), by: "mia",
                                          note: "overpaid by 2000 sat")
        guard case .details(let details)? = harness.perform(.loadDetails(saleID: "S-R")).first else {
            Issue.record("no details")
            return
        }
        #expect(details.sale == sale)
        #expect(details.sale.quotes.first?.derivationPath == "m/84'/0'/0'/0/0")
        #expect(details.refunds == [SalesRefund(txid: String(repeating: "e5", count: 32), amount: refund,
                                                at: H.start.addingTimeInterval(7_200), by: "mia", note: "overpaid by 2000 sat")])
        let row = try #require(try allPages(harness, SalesFilter(), limit: 5).rows.first)
        #expect(row.refunded && row.flags == [.overpaid])
        guard case .failed(let reason)? = harness.perform(.loadDetails(saleID: "S-NONE")).first else {
            Issue.record("a missing sale must fail")
            return
        }
        #expect(reason == "no sale with id S-NONE")
        guard case .failed(let bad)? = harness.perform(.loadPage(SalesFilter(from: "2026-13-01"), after: nil, limit: 5)).first else {
            Issue.record("a bad day must fail")
            return
        }
        #expect(bad == "day \"2026-13-01\": expected YYYY-MM-DD")
    }

    @Test(arguments: SalesExportFormat.allCases)
    func exportWritesTheRangeOffTheRunnerThreadAndParsesBack(_ format: SalesExportFormat) async throws {
        let harness = try H()
        try harness.generate(200)
        let at = H.start.addingTimeInterval(10 * 86_400)
        #expect(harness.perform(.export(from: "2026-11-21", to: "2026-11-22", format: format, at: at)).isEmpty)
        guard case .exported(let result)? = try await harness.posted() else {
            Issue.record("the export posted no result")
            return
        }
        let expected = harness.expected(SalesFilter(from: "2026-11-21", to: "2026-11-22")).reversed()
        #expect(result.path == harness.directory.url.appendingPathComponent("exports/sales-2026-11-21-2026-11-22.\(format.rawValue)").path)
        #expect(result.sales == expected.count && result.payments == expected.reduce(0) { $0 + $1.payments.count })
        #expect(!FileManager.default.fileExists(atPath: result.path + ".partial"))
        #expect(FileModeTests.mode(result.path) == 0o600, "issue 13: exports are private")
        let text = try String(contentsOfFile: result.path, encoding: .utf8)
        let records: [[String: String]]
        switch format {
        case .csv:
            let parsed = try CSVParser.parse(text).map(\.fields)
            #expect(parsed.first == SalesExport.columns)
            records = parsed.dropFirst().map { Dictionary(uniqueKeysWithValues: zip(SalesExport.columns, $0)) }
        case .json:
            let array = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
            records = array.map { $0.compactMapValues { $0 as? String } }
        }
        let saleRecords = records.filter { $0["record"] == "sale" }
        #expect(saleRecords.map { $0["sale_id"] } == expected.map(\.id))
        for (record, sale) in zip(saleRecords, expected) {
            #expect(record["fiat_amount"] == sale.cart.total.decimalString && record["cashier"] == sale.cashier)
            #expect(record["status"] == sale.status.rawValue)
            // CSV writes an empty field, JSON null, for a sale that never got a quote.
            #expect((record["derivation_path"] ?? "") == (sale.quotes.first?.derivationPath ?? ""))
        }
        #expect(records.filter { $0["record"] == "payment" }.map { $0["txid"] }
                == expected.flatMap { $0.payments.map(\.ref.txid) })
        let audit = try #require(try harness.database.auditLog(afterID: 0, limit: 100).last)
        #expect(audit.action == "export" && audit.actor == "mia")
        #expect(audit.details.contains("from=2026-11-21 to=2026-11-22 format=\(format.rawValue) sales=\(result.sales)"))
    }

    @Test func exportNeedsTheVisitsApprovalAndARealRange() throws {
        let harness = try H()
        harness.access.visit = nil
        guard case .failed(let refused)? = harness.perform(.export(from: "2026-11-01", to: "2026-11-30", format: .csv, at: H.start)).first else {
            Issue.record("an export without a manager visit must be refused")
            return
        }
        #expect(refused == "nobody may not export: a manager PIN is needed")
        let exports = harness.directory.url.appendingPathComponent("exports").path
        #expect(!FileManager.default.fileExists(atPath: exports))
    }
}

/// A test precondition that did not hold.
struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
