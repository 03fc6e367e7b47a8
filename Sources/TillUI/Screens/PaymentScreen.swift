import Foundation
import TillCore

/// The QR on the left (always dark on light), what to pay and the status on the right.
enum PaymentScreen {
    static func draw(_ model: TillModel, on canvas: inout Canvas, in area: Rect) {
        guard let sale = model.sale, let quote = sale.currentQuote else {
            let closed = model.sale.flatMap(QRReplacement.banner(for:)).map { "\($0.title): Enter starts a new sale" }
            _ = canvas.writeCentered(closed ?? "preparing the quote…", y: area.height / 2, style: CellStyle(role: .muted))
            return
        }
        // Never a payable code for a sale that must not be paid: the banner takes the QR's place, full screen too.
        if let banner = QRReplacement.banner(for: sale) {
            let infoX = QRReplacement.draw(banner, on: &canvas, in: area)
            PaymentDetails.draw(model, sale: sale, quote: quote, on: &canvas,
                                in: Rect(x: infoX, y: area.y, width: area.width - infoX - 1, height: area.height))
            return
        }
        if model.fullScreenQR {
            drawFullScreen(quote.uri, model.size, on: &canvas)
            return
        }
        var infoX = 1
        let space = TextSize(columns: area.width - PaymentGeometry.panelWidth, rows: area.height)
        if let layout = QRLayout.best(for: quote.uri, in: space) {
            canvas.drawQR(layout, x: 0, y: area.y)
            infoX = layout.textSize.columns + 2
        } else {
            let need = QRLayout.smallest(for: quote.uri).map { "\($0.columns + PaymentGeometry.panelWidth)×\($0.rows + 1)" } ?? "?"
            _ = canvas.write("Terminal too small for the QR code: need \(need), now \(model.size).", x: 1, y: area.y,
                             style: CellStyle(role: .error, bold: true), maxWidth: area.width - 2)
            _ = canvas.write("Press f for the full-screen QR, or enlarge the window.", x: 1, y: area.y + 1,
                             style: CellStyle(role: .warning), maxWidth: area.width - 2)
            canvas.fill(Rect(x: 0, y: area.y + 2, width: area.width, height: 1))
        }
        let panel = Rect(x: infoX, y: area.y + (infoX == 1 ? 3 : 0), width: area.width - infoX - 1, height: area.height - (infoX == 1 ? 3 : 0))
        PaymentDetails.draw(model, sale: sale, quote: quote, on: &canvas, in: panel)
    }

    /// `f`: the QR alone, as large as the whole terminal allows (2×-sized modules when they fit).
    static func fullScreenLayout(_ uri: String, _ size: TextSize) -> QRLayout? {
        QRLayout.best(for: uri, in: size, large: true)
    }

    /// True when the full-screen QR needs the status bar's row too (so the bar is not drawn over it).
    static func coversStatusBar(_ model: TillModel) -> Bool {
        guard model.screen == .payment, model.fullScreenQR, let uri = model.sale?.currentQuote?.uri,
              let layout = fullScreenLayout(uri, model.size) else { return false }
        return layout.textSize.rows >= model.size.rows
    }

    private static func drawFullScreen(_ uri: String, _ size: TextSize, on canvas: inout Canvas) {
        guard let layout = fullScreenLayout(uri, size) else {
            let need = QRLayout.smallest(for: uri).map { "\($0)" } ?? "?"
            _ = canvas.writeCentered("The QR code needs \(need) even full screen; enlarge the window.", y: size.rows / 2,
                                     style: CellStyle(role: .error, bold: true))
            return
        }
        let rows = layout.textSize.rows >= size.rows ? size.rows : size.rows - 1
        canvas.drawQR(layout, x: (size.columns - layout.textSize.columns) / 2, y: (rows - layout.textSize.rows) / 2)
    }
}

/// Amount, address, network, countdown and the confirmation progress.
enum PaymentDetails {
    static func draw(_ model: TillModel, sale: Sale, quote: Quote, on canvas: inout Canvas, in panel: Rect) {
        var y = panel.y
        func line(_ text: String, _ style: CellStyle = CellStyle(role: .text)) {
            guard y < panel.maxY else { return }
            _ = canvas.write(text, x: panel.x, y: y, style: style, maxWidth: panel.width)
            y += 1
        }
        let coin = model.saleCoin
        line("Pay exactly", CellStyle(role: .muted))
        line(quote.amount.formatted, CellStyle(role: .accent, bold: true))
        line("= \(quote.fiat.formatted) at \(quote.rate.price) \(quote.rate.currency.code)/\(quote.asset.symbol)", CellStyle(role: .muted))
        y += 1
        line("to \(coin?.network ?? quote.asset.id):", CellStyle(role: .muted))
        for part in PaymentAddressLines.lines(quote: quote, asset: quote.asset, width: panel.width) { line(part.text, part.style) }
        if let path = quote.derivationPath { line("path \(path)", CellStyle(role: .muted)) }
        y += 1
        // Keys (wrapped at their separators, never cut) and the strip of sales in flight sit at the bottom.
        let keys = PaymentKeysLine.lines(model, sale: sale, width: panel.width)
        var bottom = panel.maxY - keys.count
        if !model.inFlight.isEmpty {
            bottom -= 1
            InFlightStrip.draw(model, on: &canvas, x: panel.x, y: bottom, width: panel.width)
        }
        StatusLines.draw(model, sale: sale, quote: quote, on: &canvas, x: panel.x, y: &y, width: panel.width, maxY: bottom)
        for (index, text) in keys.enumerated() {
            _ = canvas.write(text, x: panel.x, y: panel.maxY - keys.count + index, style: CellStyle(role: .muted), maxWidth: panel.width)
        }
    }
}

