import Foundation
import TillCore

/// One line of the sale details, with the role it is drawn in.
struct SalesDetailLine: Hashable, Sendable {
    let text: String
    let role: ColorRole
    let bold: Bool

    init(_ text: String, _ role: ColorRole = .text, bold: Bool = false) {
        self.text = text
        self.role = role
        self.bold = bold
    }
}

/// The details of one sale as lines: cart, quotes, payments, refunds and every state change.
/// Long lines (txids, hashes, addresses) wrap at `width` so nothing is cut off; the model counts the same lines to scroll.
enum SalesDetailLines {
    static func lines(_ details: SalesDetails, _ context: ManagerContext, width: Int) -> [SalesDetailLine] {
        unwrapped(details, context).flatMap { wrap($0, width: width) }
    }

    /// Breaks a line at the last space that fits (or hard at the width); continuation lines are indented.
    static func wrap(_ line: SalesDetailLine, width: Int) -> [SalesDetailLine] {
        let indent = "       "
        var rest = line.text, out: [SalesDetailLine] = []
        while DisplayWidth.of(rest) > width {
            var cut = rest.index(rest.startIndex, offsetBy: min(width, rest.count))
            // Prefer a break at a space past the indent, so words and ids stay whole.
            if let space = rest[..<cut].lastIndex(of: " "), rest.distance(from: rest.startIndex, to: space) > indent.count {
                cut = space
            }
            out.append(SalesDetailLine(String(rest[..<cut]), line.role, bold: line.bold))
            rest = indent + rest[cut...].drop { $0 == " " }
        }
        out.append(SalesDetailLine(rest, line.role, bold: line.bold))
        return out
    }

    private static func unwrapped(_ details: SalesDetails, _ context: ManagerContext) -> [SalesDetailLine] {
        let sale = details.sale
        let zone = context.timeZone
        func time(_ date: Date) -> String { SalesText.time(date, zone, seconds: true) }
        var lines = [SalesDetailLine("Sale \(sale.id) · \(SalesText.status(sale.status)) · cashier \(sale.cashier) · opened \(time(sale.openedAt))",
                                     .accent, bold: true)]
        let flags = sale.flags.sorted().map(\.rawValue).joined(separator: ", ")
        lines.append(SalesDetailLine("Flags: \(flags.isEmpty ? "none" : flags)", flags.isEmpty ? .muted : .warning))
        if let note = sale.note { lines.append(SalesDetailLine("Note: \(note)")) }

        lines.append(heading("Lines"))
        for line in sale.cart.lines {
            lines.append(SalesDetailLine("  \(line.quantity) × \(line.product.name) (\(line.product.id)) @ \(line.product.price.formatted) = \(line.net.formatted)"))
        }
        lines.append(SalesDetailLine("  subtotal \(sale.cart.subtotal.formatted) · tax \(sale.cart.tax.formatted) (\(sale.cart.taxMode.rawValue)) · total \(sale.cart.total.formatted)",
                                     bold: true))

        lines.append(heading("Quotes"))
        if sale.quotes.isEmpty { lines.append(SalesDetailLine("  none (the sale never reached checkout)", .muted)) }
        for (index, quote) in sale.quotes.enumerated() {
            let rate = quote.rate
            lines.append(SalesDetailLine("  #\(index + 1) \(quote.amount.formatted) for \(quote.fiat.formatted) · made \(time(quote.createdAt)) · expires \(time(quote.expiresAt))"))
            lines.append(SalesDetailLine("     rate \(rate.price) \(rate.currency.code)/\(rate.asset.symbol) from \(rate.source) at \(time(rate.time))"))
            lines.append(SalesDetailLine("     address \(quote.address) · path \(quote.derivationPath ?? "(fixed address)")"))
        }

        lines.append(heading("Payments"))
        if sale.payments.isEmpty { lines.append(SalesDetailLine("  none", .muted)) }
        for payment in sale.payments {
            var state = "\(payment.state.rawValue), \(payment.confirmations) confirmation\(payment.confirmations == 1 ? "" : "s")"
            if payment.late { state += ", late" }
            if payment.wasReorged { state += ", reorged" }
            if payment.replaceable { state += ", replaceable" }
            lines.append(SalesDetailLine("  txid \(payment.ref.txid):\(payment.ref.output)", payment.counts ? .text : .muted))
            lines.append(SalesDetailLine("     \(payment.amount.formatted) to \(payment.address) · \(state) · seen \(time(payment.firstSeen))",
                                         payment.counts ? .text : .muted))
            let block = payment.blockHeight.map { "block \($0) \(payment.blockHash ?? "")" } ?? "not in a block"
            lines.append(SalesDetailLine("     \(block)", .muted))
        }

        lines.append(heading("Refunds"))
        if details.refunds.isEmpty { lines.append(SalesDetailLine("  none", .muted)) }
        for refund in details.refunds {
            let note = refund.note.isEmpty ? "" : " · \(refund.note)"
            lines.append(SalesDetailLine("  \(time(refund.at)) \(refund.amount.formatted) by \(refund.by)\(note)"))
            lines.append(SalesDetailLine("     txid \(refund.txid)", .muted))
        }

        lines.append(heading("History"))
        for change in sale.history {
            lines.append(SalesDetailLine("  \(time(change.at))  \(SalesText.status(change.from)) → \(SalesText.status(change.to))  \(change.reason)"))
        }
        return lines
    }

    private static func heading(_ title: String) -> SalesDetailLine { SalesDetailLine(title, .accent, bold: true) }
}
