import Foundation
import TillCore

/// What `till display` knows: the lane as last read from the till's database, and the display's own clock/size.
public struct CustomerDisplayState: Hashable, Sendable {
    public var snapshot: LaneSnapshot?
    /// The sale on the cashier's screen, as saved.
    public var sale: Sale?
    /// Why nothing can be read (no database yet, an older till); shown instead of the lane.
    public var problem: String?
    public var now: Date
    public var size: TextSize

    public init(snapshot: LaneSnapshot? = nil, sale: Sale? = nil, problem: String? = nil, now: Date, size: TextSize) {
        self.snapshot = snapshot
        self.sale = sale
        self.problem = problem
        self.now = now
        self.size = size
    }

    /// What the customer is shown.
    public enum Phase: Hashable, Sendable {
        case idle
        case cart(Cart)
        /// A live payment request: the QR is up.
        case paying(Sale, Quote)
        case paid(Sale)
        /// The request ended unpaid (expired, cancelled, voided): no QR, a word for the customer.
        case ended(Sale)
    }

    public var phase: Phase {
        if let sale {
            switch sale.status {
            case .paid: return .paid(sale)
            case .awaitingPayment, .underpaid, .confirming:
                if let quote = sale.currentQuote { return .paying(sale, quote) }
                return .cart(sale.cart)
            case .expired, .cancelled, .voided: return .ended(sale)
            case .building: return .cart(sale.cart)
            }
        }
        if let cart = snapshot?.cart, !cart.isEmpty { return .cart(cart) }
        return .idle
    }
}

/// The customer-facing screen: a pure function of `CustomerDisplayState` onto a canvas, like the till's screens.
public enum CustomerDisplay {
    public static func render(_ state: CustomerDisplayState) -> Canvas {
        var canvas = Canvas(size: state.size, fill: Cell(" ", style: CellStyle(role: .background)))
        let shop = state.snapshot?.shopName ?? ""
        if let problem = state.problem {
            message(&canvas, [(shop, CellStyle(role: .accent, bold: true)), ("", .plain), (problem, CellStyle(role: .muted))])
            return canvas
        }
        switch state.phase {
        case .idle:
            message(&canvas, [(shop.isEmpty ? "Welcome" : "Welcome to \(shop)", CellStyle(role: .accent, bold: true)),
                              ("", .plain), ("Your items will appear here.", CellStyle(role: .muted))])
        case .cart(let cart):
            drawCart(cart, shop: shop, on: &canvas)
        case .paying(let sale, let quote):
            drawPayment(sale, quote, shop: shop, now: state.now, on: &canvas)
        case .paid(let sale):
            let amount = sale.currentQuote.map { "\($0.amount.formatted) (\($0.fiat.formatted))" } ?? sale.cart.total.formatted
            message(&canvas, [("Thank you — paid ✓", CellStyle(role: .success, bold: true)), ("", .plain),
                              (amount, CellStyle(role: .text)), ("", .plain), (shop, CellStyle(role: .muted))])
        case .ended(let sale):
            let word = sale.status == .expired ? "This payment request has expired — please do not pay it."
                : "This sale was cancelled — please do not pay."
            message(&canvas, [(word, CellStyle(role: .warning, bold: true)), ("", .plain),
                              ("Please ask the cashier.", CellStyle(role: .text)), ("", .plain), (shop, CellStyle(role: .muted))])
        }
        if state.snapshot?.training == true {
            let label = " TRAINING "
            _ = canvas.write(label, x: max(0, state.size.columns - label.count), y: state.size.rows - 1,
                             style: CellStyle(role: .warning, bold: true, reverse: true))
        }
        return canvas
    }

    /// Lines centred in the middle of the screen (wrapped when too long).
    private static func message(_ canvas: inout Canvas, _ lines: [(String, CellStyle)]) {
        let wrapped = lines.flatMap { text, style in
            text.isEmpty ? [("", style)] : TillScreen.wrap(text, width: max(1, canvas.width - 4)).map { ($0, style) }
        }
        var y = max(0, (canvas.height - wrapped.count) / 2)
        for (text, style) in wrapped {
            _ = canvas.writeCentered(text, y: y, style: style)
            y += 1
        }
    }

