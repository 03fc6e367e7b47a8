import Foundation
import TillCore

/// What to print: the receipt's text lines plus how to decorate them on an ESC/POS printer.
public struct PrintJob: Sendable, Hashable {
    /// Shown in errors and the log ("receipt S-1").
    public let title: String
    /// Lines already laid out for the printer's width (`ReceiptText.lines`).
    public let lines: [String]
    /// Lines printed bold and double size (the shop's name); usually the first header line.
    public let titleLine: String?
    /// Lines printed bold (the total, the status).
    public let boldLines: Set<String>
    /// Printed as a QR code after the lines (a payment URI or txid), when the printer prints QR codes.
    public let qrPayload: String?

    public init(title: String, lines: [String], titleLine: String? = nil, boldLines: Set<String> = [], qrPayload: String? = nil) {
        self.title = title
        self.lines = lines
        self.titleLine = titleLine
        self.boldLines = boldLines
        self.qrPayload = qrPayload
    }

    /// A sale's receipt at `columns`: the shop name as title, TOTAL and status bold, a QR of the first txid
    /// (or of the payment URI before anything was seen).
    public static func receipt(_ receipt: Receipt, columns: Int) -> PrintJob {
        let lines = ReceiptText.lines(receipt, width: columns)
        let bold = Set(lines.filter { $0.hasPrefix("TOTAL") || $0.trimmingCharacters(in: .whitespaces) == receipt.status })
        let qr = receipt.payment.flatMap { $0.txids.first ?? $0.uri }
        return PrintJob(title: "receipt \(receipt.saleID)", lines: lines, titleLine: receipt.header.first, boldLines: bold,
                        qrPayload: qr)
    }

    /// The ESC/POS bytes: initialise, code table, the lines (title big, some bold), optional QR, feed, cut.
    public func escpos(codePage: PrinterCodePage, printQR: Bool) -> [UInt8] {
        var document = EscPosDocument(codePage: codePage)
        var titlePrinted = false
        for line in lines {
            if !titlePrinted, let titleLine, line.trimmingCharacters(in: .whitespaces) == titleLine {
                document.title(titleLine)
                titlePrinted = true
            } else if boldLines.contains(line) {
                document.boldLine(line)
            } else {
                document.line(line)
            }
        }
        if printQR, let qrPayload { document.qr(qrPayload) }
        document.finish()
        return document.bytes
    }

    /// Plain text for a text-file printer: the lines (control characters as "?"), then a blank separator line.
    public var plainText: String { lines.map { UntrustedText.replacing($0) }.joined(separator: "\n") + "\n\n" }
}
