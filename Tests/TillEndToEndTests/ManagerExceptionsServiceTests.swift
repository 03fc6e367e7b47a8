import BigInt
import Foundation
import Testing
@testable import TillApp
import TillCore
import TillHooks
import TillManager
import TillStore
import TillUI

/// The exceptions and Z report tabs' service on a real SQLite file: actions, their hooks, the runner's copy, the report.
@Suite struct ManagerExceptionsServiceTests {
    let at = ManagerTill.at

    @Test func anUnderpaidSaleHeldInTheBackgroundStaysAcceptedAfterFurtherTicks() async throws {
        let till = try ManagerTill()
        try till.sale("S-20261125-0001", at: at(0), status: .underpaid, coffees: 2, paid: 10_000, flags: [.underpaid])
        try till.sale("S-20261125-0002", at: at(1), status: .awaitingPayment)
        let runner = try till.runner()
        #expect(runner.model.sale?.id == "S-20261125-0002" && runner.background["S-20261125-0001"] != nil)

        let events = till.perform(.accept(saleID: "S-20261125-0001", reason: "regular customer"), at: at(5), through: runner)
        #expect(ManagerTill.outcome(events)?.ok == true)
        // Past the quote's expiry: the runner's old copy would have expired the sale and saved it over the action.
        for minute in [6.0, 20, 40] { runner.dispatch(.sale(id: "S-20261125-0001", .tick(at(minute)))) }
        let stored = try #require(try till.store.sale(id: "S-20261125-0001"))
        #expect(stored.status == .paid && stored.flags.contains(.acceptedByManager) && stored.note == "regular customer")
        #expect(runner.background["S-20261125-0001"] == nil, "a closed sale leaves the background")
        // The acceptance raised `paid` once, written with the sale.
        #expect(try till.deliveries().filter { String(decoding: $0.body, as: UTF8.self).contains("S-20261125-0001") }.map(\.eventType) == ["paid"])
        await till.hooks.settle()
        #expect(try till.commandEvents().filter { $0.contains("S-20261125-0001") }.count == 1)
        #expect(try AuditLog(store: till.store).verify().isIntact)
    }

    @Test func theSaleOnScreenIsReplacedByTheAcceptedOne() throws {
        let till = try ManagerTill()
        try till.sale("S-20261125-0001", at: at(0), status: .underpaid, coffees: 2, paid: 10_000, flags: [.underpaid])
        let runner = try till.runner()
        #expect(runner.model.sale?.id == "S-20261125-0001")
        till.perform(.accept(saleID: "S-20261125-0001", reason: "regular customer"), at: at(5), through: runner)
        #expect(runner.model.sale?.status == .paid)
        runner.dispatch(.tick(at(30)))
        #expect(try till.store.sale(id: "S-20261125-0001")?.status == .paid)
    }

