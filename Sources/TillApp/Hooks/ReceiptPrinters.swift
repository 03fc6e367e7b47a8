import Foundation
import TillCore
import TillHooks
import TillUI

/// The configured receipt printers. Printing runs in a task and never blocks the runner: each outcome is
/// logged and posted to the screen as `.receiptWritten` (a failure says to press w to retry).
public struct ReceiptPrinters: Sendable {
    public let printers: [ReceiptPrinter]
    /// The shop's receipt header and footer texts (`[shop] receipt_header`/`receipt_footer`).
    public let header: String?
    public let footer: String?
    let inbox: Inbox?
    let log: FileLog
    /// A printer that is off shows once on the notice line, not for every receipt.
    let notices: ProblemNotices

    public init(_ configurations: [PrinterConfiguration], header: String? = nil, footer: String? = nil, inbox: Inbox?, log: FileLog) {
        printers = configurations.map(ReceiptPrinter.init)
        self.header = header
        self.footer = footer
        self.inbox = inbox
        self.log = log
        notices = ProblemNotices(inbox: inbox)
    }

    public var isEmpty: Bool { printers.isEmpty }

    /// Prints `sale`'s receipt on every printer; the task's value is each printer's outcome, in order.
    @discardableResult
    public func print(_ sale: Sale, shop: ShopInfo, timeZone: TimeZone) -> Task<[Result<Int, PrinterError>], Never> {
        let time = Receipt.formatTime(sale.history.last?.at ?? sale.openedAt, timeZone: timeZone)
        let receipt = Receipt(sale: sale, shopName: shop.name, headerText: header, footerText: footer, time: time)
        let printers = printers, inbox = inbox, log = log, notices = notices
        return Task.detached {
            var outcomes: [Result<Int, PrinterError>] = []
            for printer in printers {
                let subject = "printer \"\(printer.configuration.name)\""
                let outcome = await printer.print(PrintJob.receipt(receipt, columns: printer.configuration.columns))
                switch outcome {
                case .success(let bytes):
                    log.info("receipt \(sale.id) printed on \"\(printer.configuration.name)\" (\(bytes) bytes)")
                    inbox?.post(.receiptWritten(.success(subject)))
                    notices.recovered(subject, "\(subject) prints again")
                case .failure(let error):
                    log.error("receipt \(sale.id) not printed: \(error.message)")
                    inbox?.post(.receiptWritten(.failure(ReceiptFailure(error.message))))
                    notices.report(subject, "receipt \(sale.id) not printed: \(error.message) — w on the receipt retries")
                }
                outcomes.append(outcome)
            }
            return outcomes
        }
    }
}
