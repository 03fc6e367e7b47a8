import Foundation
import TillCore
import TillStore
import TillManager
import TillUI

/// One export asked for on the sales tab: the days, the format and the manager's approval.
struct SalesExportJob: Sendable {
    let from: LocalDay
    let to: LocalDay
    let format: ExportFormat
    let approval: ManagerApproval
    let at: Date

    /// "sales-2026-11-01-2026-11-30.csv".
    var fileName: String { "sales-\(from.text)-\(to.text).\(format.rawValue)" }
}

extension ManagerService {
    /// Runs the export on a background task (a year of sales takes seconds) and posts the result to the inbox.
    func startExport(_ job: SalesExportJob) throws {
        guard job.from.start <= job.to.start else { throw SalesExportRangeError(from: job.from.text, to: job.to.text) }
        Task.detached { [self] in
            let event: SalesTabEvent
            do {
                event = .exported(try self.runExport(job))
            } catch {
                self.log.error("sales export \(job.fileName): \(ErrorText.message(error))")
                event = .failed("export failed: \(ErrorText.message(error))")
            }
            self.inbox.post(.manager(.sales(event)))
        }
    }

    /// Writes `<dataDirectory>/exports/<file>` through a ".partial" file, so a failed export never leaves half a file
    /// under the final name. The export is audited with the approval.
    func runExport(_ job: SalesExportJob) throws -> SalesExportResult {
        let directory = dataDirectory.appendingPathComponent("exports", isDirectory: true)
        let file = directory.appendingPathComponent(job.fileName)
        let partial = directory.appendingPathComponent(job.fileName + ".partial")
        try? FileManager.default.removeItem(at: partial)
        let handle = try PrivateFiles.appending(partial.path)
        let summary: ExportSummary
        do {
            summary = try SalesExport(store: store, timeZone: timeZone, assets: assets + Asset.builtIn)
                .export(from: job.from, to: job.to, format: job.format, requester: .approval(job.approval), at: job.at) {
                    try handle.write(contentsOf: Data($0.utf8))
                }
            try handle.synchronize()
            try handle.close()
        } catch {
            try? handle.close()
            try? FileManager.default.removeItem(at: partial)
            throw error
        }
        if FileManager.default.fileExists(atPath: file.path) { try FileManager.default.removeItem(at: file) }
        try FileManager.default.moveItem(at: partial, to: file)
        log.info("sales export: \(summary.sales) sales, \(summary.payments) payments to \(file.path)")
        return SalesExportResult(path: file.path, sales: summary.sales, payments: summary.payments)
    }
}

/// An export whose first day comes after its last.
struct SalesExportRangeError: UserFacingError, CustomStringConvertible {
    let from: String
    let to: String

    var message: String { "export from \(from) to \(to): the first day is after the last" }
    var description: String { message }
}
