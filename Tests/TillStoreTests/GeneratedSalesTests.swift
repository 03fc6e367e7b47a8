import BigInt
import Foundation
import Testing
import TillCore
@testable import TillStore
import TillStoreTestSupport
import TillTestSupport

/// The bulk generator writes what `save` would: every generated sale reads back, through the normal store API,
/// exactly as the sale built from the same parts.
@Suite struct GeneratedSalesTests {
    static let zone = TimeZone(identifier: "Europe/Berlin")!
    /// 14 days from 2026-03-22: across the switch to summer time (a 23-hour day).
    static let options = SalesGenerator.Options(count: 2_000, firstDay: Date(timeIntervalSince1970: 1_774_137_600),
                                                days: 14, seed: 7, openAtEnd: 6)

    /// Every generated sale, as the state machine's `Sale`, in the order generated.
    static func expectedSales(_ generator: SalesGenerator) throws -> [Sale] {
        var sales: [Sale] = []
        try generator.forEachSale { sales.append(try SyntheticSales.sale($0)) }
        return sales
    }

    /// A temp database in Berlin time (days that are not UTC days) holding the generated sales.
    struct Stored {
        let directory: TemporaryDirectory
        let database: TillDatabase
    }

    static func stored() throws -> (Stored, SalesGenerator, [Sale]) {
        let directory = try TemporaryDirectory(prefix: "till-generated")
        let database = try TillDatabase(path: directory.file("till.sqlite").path, timeZone: zone)
        let generator = SalesGenerator(options, timeZone: zone)
        var reported: [Int] = []
        let written = try database.storeGenerated(generator, batchSize: 700) { reported.append($0) }
        #expect(written == 2_000)
        #expect(reported == [700, 1_400, 2_000])
        return (Stored(directory: directory, database: database), generator, try expectedSales(generator))
    }

    @Test func everySaleReloadsExactlyAndItsDocumentIsWhatSaveWrites() throws {
        let (test, _, expected) = try Self.stored()
        #expect(expected.count == 2_000)
        for sale in expected {
            #expect(try test.database.sale(id: sale.id) == sale)
        }
        // Byte for byte the JSON `save` writes (packed alike), for a sample of every shape (JSONEncoder writes a `Set`
        // of flags in the process's hash order, so sales with two flags only compare decoded, above).
        let sample = expected.enumerated().filter { $0.offset % 97 == 0 || !$0.element.flags.isEmpty }.map(\.element)
        for sale in sample where sale.flags.count < 2 {
            let stored = try test.database.pool.read { db in
                try Data.fetchOne(db, sql: "SELECT document FROM sale_documents WHERE sale_id = ?", arguments: [sale.id])
            }
            #expect(try stored.map { try SaleDocument.json(stored: $0) } == (try SaleCodec.encode(sale)), "sale \(sale.id)")
        }
    }

    @Test func theMixLooksLikeAShop() throws {
        let generator = SalesGenerator(Self.options, timeZone: Self.zone)
        let sales = try Self.expectedSales(generator)
        #expect(generator.days.count == 14)
        #expect(generator.days.map(\.sales).reduce(0, +) == 2_000)
        #expect(Set(sales.map(\.id)).count == 2_000)
        #expect(zip(sales, sales.dropFirst()).allSatisfy { $0.openedAt <= $1.openedAt })
        let paid = sales.filter { $0.status == .paid }.count
        let flagged = sales.filter { !$0.flags.isEmpty }.count
        #expect((1_500...1_850).contains(paid))
        #expect((50...160).contains(flagged))
        #expect(Set(sales.compactMap(\.asset?.id)) == ["BTC", "LTC", "ETH", "USDC"])
        #expect(Set(sales.map(\.cashier)).count == 8)
        // Every flag but wrongAsset (a deposit in another asset, which the generator does not make).
        #expect(Set(sales.flatMap(\.flags)) == Set(SaleFlag.allCases).subtracting([.wrongAsset]))
        #expect(sales.suffix(6).allSatisfy { [.awaitingPayment, .confirming].contains($0.status) })
        // Paid sales received at least what was due, in a payment with a txid and a block.
        for sale in sales where sale.status == .paid && !sale.flags.contains(.acceptedByManager) {
            #expect((sale.received?.units ?? 0) >= (sale.totalDue?.units ?? 1), "sale \(sale.id)")
            #expect(sale.payments.allSatisfy { !$0.ref.txid.isEmpty && $0.blockHeight != nil })
        }
    }