/// The status block: waiting, seen, confirmations with a bar, PAID, or the exception with its next step.
enum StatusLines {
    static func draw(_ model: TillModel, sale: Sale, quote: Quote, on canvas: inout Canvas, x: Int, y: inout Int, width: Int, maxY: Int) {
        func line(_ text: String, _ role: ColorRole, bold: Bool = false) {
            for part in TillScreen.wrap(text, width: width) where y < maxY {
                _ = canvas.write(part, x: x, y: y, style: CellStyle(role: role, bold: bold), maxWidth: width)
                y += 1
            }
        }
        let required = sale.policy?.requiredConfirmations ?? 0
        let remaining = Int(quote.expiresAt.timeIntervalSince(model.now).rounded(.up))
        switch sale.status {
        case .awaitingPayment:
            line(sale.flags.contains(.doubleSpent) ? "The payment VANISHED (double spend)" : "Waiting for payment…", .accent, bold: true)
            if sale.flags.contains(.doubleSpent) {
                line("do not hand over: Esc cancels, m asks a manager", .error)
            } else {
                line("expires in \(countdown(remaining))", remaining < 120 ? .warning : .text)
            }
        case .underpaid:
            line("UNDERPAID: \(sale.stillDue.map { SaleMoney.coinAndFiat($0, sale) } ?? "?") still due", .warning, bold: true)
            line("the code now asks for the rest", .warning)
            line("expires in \(countdown(remaining))", remaining < 120 ? .warning : .text)
        case .confirming:
            let confirmations = sale.confirmations
            line(sale.goodsCanGo ? "Payment seen — the goods can go" : confirmations == 0 ? "Payment seen — waiting for a block" : "Confirming",
                 sale.goodsCanGo ? .success : .accent, bold: true)
            if y < maxY {
                canvas.progressBar(x: x, y: y, width: max(4, width - 18), done: confirmations, total: max(required, 1))
                _ = canvas.write(" \(confirmations)/\(required) confirmations", x: x + max(4, width - 18), y: y,
                                 style: CellStyle(role: .text), maxWidth: 18)
                y += 1
            }
            if let policy = sale.policy { line("\(policy.releaseWords) · final at \(required)", .muted) }
        case .paid:
            line("PAID ✓", .success, bold: true)
            if required > 0, sale.confirmations < required, !sale.flags.contains(.acceptedByManager) {
                line("accepted at \(sale.confirmations) confirmations (small amount)", .muted)
            }
        case .expired:
            if sale.payments.isEmpty {
                line(ChainSight.expiredLine(model).text, ChainSight.expiredLine(model).role, bold: true)
                line("Enter: new quote for the same cart · Esc: new sale", .text)
            } else {
                line("EXPIRED with \(sale.received?.formatted ?? "?") received", .error, bold: true)
                line("flagged for the manager: do not hand over the goods", .error)
            }
        case .cancelled:
            line("CANCELLED", .warning, bold: true)
        case .voided:
            line("VOIDED by a manager", .warning, bold: true)
        case .building:
            line("preparing the quote…", .muted)
        }
        if [.awaitingPayment, .underpaid, .confirming].contains(sale.status), let warning = ChainSight.waitingWarning(model) { line(warning, .error) }
        for flag in sale.flags.sorted() {
            switch flag {
            case .paidLate: line("paid after the quote expired: manager informed", .warning)
            case .overpaid: break // shown from the amounts below, as soon as the payment is seen
            case .reorged: line("a block was replaced: confirmations restarted", .error)
            case .doubleSpent: line("a payment vanished (double spend/replacement): do not hand over unless PAID", .error)
            case .wrongAsset: for text in sale.wrongAssetLines where text != model.notice?.text { line(text, .warning) }
            case .underpaid, .expiredWithFunds, .acceptedByManager: break
            }
        }
        if let due = sale.totalDue, let received = sale.received, received.units > due.units {
            line("OVERPAID by \(SaleMoney.coinAndFiat(received.saturatingMinus(due), sale)): manager informed", .warning)
        }
        if let notice = model.notice, y < maxY { line(notice.text, notice.kind == .error ? .error : .muted) }
    }

    /// "14:05" minutes and seconds, "0:00" once past.
    static func countdown(_ seconds: Int) -> String {
        let clamped = max(0, seconds)
        return "\(clamped / 60):" + String(format: "%02d", clamped % 60)
    }
}
