import BigInt
import Foundation
import Testing
import TillCore
@testable import TillManager
@testable import TillStore
import TillTestSupport

/// One Berlin day of hand-made sales; every expected number below is computed by hand from this list.
struct DayFixture {
    let fixture: ManagerFixture
    let day: LocalDay
    static let hour: TimeInterval = 3_600
    /// 2026-11-25 00:00 UTC (01:00 in Berlin).
    static let midnightUTC = Date(timeIntervalSince1970: 1_795_564_800)

    init() throws {
        fixture = try ManagerFixture()
        let mia = try fixture.users()
        let base = Self.midnightUTC
        let h = Self.hour
        try fixture.sale("S1", cashier: "alice", at: base + 10 * h, status: .paid, coffees: 2, paid: 18_000)
        try fixture.sale("S2", cashier: "alice", at: base + 11 * h, status: .paid, paid: 10_000, flags: [.overpaid])
        try fixture.sale("S3", cashier: "bob", at: base + 12 * h, status: .paid, asset: .eth, price: "2000",
                         paid: BigUInt(2_250_000_000_000_000))
        try fixture.sale("S4", cashier: "bob", at: base + 13 * h, status: .expired)
        try fixture.sale("S5", cashier: "carol", at: base + 14 * h, status: .cancelled)
        try fixture.sale("S6", cashier: "carol", at: base + 15 * h, status: .underpaid, coffees: 2, paid: 10_000,
                         flags: [.underpaid])
        // 23:30 UTC is the 26th in Berlin; 22:30 UTC on the 24th is still the 24th there.
        try fixture.sale("S7", cashier: "alice", at: base + 23.5 * h, status: .paid, paid: 9_000)
        try fixture.sale("S8", cashier: "alice", at: base - 1.5 * h, status: .paid, paid: 9_000)
        let actions = SaleActions(store: fixture.database)
        try actions.acceptAsPaid(saleID: "S6", reason: "regular", approval: try fixture.accounts.authorize(
            mia, for: .acceptAsPaid, at: base + 16 * h), at: base + 16 * h)
        try actions.recordRefund(saleID: "S2", txid: "refund-tx", amount: CoinAmount(units: 1_000, asset: .btc),
                                 approval: try fixture.accounts.authorize(mia, for: .recordRefund, at: base + 17 * h),
                                 at: base + 17 * h)
        day = try LocalDay(parsing: "2026-11-25", timeZone: ManagerFixture.zone)
    }

    var reports: ZReports { ZReports(store: fixture.database, timeZone: ManagerFixture.zone, currency: .usd) }
}

@Suite struct ZReportTests {
    @Test func localDaysFollowTheShopsTimeZone() throws {
        let day = try LocalDay(parsing: "2026-11-25", timeZone: ManagerFixture.zone)
        #expect(day.start == DayFixture.midnightUTC - 3_600 && day.end == DayFixture.midnightUTC + 23 * 3_600)
        #expect(day.next.text == "2026-11-26")
        #expect(LocalDay(containing: DayFixture.midnightUTC + 23.5 * 3_600, timeZone: ManagerFixture.zone).text == "2026-11-26")
        for bad in ["2026-13-01", "2026-02-30", "26-11-25", "2026/11/25", ""] {
            #expect(throws: ManagerError.invalidDay(bad)) { try LocalDay(parsing: bad, timeZone: ManagerFixture.zone) }
        }
    }

