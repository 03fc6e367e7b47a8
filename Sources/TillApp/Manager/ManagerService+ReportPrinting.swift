import Foundation
import TillHooks
import TillUI

extension ManagerService {
    /// Prints a report on every configured printer, laid out for each printer's columns, in a task (a printer
    /// that is off takes seconds); each outcome is logged and posted to the report tab. False: no printer.
    @discardableResult
    func printReport(title: String, _ lines: @escaping @Sendable (_ columns: Int) -> [String]) -> Bool {
        guard let printers, !printers.isEmpty else { return false }
        let inbox = inbox, log = log
        Task.detached {
            for printer in printers.printers {
                let job = PrintJob(title: title, lines: lines(printer.configuration.columns), titleLine: "Z REPORT")
                switch await printer.print(job) {
                case .success(let bytes):
                    log.info("\(title) printed on \"\(printer.configuration.name)\" (\(bytes) bytes)")
                    inbox.post(.manager(.report(.done("\(title) printed on \"\(printer.configuration.name)\""))))
                case .failure(let error):
                    log.error("\(title) not printed: \(error.message)")
                    inbox.post(.manager(.report(.failed("\(title) not printed: \(error.message)"))))
                }
            }
        }
        return true
    }
}