    /// The cart as it grows: the shop on top, the lines (newest at the bottom, scrolled), the total below.
    private static func drawCart(_ cart: Cart, shop: String, on canvas: inout Canvas) {
        let width = canvas.width, height = canvas.height
        _ = canvas.writeCentered(shop, y: 0, style: CellStyle(role: .accent, bold: true))
        let box = Rect(x: max(0, (width - 70) / 2), y: 2, width: min(70, width), height: max(3, height - 4))
        canvas.box(box, style: CellStyle(role: .muted), title: "Your items")
        let inner = box.inset(by: 1)
        let totals = cart.taxMode == .excluded || cart.tax.minor > 0 ? 3 : 1
        let room = max(1, inner.height - totals - 1)
        let visible = cart.lines.count <= room ? cart.lines.count : room - 1
        var y = inner.y
        if visible < cart.lines.count {
            _ = canvas.write("… \(cart.lines.count - visible) more above", x: inner.x + 1, y: y, style: CellStyle(role: .muted))
            y += 1
        }
        for line in cart.lines.suffix(visible) {
            row("\(line.quantity) × \(line.product.name)", line.net.formatted, &canvas, inner, y, CellStyle(role: .text))
            y += 1
        }
        var totalsY = inner.maxY - totals
        if totals == 3 {
            row("Subtotal", cart.subtotal.formatted, &canvas, inner, totalsY, CellStyle(role: .text)); totalsY += 1
            row(cart.taxMode == .included ? "incl. tax" : "Tax", cart.tax.formatted, &canvas, inner, totalsY, CellStyle(role: .muted))
            totalsY += 1
        }
        row("Total", cart.total.formatted, &canvas, inner, totalsY, CellStyle(role: .accent, bold: true))
    }

    private static func row(_ label: String, _ amount: String, _ canvas: inout Canvas, _ inner: Rect, _ y: Int, _ style: CellStyle) {
        let amountWidth = DisplayWidth.of(amount)
        _ = canvas.write(label, x: inner.x + 1, y: y, style: style, maxWidth: max(0, inner.width - amountWidth - 3))
        _ = canvas.write(amount, x: inner.maxX - amountWidth - 1, y: y, style: style)
    }

    /// The QR (2×-sized modules when there is room) on the left, amount, countdown and progress on the right.
    private static func drawPayment(_ sale: Sale, _ quote: Quote, shop: String, now: Date, on canvas: inout Canvas) {
        let size = TextSize(columns: canvas.width, rows: canvas.height)
        let space = TextSize(columns: size.columns - PaymentGeometry.panelWidth, rows: size.rows)
        var panelX = 1
        if let layout = QRLayout.best(for: quote.uri, in: space, large: true) {
            let top = (size.rows - layout.textSize.rows) / 2
            canvas.drawQR(layout, x: 0, y: top)
            panelX = layout.textSize.columns + 2
        } else {
            let need = QRLayout.smallest(for: quote.uri).map { "\($0.columns + PaymentGeometry.panelWidth)×\($0.rows)" } ?? "?"
            _ = canvas.write("This screen is too small for the QR code (needs \(need)).", x: 1, y: size.rows - 2,
                             style: CellStyle(role: .error, bold: true), maxWidth: size.columns - 2)
        }
        let panel = Rect(x: panelX, y: 0, width: max(1, size.columns - panelX - 1), height: size.rows)
        var y = max(0, (size.rows - 14) / 2)
        func line(_ text: String, _ style: CellStyle) {
            for part in TillScreen.wrap(text, width: panel.width) where y < panel.maxY {
                _ = canvas.write(part, x: panel.x, y: y, style: style, maxWidth: panel.width)
                y += 1
            }
        }
        line(shop, CellStyle(role: .muted))
        y += 1
        let due = sale.status == .underpaid ? (sale.stillDue ?? quote.amount) : quote.amount
        line(sale.status == .underpaid ? "Still to pay" : "Please pay exactly", CellStyle(role: .muted))
        line(due.formatted, CellStyle(role: .accent, bold: true))
        line("= \(quote.fiat.formatted)", CellStyle(role: .text))
        y += 1
        let remaining = Int(quote.expiresAt.timeIntervalSince(now).rounded(.up))
        switch sale.status {
        case .confirming:
            let required = max(1, sale.policy?.requiredConfirmations ?? 1)
            line(sale.confirmations == 0 ? "Payment seen — thank you" : "Payment received — confirming", CellStyle(role: .success, bold: true))
            if y < panel.maxY {
                let barWidth = max(4, panel.width - 6)
                canvas.progressBar(x: panel.x, y: y, width: barWidth, done: sale.confirmations, total: required)
                _ = canvas.write(" \(min(sale.confirmations, required))/\(required)", x: panel.x + barWidth, y: y, style: CellStyle(role: .text))
                y += 1
            }
        default:
            line("Scan the code with your wallet", CellStyle(role: .text, bold: true))
            line("expires in \(StatusLines.countdown(remaining))", CellStyle(role: remaining < 120 ? .warning : .muted))
        }
    }
}
