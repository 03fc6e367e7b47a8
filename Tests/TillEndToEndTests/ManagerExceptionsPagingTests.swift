import Foundation
import Testing
@testable import TillApp
import TillCore
import TillUI

/// The exceptions queue read page by page from a real SQLite file: every open exception exactly once, newest first.
@Suite struct ManagerExceptionsPagingTests {
    @Test func pagesOfTheQueueTogetherListEveryOpenExceptionOnce() throws {
        let till = try ManagerTill()
        let count = ManagerService.exceptionPageSize + 37
        for index in 0..<count {
            try till.sale(String(format: "S-20261125-%04d", index + 1), at: ManagerTill.at(Double(index)), status: .underpaid,
                          paid: 1_000, flags: [.underpaid])
        }
        // A paid sale without flags is not an exception.
        try till.sale("S-20261125-9999", at: ManagerTill.at(1), status: .paid, paid: 9_000)

        let first = till.service.performExceptions(.refresh(includeResolved: false), at: ManagerTill.at(500))
        guard case .manager(.exceptions(.loaded(let page, let more))) = first.first else {
            Issue.record("no page: \(first)"); return
        }
        #expect(page.count == ManagerService.exceptionPageSize && more)
        let last = try #require(page.last)
        let cursor = SalesCursor(openedAtMillis: Int64((last.openedAt.timeIntervalSince1970 * 1000).rounded(.down)), id: last.saleID)
        let second = till.service.performExceptions(.loadMore(includeResolved: false, after: cursor), at: ManagerTill.at(500))
        guard case .manager(.exceptions(.appended(let rest, let moreAfter))) = second.first else {
            Issue.record("no next page: \(second)"); return
        }
        #expect(!moreAfter)
        let ids = (page + rest).map(\.saleID)
        #expect(ids == (1...count).reversed().map { String(format: "S-20261125-%04d", $0) })
    }
}
