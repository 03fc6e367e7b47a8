import Foundation

/// How a Z report left the till.
public enum ZReportOutput: Sendable {
    /// Sent to a printer, or shown by `till report z`.
    case printed
    /// Written to a file under `<data>/reports/`.
    case written
}

extension ZReports {
    /// Audits a Z report leaving the till (`report.print` / `report.write`): who, which day, where to.
    public func audit(_ output: ZReportOutput, day: LocalDay, actor: String, detail: String, at: Date) throws {
        let closed = try store.dayClose(day: day.text) != nil
        try AuditLog(store: store).append(output == .printed ? .reportPrinted : .reportWritten, actor: actor,
                                          details: "day=\(day.text) closed=\(closed) \(detail)", at: at)
    }
}
