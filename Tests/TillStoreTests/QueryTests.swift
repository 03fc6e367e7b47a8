import BigInt
import Foundation
import Testing
import TillCore
import TillStore

/// Seven sales over two days with round rates, so every total below is computed by hand.
/// BTC at 50000: $4.50 = 9000 sats. ETH at 2000: $1299.00 = 0.6495 ETH. LTC at 100: $13.50 = 0.135 LTC.
@Suite struct QueryTests {
    static let day1 = Fixture.noon, day2 = Fixture.noon.addingTimeInterval(86_400)

    static func populate(_ database: TillDatabase) throws {
        func add(_ id: String, _ cashier: String, _ at: Date, _ status: SaleStatus, _ asset: Asset, _ price: String,
                 _ lines: [(Product, Int)], paid: BigUInt? = nil, flags: Set<SaleFlag> = []) throws {
            try database.save(try Fixture.sale(id: id, cashier: cashier, at: at, status: status, asset: asset,
                                               price: price, lines: lines, paid: paid, flags: flags),
                              effects: [], reason: "fixture", at: at)
        }
        try add("S-01", "alice", day1, .paid, .btc, "50000", [(Fixture.coffee, 2)], paid: 18_000)
        try add("S-02", "bob", day1 + 60, .paid, .eth, "2000", [(Fixture.laptop, 1)], paid: 649_500_000_000_000_000)
        try add("S-03", "alice", day1 + 120, .expired, .btc, "50000", [(Fixture.coffee, 1)])
        try add("S-04", "carol", day2, .paid, .ltc, "100", [(Fixture.coffee, 3)], paid: 13_500_500, flags: [.overpaid])
        try add("S-05", "bob", day2 + 60, .paid, .btc, "50000", [(Fixture.coffee, 1)], paid: 9_000)
        try add("S-06", "alice", day2 + 120, .building, .btc, "50000", [(Fixture.coffee, 1)])
        // 40 laptops: 25.98 ETH, more wei than UInt64 holds.
        try add("S-07", "bob", day2 + 180, .paid, .eth, "2000", [(Fixture.laptop, 40)],
                paid: BigUInt("25980000000000000000"))
    }

    func ids(_ database: TillDatabase, _ filter: SaleFilter) throws -> [String] {
        try database.listSales(filter, after: nil, limit: 100).rows.map(\.id)
    }

