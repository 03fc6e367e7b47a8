import Foundation
import Testing
import TillCore
@testable import TillUI

/// The exceptions and Z report tabs rendered to text at 80×24 and 120×40, compared with Snapshots/
/// (`TILL_RECORD_SNAPSHOTS=1` records them again; a missing file is written and fails the test).
@Suite struct ExceptionsReportSnapshotTests {
    static let sizes = [TextSize(columns: 80, rows: 24), TextSize(columns: 120, rows: 40)]

    /// Report lines laid out as `ZReportText` lays them out at 38 columns (TillUI does not see TillManager).
    static let reportLines: [String] = {
        func pair(_ left: String, _ right: String) -> String {
            left + String(repeating: " ", count: max(1, 38 - left.count - right.count)) + right
        }
        let rule = String(repeating: "-", count: 38)
        var lines = ["               Z REPORT", "     2026-11-25 (Europe/Berlin)", rule, pair("Made", "2026-11-25 13:00"), rule,
                     pair("PAID SALES", "3"), pair("TOTAL", "$27.00"), rule, "BY COIN", pair("BTC x2", "$18.00"),
                     pair("  received", "0.00036000 BTC"), pair("ETH x1", "$9.00"), pair("  received", "0.003000000000000000 ETH"),
                     rule, "BY CASHIER", pair("carl x2/4", "$18.00"), pair("mia x1/1", "$9.00"), rule, "SALES BY STATUS",
                     pair("  paid", "3"), pair("  underpaid", "1"), pair("  voided", "1"), rule, pair("EXCEPTIONS", "2")]
        for index in 1...6 {
            lines += [pair("S-20261125-000\(index)", "$9.00"), "  underpaid: underpaid"]
        }
        lines += [rule, pair("REFUNDS", "0"), rule, "Audit log head", "9f2c4e0a1b7d3c5e8f6a2b4c9d0e1f3a",
                  "5b7c8d9e0f1a2b3c4d5e6f708192a3b4"]
        return lines
    }()

    static func scenes(_ size: TextSize) throws -> [(String, TillModel)] {
        var exceptions = try ManagerTabFixture.model(size)
        _ = exceptions.handle(.key(.tab))
        _ = exceptions.handle(.manager(.exceptions(.loaded(ManagerTabFixture.rows, more: false))))
        _ = exceptions.handle(.key(.down))
        var refund = exceptions
        _ = refund.handle(.key(.character("r")))
        for character in "4a5b6c" { _ = refund.handle(.key(.character(character))) }
        _ = refund.handle(.key(.tab))
        for character in "0.000000001" { _ = refund.handle(.key(.character(character))) }
        _ = refund.handle(.key(.enter))
        var accept = exceptions
        _ = accept.handle(.key(.up))
        _ = accept.handle(.key(.character("a")))
        for character in "known customer" { _ = accept.handle(.key(.character(character))) }
        var report = exceptions
        _ = report.handle(.key(.tab))
        _ = report.handle(.manager(.report(.loaded(day: "2026-11-25", lines: reportLines, closed: nil))))
        var confirm = report
        _ = confirm.handle(.key(.character("c")))
        var closed = report
        _ = closed.handle(.manager(.report(.loaded(day: "2026-11-25", lines: reportLines,
                                                   closed: ReportClosure(closedBy: "mia", closedAt: ManagerTabFixture.t0)))))
        return [("manager-exceptions", exceptions), ("manager-exceptions-refund", refund), ("manager-exceptions-accept", accept),
                ("manager-report", report), ("manager-report-confirm", confirm), ("manager-report-closed", closed)]
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test(arguments: sizes)
    func tabsMatchTheirSnapshots(_ size: TextSize) throws {
        for (name, model) in try Self.scenes(size) {
            let text = TillScreen.render(model).text + "\n"
            let file = Self.directory.appendingPathComponent("\(name)-\(size.columns)x\(size.rows).txt")
            guard let expected = try? String(contentsOf: file, encoding: .utf8),
                  ProcessInfo.processInfo.environment["TILL_RECORD_SNAPSHOTS"] == nil else {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
                Issue.record("recorded \(file.lastPathComponent): review it and run again")
                continue
            }
            #expect(text == expected, "\(name) at \(size) differs from \(file.lastPathComponent)")
        }
    }

    @Test func theRefundDialogShowsWhyTheAmountIsRefused() throws {
        let (_, refund) = try Self.scenes(TextSize(columns: 80, rows: 24))[1]
        let text = TillScreen.render(refund).text
        #expect(text.contains("Record a refund of S-20261125-0003"))
        #expect(text.contains("more than 8 decimal places"))
        #expect(refund.manager.exceptions.dialog?.amount.text == "0.000000001")
    }

    @Test func theReportFlowsIntoTwoColumnsAt80AndThreeAt120() throws {
        for (size, columns) in [(TextSize(columns: 80, rows: 24), 2), (TextSize(columns: 120, rows: 40), 3)] {
            let (_, report) = try Self.scenes(size)[3]
            let rows = TillScreen.render(report).text.components(separatedBy: "\n")
            #expect(ReportTabView.layout(lines: Self.reportLines, width: size.columns - 2).count == columns)
            #expect(rows.contains { $0.contains("Z REPORT") && !$0.contains("Z report") })
            #expect(rows.contains { $0.contains("PAID SALES") })
            #expect(rows.contains { $0.contains("Audit log head") } == (size.rows == 40))
        }
    }
}
