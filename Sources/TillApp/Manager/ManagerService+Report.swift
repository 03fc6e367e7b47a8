import Foundation
import TillCore
import TillManager
import TillStore
import TillUI

extension ManagerService {
    /// Columns of the report on screen: narrow enough that two fit side by side at 80 columns.
    static let reportScreenWidth = 38
    /// Columns of a report file (and of a close without a printer): the usual receipt width.
    static let reportFileWidth = 42

    /// Performs the report tab's effects.
    func performReport(_ effect: ReportTabEffect, at now: Date = Date()) -> [ReportTabEvent] {
        do {
            switch effect {
            case .load(let text):
                let day = try LocalDay(parsing: text, timeZone: timeZone)
                if let record = try store.dayClose(day: day.text) {
                    return [.loaded(day: day.text, lines: Self.lines(of: record.reportText),
                                    closed: ReportClosure(closedBy: record.closedBy, closedAt: record.closedAt))]
                }
                let report = try zReports.report(for: day, at: now)
                return [.loaded(day: day.text, lines: ZReportText.lines(report, assets: zReports.assets, closedBy: nil,
                                                                        width: Self.reportScreenWidth), closed: nil)]
            case .close(let text):
                let day = try LocalDay(parsing: text, timeZone: timeZone)
                let approval = try approval(for: .closeDay, at: now)
                // The recorded text is what paper shows: made at the printer's width when there is one.
                let width = printers?.printers.first?.configuration.columns ?? Self.reportFileWidth
                let record = try zReports.close(day, approval: approval, at: now, width: width)
                let file = try writeReport(record.reportText, day: day)
                try zReports.audit(.written, day: day, actor: approval.manager, detail: "file=\(file.lastPathComponent)", at: now)
                log.info("manager: day \(day.text) closed by \(approval.manager), report sha256 \(record.reportHash)")
                var message = "day \(day.text) closed by \(approval.manager); report written to \(file.path)"
                if printReport(title: "Z report \(day.text)", { _ in Self.lines(of: record.reportText) }) {
                    try zReports.audit(.printed, day: day, actor: approval.manager, detail: "printers=\(printers?.printers.count ?? 0)", at: now)
                    message += "; printing"
                }
                return [.done(message)]
            case .write(let text):
                let day = try LocalDay(parsing: text, timeZone: timeZone)
                let body = try store.dayClose(day: day.text)?.reportText
                    ?? zReports.text(for: day, at: now, width: Self.reportFileWidth)
                let file = try writeReport(body, day: day)
                try zReports.audit(.written, day: day, actor: reportActor, detail: "file=\(file.lastPathComponent)", at: now)
                return [.done("report written to \(file.path)")]
            case .print(let text):
                let day = try LocalDay(parsing: text, timeZone: timeZone)
                guard let printers, !printers.isEmpty else {
                    return [.failed("no receipt printer is configured (add a [[printer]] to till.toml)")]
                }
                try zReports.audit(.printed, day: day, actor: reportActor, detail: "printers=\(printers.printers.count)", at: now)
                if let reprint = try zReports.reprint(day: day) {
                    _ = printReport(title: "Z report \(day.text) (reprint)") { _ in Self.lines(of: reprint) }
                    return [.done("reprint of the closed day \(day.text) sent to \(printers.printers.count) printer(s)")]
                }
                let report = try zReports.report(for: day, at: now)
                let assets = zReports.assets
                _ = printReport(title: "Z report \(day.text) (not closed)") { columns in
                    ZReportText.lines(report, assets: assets, closedBy: nil, width: columns)
                }
                return [.done("report of \(day.text) (not closed) sent to \(printers.printers.count) printer(s)")]
            }
        } catch {
            let text = ErrorText.message(error)
            log.error("manager: report: \(text)")
            return [.failed(text)]
        }
    }

    /// Who is printing or writing a report: the visit's manager, else the logged-in user.
    var reportActor: String { access.visit?.user ?? access.session?.user ?? "unknown" }

    var zReports: ZReports { ZReports(store: store, timeZone: timeZone, currency: currency, assets: assets) }

    /// Writes `<data>/reports/z-<day>.txt` and returns the file.
    func writeReport(_ text: String, day: LocalDay) throws -> URL {
        let directory = dataDirectory.appendingPathComponent("reports")
        let file = directory.appendingPathComponent("z-\(day.text).txt")
        do {
            try PrivateFiles.write(Data(text.utf8), to: file.path)
            return file
        } catch {
            throw TillAppError("\(file.path): could not write the report: \(error.localizedDescription)")
        }
    }

    /// A stored report text as lines (without the empty one after the last newline).
    static func lines(of text: String) -> [String] {
        var lines = text.components(separatedBy: "\n")
        if lines.last == "" { lines.removeLast() }
        return lines
    }
}