    @Test func listTotalsAndIdsAgreeWithTheSales() throws {
        let (test, generator, expected) = try Self.stored()
        let database = test.database
        // The whole list, newest first, page by page.
        var listed: [SaleSummary] = [], cursor: SaleCursor?
        repeat {
            let page = try database.listSales(.all, after: cursor, limit: 300)
            listed += page.rows
            cursor = page.next
        } while cursor != nil
        let newestFirst = expected.sorted { ($0.openedAt, $0.id) > ($1.openedAt, $1.id) }
        #expect(listed.map(\.id) == newestFirst.map(\.id))
        for (row, sale) in zip(listed, newestFirst) {
            #expect(row.status == sale.status && row.flags == sale.flags && row.cashier == sale.cashier)
            #expect(row.fiatTotal == sale.cart.total && row.assetID == sale.asset?.id)
            #expect(row.coinDueUnits == sale.totalDue?.units && row.coinReceivedUnits == sale.received?.units)
            #expect(row.address == sale.currentQuote?.address && row.updatedAt == sale.history.last?.at ?? sale.openedAt)
        }
        // Totals per day and coin, against sums over the sales.
        let totals = try database.totals(.all, groupedBy: [.day, .asset])
        let day = generator.days[3]
        for asset in ["BTC", "LTC", "ETH", "USDC"] {
            let mine = expected.filter { $0.id.hasPrefix("S-" + day.text.replacingOccurrences(of: "-", with: ""))
                && $0.asset?.id == asset }
            let line = totals.first { $0.day == day.text && $0.assetID == asset }
            #expect(line?.count == mine.count)
            #expect(line?.fiatTotalMinor == mine.reduce(0) { $0 + $1.cart.total.minor })
            #expect(line?.coins[asset]?.received == mine.reduce(BigUInt(0)) { $0 + ($1.received?.units ?? 0) })
        }
        // The next id of a generated day continues after its last sale.
        let next = try database.nextSaleID(at: day.start.addingTimeInterval(43_200))
        #expect(next == "S-" + day.text.replacingOccurrences(of: "-", with: "") + "-"
            + String(format: "%04d", day.sales + 1))
        // A filter on coin, status and cashier matches the sales that qualify.
        let filter = SaleFilter(assetID: "ETH", statuses: [.paid], cashier: "bob")
        let page = try database.listSales(filter, after: nil, limit: 5_000)
        #expect(page.rows.map(\.id) == newestFirst.filter {
            $0.asset?.id == "ETH" && $0.status == .paid && $0.cashier == "bob"
        }.map(\.id))
        #expect(try database.openSales(at: expected.last!.openedAt).count >= 6)
    }

    @Test func runningDayTotalsEqualAScanForEveryFilterAndAfterChanges() throws {
        let (stored, generator, expected) = try Self.stored()
        let database = stored.database
        let days = generator.days
        let filters: [SaleFilter] = [
            .all, SaleFilter(from: days[2].start), SaleFilter(to: days[9].start),
            SaleFilter(from: days[6].start, to: days[8].start),  // includes the 23-hour day
            SaleFilter(from: days[1].start, to: days[12].start, assetID: "USDC", statuses: [.paid, .expired]),
            SaleFilter(assetID: "ETH", cashier: "bob"), SaleFilter(statuses: [.voided]),
            SaleFilter(from: days[3].start.addingTimeInterval(3_600), to: days[5].start),  // not a midnight: scan
            SaleFilter(flaggedOnly: true), SaleFilter(flag: .underpaid), SaleFilter(cashier: "nobody"),
        ]
        func check(_ database: TillDatabase, _ note: String) throws {
            for filter in filters {
                for grouping in [[], [.day], [.asset], [.cashier], Set(TotalsGrouping.allCases)] as [Set<TotalsGrouping>] {
                    let scanned = try database.pool.read { db in
                        try TillDatabase.totals(db, filter: filter, grouping: grouping)
                    }
                    #expect(try database.totals(filter, groupedBy: grouping) == scanned, "\(note) \(filter) \(grouping)")
                }
            }
        }
        try check(database, "generated")
        let fromRunning = try database.pool.read { db in try database.dayTotals(db, filter: filters[4], grouping: [.day]) }
        #expect(fromRunning != nil && fromRunning?.isEmpty == false)
        #expect(try database.pool.read { db in try database.dayTotals(db, filter: .all, grouping: [.cashier]) } != nil)
        // The till saves changes one by one: a confirming sale gets paid, an expired one voided.
        for sale in expected.filter({ [.confirming, .expired].contains($0.status) }).prefix(40) {
            var parts = SyntheticSales.Parts(id: sale.id, cashier: sale.cashier, openedAt: sale.openedAt,
                                             lines: sale.cart.lines.map { ($0.product, $0.quantity) })
            parts.asset = sale.asset; parts.policy = sale.policy; parts.quotes = sale.quotes
            parts.payments = sale.payments; parts.flags = sale.flags
            parts.status = sale.status == .confirming ? .paid : .voided
            parts.history = sale.history + [SaleTransition(from: sale.status, to: parts.status,
                                                           at: sale.openedAt.addingTimeInterval(7_200), reason: "test")]
            try database.save(try SyntheticSales.sale(parts), effects: [], reason: "test", at: sale.openedAt)
        }
        try check(database, "after saves")
        try database.pool.write { db in
            try db.execute(sql: "DELETE FROM sales WHERE id IN (?, ?, ?)",
                           arguments: [expected[10].id, expected[500].id, expected[1_999].id])
        }
        try check(database, "after deletes")
        // The shop moved to another time zone: old sales keep their Berlin days; totals must still be exact.
        let moved = try TillDatabase(path: database.path, timeZone: TimeZone(identifier: "America/New_York")!)
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = moved.timeZone
        let newYorkDay = calendar.startOfDay(for: days[5].start.addingTimeInterval(43_200))
        for filter in [SaleFilter(from: newYorkDay), SaleFilter(to: newYorkDay),
                       SaleFilter(from: newYorkDay, to: newYorkDay.addingTimeInterval(86_400))] {
            let scanned = try moved.pool.read { db in try TillDatabase.totals(db, filter: filter, grouping: [.asset]) }
            #expect(try moved.totals(filter, groupedBy: [.asset]) == scanned)
        }
    }

    @Test(arguments: ["0", "7", "18446744073709551615", "18446744073709551616", "0000000000000000000012",
                      "123456789012345678901234567890"])
    func decimalUnitsParseLikeBigInt(text: String) {
        #expect(BigUInt.fromDecimal(text) == BigUInt(text, radix: 10))
    }
}
