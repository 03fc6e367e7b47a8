import Foundation
import Testing
import TillCore
@testable import TillUI

@Suite struct ReportTabTests {
    let context = ManagerTabFixture.context()

    func opened() -> ReportTab {
        var tab = ReportTab()
        _ = tab.opened(context)
        _ = tab.handle(.loaded(day: "2026-11-25", lines: ["Z REPORT", "PAID SALES  2"], closed: nil), context)
        return tab
    }

    @Test func openingShowsTodayInTheShopsZone() {
        var tab = ReportTab()
        #expect(tab.opened(context) == [.load(day: "2026-11-25")])
        // 23:30 UTC is already the next day in Berlin.
        var late = ReportTab()
        let night = ManagerTabFixture.context(now: Date(timeIntervalSince1970: 1_795_649_400))
        #expect(late.opened(night) == [.load(day: "2026-11-26")])
        #expect(ReportDay.containing(night.now, TimeZone(identifier: "UTC")!) == "2026-11-25")
    }

    @Test func arrowsAndBracketsMoveDaysButNeverPastToday() {
        var tab = opened()
        #expect(tab.key(.left, context) == [.load(day: "2026-11-24")])
        #expect(tab.lines.isEmpty && tab.day == "2026-11-24", "the old day's lines are not shown for the new day")
        #expect(tab.key(.character("["), context) == [.load(day: "2026-11-23")])
        #expect(tab.key(.character("]"), context) == [.load(day: "2026-11-24")])
        #expect(tab.key(.right, context) == [.load(day: "2026-11-25")])
        #expect(tab.key(.right, context) == [])
        #expect(tab.status?.kind == .warning && tab.day == "2026-11-25")
        _ = tab.key(.left, context)
        _ = tab.key(.left, context)
        #expect(tab.key(.character("t"), context) == [.load(day: "2026-11-25")])
    }

    @Test func daysMoveByCalendarDaysAcrossDaylightSavingAndMonthEnds() {
        let berlin = ManagerTabFixture.berlin
        // 2026-10-25 has 25 hours in Berlin; 2026-03-29 has 23.
        #expect(ReportDay.shifted("2026-10-26", by: -1, berlin) == "2026-10-25")
        #expect(ReportDay.shifted("2026-10-25", by: -1, berlin) == "2026-10-24")
        #expect(ReportDay.shifted("2026-03-29", by: 1, berlin) == "2026-03-30")
        #expect(ReportDay.shifted("2026-03-01", by: -1, berlin) == "2026-02-28")
        #expect(ReportDay.shifted("2028-03-01", by: -1, berlin) == "2028-02-29")
        #expect(ReportDay.shifted("2026-12-31", by: 1, berlin) == "2027-01-01")
        #expect(ReportDay.shifted("yesterday", by: 1, berlin) == nil)
    }

    @Test func aLateAnswerForAnotherDayIsDropped() {
        var tab = opened()
        _ = tab.key(.left, context)
        _ = tab.handle(.loaded(day: "2026-11-25", lines: ["stale"], closed: nil), context)
        #expect(tab.lines.isEmpty)
        let closure = ReportClosure(closedBy: "mia", closedAt: ManagerTabFixture.t0)
        _ = tab.handle(.loaded(day: "2026-11-24", lines: ["Z REPORT"], closed: closure), context)
        #expect(tab.lines == ["Z REPORT"] && tab.closed == closure)
    }

    @Test func closingAsksFirstAndAClosedDayIsNotClosedAgain() {
        var tab = opened()
        #expect(tab.key(.character("c"), context) == [])
        #expect(tab.confirmingClose)
        #expect(tab.key(.character("n"), context) == [])
        #expect(!tab.confirmingClose && tab.status?.text == "day 2026-11-25 left open")
        _ = tab.key(.character("c"), context)
        #expect(tab.key(.character("y"), context) == [.close(day: "2026-11-25")])
        #expect(tab.handle(.done("day 2026-11-25 closed by mia"), context) == [.load(day: "2026-11-25")])
        _ = tab.handle(.loaded(day: "2026-11-25", lines: ["Z REPORT"], closed: ReportClosure(closedBy: "mia", closedAt: ManagerTabFixture.t0)),
                       context)
        #expect(tab.key(.character("c"), context) == [])
        #expect(!tab.confirmingClose && tab.status?.text.contains("press p to reprint") == true)
        #expect(tab.tick(ManagerTabFixture.context(now: ManagerTabFixture.t0.addingTimeInterval(10))) == [],
                "a closed day's report does not change")
    }

    @Test func writeAndPrintAskTheServiceForTheDayShown() {
        var tab = opened()
        _ = tab.key(.left, context)
        #expect(tab.key(.character("w"), context) == [.write(day: "2026-11-24")])
        #expect(tab.key(.character("p"), context) == [.print(day: "2026-11-24")])
        _ = tab.handle(.failed("no receipt printer is configured"), context)
        #expect(tab.status == Notice("no receipt printer is configured", .error))
    }

    @Test func scrollingStaysInsideTheReport() {
        var tab = opened()
        _ = tab.key(.up, context)
        #expect(tab.scroll == 0)
        for _ in 0..<5 { _ = tab.key(.down, context) }
        #expect(tab.scroll == 1)
        _ = tab.key(.pageUp, context)
        #expect(tab.scroll == 0)
    }

    @Test func todaysOpenReportFollowsNewSales() {
        var tab = opened()
        #expect(tab.tick(ManagerTabFixture.context(now: ManagerTabFixture.t0.addingTimeInterval(10))) == [.load(day: "2026-11-25")])
        #expect(tab.tick(ManagerTabFixture.context(now: ManagerTabFixture.t0.addingTimeInterval(11))) == [])
        _ = tab.key(.left, context)
        #expect(tab.tick(ManagerTabFixture.context(now: ManagerTabFixture.t0.addingTimeInterval(20))) == [])
    }

    @Test func tabAndEscapeStayWithTheScreen() {
        var tab = opened()
        for key: Key in [.tab, .backTab, .escape, .character("m")] { #expect(tab.key(key, context) == nil) }
    }
}