    @Test func aRefundRaisesExactlyOneRefundedDeliveryAndTheCommandHook() async throws {
        let till = try ManagerTill()
        try till.sale("S-20261125-0003", at: at(0), status: .paid, coffees: 2, paid: 24_000, flags: [.overpaid])
        let runner = try till.runner()
        let txid = String(repeating: "ab", count: 32)
        let events = till.perform(.refund(saleID: "S-20261125-0003", txid: txid, amount: CoinAmount(units: 6_000, asset: .btc)),
                                  at: at(10), through: runner)
        #expect(ManagerTill.outcome(events)?.message == "refund of 0.00006000 BTC for S-20261125-0003 recorded (txid \(txid))")
        let refunded = try till.deliveries().filter { $0.eventType == "refunded" }
        #expect(refunded.count == 1)
        let body = String(decoding: try #require(refunded.first).body, as: UTF8.self)
        #expect(body.contains("\"sale.refunded\"") && body.contains(txid) && body.contains("\"0.00006000\""))
        // More than is left is refused with the store untouched.
        let tooMuch = till.perform(.refund(saleID: "S-20261125-0003", txid: "cd", amount: CoinAmount(units: 18_001, asset: .btc)),
                                   at: at(11), through: runner)
        #expect(ManagerTill.outcome(tooMuch)?.message == "refund: 0.00018001 BTC is more than the 0.00018000 BTC left to refund")
        #expect(try till.deliveries().filter { $0.eventType == "refunded" }.count == 1)
        #expect(try till.store.refunds(saleID: "S-20261125-0003").map(\.amountUnits) == [6_000])
        await till.hooks.settle()
        #expect(try till.commandEvents().filter { $0.contains("sale.refunded") }.count == 1)
        // Refunded: resolved, so it leaves the open queue.
        let open = till.service.performExceptions(.refresh(includeResolved: false), at: at(12))
        let all = till.service.performExceptions(.refresh(includeResolved: true), at: at(12))
        #expect(rows(open).isEmpty)
        #expect(rows(all).map(\.saleID) == ["S-20261125-0003"] && rows(all).first?.refunded == true)
    }

    @Test func voidingRaisesVoidedAndNeedsTheVisitsApproval() throws {
        let till = try ManagerTill()
        try till.sale("S-20261125-0004", at: at(0), status: .expired, paid: 9_000, flags: [.expiredWithFunds, .paidLate])
        let runner = try till.runner()
        let queue = rows(till.service.performExceptions(.refresh(includeResolved: false), at: at(1)))
        #expect(queue.first?.actions == [.acceptAsPaid, .recordRefund, .void])
        #expect(queue.first?.received == CoinAmount(units: 9_000, asset: .btc))
        till.access.visit = nil
        let refused = till.perform(.void(saleID: "S-20261125-0004", reason: "customer left"), at: at(2), through: runner)
        #expect(ManagerTill.outcome(refused)?.message == "nobody may not voidSale: a manager PIN is needed")
        till.access.visit = try till.accounts.login(name: "mia", pin: "4321", at: at(3))
        let voided = till.perform(.void(saleID: "S-20261125-0004", reason: "customer left"), at: at(4), through: runner)
        #expect(ManagerTill.outcome(voided)?.ok == true)
        #expect(try till.store.sale(id: "S-20261125-0004")?.status == .voided)
        #expect(try till.deliveries().map(\.eventType) == ["voided"])
        let again = till.perform(.void(saleID: "S-20261125-0004", reason: "twice"), at: at(5), through: runner)
        #expect(ManagerTill.outcome(again)?.message == "sale S-20261125-0004: a voided sale cannot be voided")
    }

    @Test func theDaysReportMatchesHandComputedFiguresAndClosesOnce() throws {
        let till = try ManagerTill()
        try till.sale("S-20261125-0001", at: at(0), status: .paid, paid: 9_000)
        try till.sale("S-20261125-0002", cashier: "mia", at: at(1), status: .paid, coffees: 2, asset: .eth, price: "3000",
                      paid: BigUInt(3_000_000_000_000_000))
        try till.sale("S-20261125-0003", at: at(2), status: .underpaid, coffees: 2, paid: 10_000, flags: [.underpaid])
        try till.sale("S-20261125-0004", at: at(3), status: .expired, paid: 9_000, flags: [.expiredWithFunds, .paidLate])
        // Another day (23:30 Berlin the day before) stays out.
        try till.sale("S-20261124-0001", at: at(-13.5 * 60), status: .paid, paid: 9_000)
        #expect(ManagerTill.outcome(till.perform(.accept(saleID: "S-20261125-0003", reason: "regular"), at: at(10)))?.ok == true)
        #expect(ManagerTill.outcome(till.perform(.refund(saleID: "S-20261125-0004", txid: "ab12", amount: CoinAmount(units: 9_000, asset: .btc)),
                                                 at: at(11)))?.ok == true)
        #expect(ManagerTill.outcome(till.perform(.void(saleID: "S-20261125-0004", reason: "refunded"), at: at(12)))?.ok == true)

        let loaded = try #require(loadedReport(till.service.performReport(.load(day: "2026-11-25"), at: at(20))))
        #expect(loaded.closed == nil)
        let lines = loaded.lines
        // Paid: $4.50 (BTC) + $9.00 (ETH) + $9.00 (BTC, accepted) = $22.50; BTC received 9 000 + 10 000 sats.
        #expect(value(lines, "PAID SALES") == "3")
        #expect(value(lines, "TOTAL") == "$22.50")
        #expect(value(lines, "BTC x2") == "$13.50")
        #expect(value(lines, "ETH x1") == "$9.00")
        #expect(lines.contains { $0.hasPrefix("  received") && $0.hasSuffix("0.00019000 BTC") })
        #expect(lines.contains { $0.hasPrefix("  received") && $0.hasSuffix("0.003000000000000000 ETH") })
        #expect(value(lines, "carl x2/3") == "$13.50")
        #expect(value(lines, "mia x1/1") == "$9.00")
        #expect(value(lines, "  paid") == "3" && value(lines, "  voided") == "1")
        #expect(value(lines, "EXCEPTIONS") == "2" && value(lines, "REFUNDS") == "1")
        #expect(lines.allSatisfy { $0.count <= ManagerService.reportScreenWidth })

        let closed = till.service.performReport(.close(day: "2026-11-25"), at: at(600))
        guard case .done(let message)? = closed.first else { Issue.record("close failed: \(closed)"); return }
        let record = try #require(try till.store.dayClose(day: "2026-11-25"))
        let file = till.directory.file("reports/z-2026-11-25.txt")
        #expect(message == "day 2026-11-25 closed by mia; report written to \(file.path)")
        #expect(try String(contentsOf: file, encoding: .utf8) == record.reportText)
        #expect(record.reportText.contains("Closed by") && record.closedBy == "mia")
        let twice = till.service.performReport(.close(day: "2026-11-25"), at: at(601))
        guard case .failed(let refusal)? = twice.first else { Issue.record("closed twice: \(twice)"); return }
        #expect(refusal == "day 2026-11-25 is already closed; reprint its report instead")
        // The closed day shows as recorded, with who closed it.
        let reloaded = try #require(loadedReport(till.service.performReport(.load(day: "2026-11-25"), at: at(700))))
        #expect(reloaded.closed?.closedBy == "mia" && reloaded.lines.joined(separator: "\n") + "\n" == record.reportText)
        // Without a printer, printing says how to get one.
        guard case .failed(let noPrinter)? = till.service.performReport(.print(day: "2026-11-25"), at: at(700)).first else {
            Issue.record("printed without a printer"); return
        }
        #expect(noPrinter.contains("[[printer]]"))

        let audit = AuditLog(store: till.store)
        #expect(try audit.verify().isIntact)
        let actions = try till.store.auditLog(afterID: 0, limit: 100).map(\.action)
        #expect(actions.filter { ["sale.accept", "refund.record", "sale.void", "day.close"].contains($0) }
                == ["sale.accept", "refund.record", "sale.void", "day.close"])
        // Issue 13: the written report is audited and private, and verify checks the closed day against the chain.
        #expect(actions.filter { $0 == "report.write" }.count == 1)
        #expect(FileModeTests.mode(file.path) == 0o600 && FileModeTests.mode(till.directory.file("reports").path) == 0o700)
        #expect(try audit.verify(dayCloses: try till.store.dayCloses(limit: 10)).isIntact)
    }

    @Test func aClosedDayIsPrintedAtThePrintersWidthAndReprinted() async throws {
        let till = try ManagerTill(printer: true)
        try till.sale("S-20261125-0001", at: at(0), status: .paid, paid: 9_000)
        _ = till.service.performReport(.close(day: "2026-11-25"), at: at(60))
        let printed = await till.waitForInbox { if case .manager(.report(.done(let text))) = $0 { text.contains("printed") } else { false } }
        #expect(printed.contains { if case .manager(.report(.done)) = $0 { true } else { false } })
        let record = try #require(try till.store.dayClose(day: "2026-11-25"))
        #expect(record.reportText.split(separator: "\n").allSatisfy { $0.count <= 32 })
        let paper = try String(contentsOf: till.directory.file("printed.txt"), encoding: .utf8)
        #expect(paper.hasPrefix(record.reportText))
        guard case .done(let message)? = till.service.performReport(.print(day: "2026-11-25"), at: at(90)).first else {
            Issue.record("reprint failed"); return
        }
        #expect(message == "reprint of the closed day 2026-11-25 sent to 1 printer(s)")
        _ = await till.waitForInbox { _ in (try? String(contentsOf: till.directory.file("printed.txt"), encoding: .utf8))?
            .contains("*** REPRINT ***") == true }
        #expect(try String(contentsOf: till.directory.file("printed.txt"), encoding: .utf8).contains("*** REPRINT ***\n" + record.reportText))
    }

    @Test func aWrittenOpenDayAndABadDayTextAnswerOnTheTab() throws {
        let till = try ManagerTill()
        try till.sale("S-20261125-0001", at: at(0), status: .paid, paid: 9_000)
        guard case .done(let message)? = till.service.performReport(.write(day: "2026-11-25"), at: at(5)).first else {
            Issue.record("write failed"); return
        }
        let text = try String(contentsOf: till.directory.file("reports/z-2026-11-25.txt"), encoding: .utf8)
        #expect(message.hasSuffix("z-2026-11-25.txt") && text.contains("PAID SALES") && !text.contains("Closed by"))
        guard case .failed(let bad)? = till.service.performReport(.load(day: "2026-13-01"), at: at(5)).first else {
            Issue.record("a bad day loaded"); return
        }
        #expect(bad == "day \"2026-13-01\": expected YYYY-MM-DD")
    }

    // MARK: -

    func rows(_ events: [TillEvent]) -> [ExceptionRow] {
        for case .manager(.exceptions(.loaded(let rows, _))) in events { return rows }
        return []
    }

    func loadedReport(_ events: [ReportTabEvent]) -> (lines: [String], closed: ReportClosure?)? {
        for case .loaded(_, let lines, let closed) in events { return (lines, closed) }
        return nil
    }

    /// The right-hand value of the report line starting with `label`.
    func value(_ lines: [String], _ label: String) -> String? {
        lines.first { $0.hasPrefix(label + " ") }.map { String($0.dropFirst(label.count)).trimmingCharacters(in: .whitespaces) }
    }
}
