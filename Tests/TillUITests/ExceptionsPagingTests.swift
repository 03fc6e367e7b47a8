import Foundation
import Testing
import TillCore
@testable import TillUI

/// The exceptions queue past its first page: moving off the last row asks for the next page once, and a refresh
/// of the first page keeps the older pages already loaded.
struct ExceptionsPagingTests {
    typealias F = ManagerTabFixture

    /// `count` open exceptions, newest first, one minute apart.
    static func rows(_ count: Int, from start: Int = 0) -> [ExceptionRow] {
        (start..<(start + count)).map { index in
            F.row(String(format: "S-%05d", 99_999 - index), .underpaid, [.underpaid], actions: [.acceptAsPaid],
                  minutes: -Double(index))
        }
    }

    @Test func theLastRowAsksForTheNextPageOnceAndItIsAppended() {
        let context = F.context()
        var tab = ExceptionsTab()
        _ = tab.opened(context)
        _ = tab.handle(.loaded(Self.rows(3), more: true), context)
        #expect(tab.key(.down, context) == [])
        let asked = tab.key(.down, context)
        let last = Self.rows(3)[2]
        #expect(asked == [.loadMore(includeResolved: false, after: SalesCursor(
            openedAtMillis: Int64((last.openedAt.timeIntervalSince1970 * 1000).rounded(.down)), id: last.saleID))])
        #expect(tab.key(.end, context) == [], "asked once until the page comes")
        _ = tab.handle(.appended(Self.rows(2, from: 3), more: false), context)
        #expect(tab.rows.map(\.saleID) == Self.rows(5).map(\.saleID))
        #expect(!tab.more && tab.cursor == 2)
        #expect(tab.key(.end, context) == [], "nothing more below")
        #expect(tab.cursor == 4)
    }

    @Test func aRefreshOfTheFirstPageKeepsTheOlderPagesAndANewExceptionOnTop() {
        let context = F.context()
        var tab = ExceptionsTab()
        _ = tab.handle(.loaded(Self.rows(3), more: true), context)
        tab.cursor = 2
        _ = tab.key(.down, context)
        _ = tab.handle(.appended(Self.rows(3, from: 3), more: false), context)
        // A new exception arrived: the first page now starts with it and ends one row earlier.
        let newest = F.row("S-NEW", .underpaid, [.underpaid], actions: [.acceptAsPaid], minutes: 5)
        _ = tab.handle(.loaded([newest] + Self.rows(2), more: true), context)
        #expect(tab.rows.map(\.saleID) == ["S-NEW"] + Self.rows(6).map(\.saleID))
        #expect(tab.selected?.saleID == Self.rows(6)[2].saleID, "the selection stays on its sale")
        #expect(!tab.more)
    }

    @Test func showingResolvedOnesStartsTheListAgain() {
        let context = F.context()
        var tab = ExceptionsTab()
        _ = tab.handle(.loaded(Self.rows(3), more: true), context)
        #expect(tab.key(.character("s"), context) == [.refresh(includeResolved: true)])
        #expect(tab.rows.isEmpty && tab.cursor == 0)
    }
}