    @Test func theDaysTotalsMatchTheHandComputedFigures() throws {
        let fixture = try DayFixture()
        let report = try fixture.reports.report(for: fixture.day, at: DayFixture.midnightUTC + 22 * 3_600)
        #expect(report.paidCount == 4)
        #expect(report.paidFiatMinor == 900 + 450 + 450 + 900)
        #expect(report.coins == [
            ZCoinLine(assetID: "BTC", count: 3, fiatMinor: 2_250, receivedUnits: 18_000 + 10_000 + 10_000),
            ZCoinLine(assetID: "ETH", count: 1, fiatMinor: 450, receivedUnits: BigUInt(2_250_000_000_000_000)),
        ])
        #expect(report.cashiers == [
            ZCashierLine(cashier: "alice", paidCount: 2, paidFiatMinor: 1_350, openedCount: 2),
            ZCashierLine(cashier: "bob", paidCount: 1, paidFiatMinor: 450, openedCount: 2),
            ZCashierLine(cashier: "carol", paidCount: 1, paidFiatMinor: 900, openedCount: 2),
        ])
        #expect(report.statusCounts == [.paid: 4, .expired: 1, .cancelled: 1])
        #expect(report.exceptions.map(\.saleID) == ["S2", "S6"])
        #expect(report.exceptions[1].flags == [.acceptedByManager, .underpaid])
        #expect(report.exceptionCounts == [.overpaid: 1, .underpaid: 1, .acceptedByManager: 1])
        #expect(report.refunds.map(\.txid) == ["refund-tx"])
        #expect(report.auditHead == (try AuditLog(store: fixture.fixture.database).headHash()))
        let text = ZReportText.lines(report, assets: ["BTC": .btc, "ETH": .eth], closedBy: nil, width: 42)
        #expect(text.allSatisfy { $0.count <= 42 })
        #expect(text.contains("TOTAL" + String(repeating: " ", count: 42 - 5 - 6) + "$27.00"))
        #expect(text.contains { $0.hasPrefix("BTC x3") && $0.hasSuffix("$22.50") })
        #expect(text.contains { $0.hasPrefix("  received") && $0.hasSuffix("0.00038000 BTC") })
        #expect(text.contains { $0.hasPrefix("  received") && $0.hasSuffix("0.002250000000000000 ETH") })
        #expect(text.contains { $0.hasPrefix("bob x1/2") && $0.hasSuffix("$4.50") })
    }

    @Test func closingTheDayIsRecordedOnceAndReprints() throws {
        let fixture = try DayFixture()
        let database = fixture.fixture.database
        let mia = try fixture.fixture.accounts.login(name: "mia", pin: "4321", at: DayFixture.midnightUTC)
        let carl = try fixture.fixture.accounts.login(name: "carl", pin: "1234", at: DayFixture.midnightUTC)
        #expect(throws: ManagerError.notAllowed(user: "carl", permission: .closeDay)) {
            try fixture.reports.close(fixture.day, approval: try fixture.fixture.accounts.authorize(
                carl, for: .closeDay, at: DayFixture.midnightUTC), at: DayFixture.midnightUTC)
        }
        let closedAt = DayFixture.midnightUTC + 23 * 3_600
        let approval = try fixture.fixture.accounts.authorize(mia, for: .closeDay, at: closedAt)
        let record = try fixture.reports.close(fixture.day, approval: approval, at: closedAt, width: 32)
        #expect(record.closedBy == "mia" && record.closedAt == closedAt && record.day == "2026-11-25")
        #expect(record.reportText.contains("Closed by") && record.reportText.split(separator: "\n").allSatisfy { $0.count <= 32 })
        #expect(record.reportHash == (try sha256sum(record.reportText)))
        #expect(try database.dayClose(day: "2026-11-25") == record)
        #expect(throws: ManagerError.dayAlreadyClosed(day: "2026-11-25")) {
            try fixture.reports.close(fixture.day, approval: approval, at: closedAt)
        }
        #expect(try fixture.reports.reprint(day: fixture.day) == "*** REPRINT ***\n" + record.reportText)
        #expect(try fixture.reports.reprint(day: fixture.day.next) == nil)
        let last = try #require(try database.auditLog(afterID: 0, limit: 100).last)
        #expect(last.action == "day.close" && last.details.contains("report-sha256=\(record.reportHash)"))
    }

    func sha256sum(_ text: String) throws -> String {
        String(try Processes.run("/usr/bin/sha256sum", [], stdin: text).stdout.prefix(64))
    }
}