    @Test func filtersSelectTheRightSalesNewestFirst() throws {
        let test = try TestDatabase()
        try Self.populate(test.database)
        let database = test.database
        #expect(try ids(database, .all) == ["S-07", "S-06", "S-05", "S-04", "S-03", "S-02", "S-01"])
        #expect(try ids(database, SaleFilter(assetID: "BTC")) == ["S-05", "S-03", "S-01"])
        #expect(try ids(database, SaleFilter(statuses: [.paid], cashier: "bob")) == ["S-07", "S-05", "S-02"])
        #expect(try ids(database, SaleFilter(statuses: [.expired, .building])) == ["S-06", "S-03"])
        #expect(try ids(database, SaleFilter(flaggedOnly: true)) == ["S-04"])
        #expect(try ids(database, SaleFilter(flag: .overpaid)) == ["S-04"])
        #expect(try ids(database, SaleFilter(flag: .reorged)) == [])
        #expect(try ids(database, SaleFilter(from: Self.day2, to: Self.day2 + 120)) == ["S-05", "S-04"])
        let row = try #require(try database.listSales(SaleFilter(assetID: "LTC"), after: nil, limit: 1).rows.first)
        #expect(row.fiatTotal == FiatAmount(minor: 1350, currency: .usd) && row.coinDueUnits == 13_500_000
                && row.coinReceivedUnits == 13_500_500 && row.flags == [.overpaid] && row.cashier == "carol"
                && row.status == .paid && row.address == "addr-S-04")
    }

    @Test func keysetPagesCoverEverySaleOnce() throws {
        let test = try TestDatabase()
        try Self.populate(test.database)
        var pages: [[String]] = []
        var cursor: SaleCursor?
        repeat {
            let page = try test.database.listSales(.all, after: cursor, limit: 3)
            pages.append(page.rows.map(\.id))
            cursor = page.next
        } while cursor != nil
        #expect(pages == [["S-07", "S-06", "S-05"], ["S-04", "S-03", "S-02"], ["S-01"]])
    }

    @Test func totalsByAssetMatchHandComputedFigures() throws {
        let test = try TestDatabase()
        try Self.populate(test.database)
        let totals = try test.database.totals(.all, groupedBy: [.asset])
        #expect(totals.map(\.assetID) == ["", "BTC", "ETH", "LTC"])
        #expect(totals.map(\.count) == [1, 3, 2, 1])
        #expect(totals.map(\.fiatTotalMinor) == [450, 1800, 129_900 + 5_196_000, 1350])
        #expect(totals[0].coins.isEmpty)
        #expect(totals[1].coins == ["BTC": CoinTotals(due: 36_000, received: 27_000)])
        let wei = BigUInt("26629500000000000000")
        #expect(totals[2].coins == ["ETH": CoinTotals(due: wei, received: wei)])
        #expect(totals[3].coins == ["LTC": CoinTotals(due: 13_500_000, received: 13_500_500)])
        #expect(totals.allSatisfy { $0.currencyCode == "USD" && $0.day == nil && $0.cashier == nil })
    }

    @Test func paidTotalsByDayAndCashierMatchHandComputedFigures() throws {
        let test = try TestDatabase()
        try Self.populate(test.database)
        let totals = try test.database.totals(SaleFilter(statuses: [.paid]), groupedBy: [.day, .cashier])
        #expect(totals.map { "\($0.day!) \($0.cashier!) \($0.count) \($0.fiatTotalMinor)" } == [
            "2026-11-25 alice 1 900", "2026-11-25 bob 1 129900", "2026-11-26 bob 2 5196450", "2026-11-26 carol 1 1350",
        ])
        #expect(totals[2].coins == ["BTC": CoinTotals(due: 9_000, received: 9_000),
                                    "ETH": CoinTotals(due: BigUInt("25980000000000000000"),
                                                      received: BigUInt("25980000000000000000"))])
        let oneDay = try test.database.totals(SaleFilter(from: Self.day1, to: Self.day2), groupedBy: [])
        #expect(oneDay.count == 1 && oneDay[0].count == 3 && oneDay[0].fiatTotalMinor == 900 + 129_900 + 450)
        #expect(oneDay[0].coins["BTC"] == CoinTotals(due: 27_000, received: 18_000))
    }

    @Test(.timeLimit(.minutes(1))) func theListObservationFiresOnChange() async throws {
        let test = try TestDatabase()
        var updates = test.database.salesListUpdates(SaleFilter(statuses: [.paid]), limit: 10).makeAsyncIterator()
        #expect(try await updates.next()?.rows.isEmpty == true)
        try test.database.save(try Fixture.sale(id: "S-1", status: .paid, paid: 1), effects: [], reason: "t",
                               at: Fixture.noon)
        #expect(try await updates.next()?.rows.map(\.id) == ["S-1"])
        // A change outside the filter leaves the page as it was (no duplicate), the next paid sale shows.
        try test.database.save(try Fixture.sale(id: "S-2", status: .expired), effects: [], reason: "t", at: Fixture.noon)
        try test.database.save(try Fixture.sale(id: "S-3", at: Fixture.noon + 1, status: .paid, paid: 1), effects: [],
                               reason: "t", at: Fixture.noon)
        #expect(try await updates.next()?.rows.map(\.id) == ["S-3", "S-1"])
    }
}

private func + (date: Date, seconds: Int) -> Date { date.addingTimeInterval(TimeInterval(seconds)) }
