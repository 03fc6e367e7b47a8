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
/// Lines are clipped, never wrapped, so their number does not depend on the width (scrolling stays simple).
enum SalesDetailLines {
    static func lines(_ details: SalesDetails, _ context: ManagerContext) -> [SalesDetailLine] {
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
