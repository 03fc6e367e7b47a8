import TillCore

/// Categories across the top, products on the left, the cart on the right.
enum CatalogScreen {
    static func draw(_ model: TillModel, on canvas: inout Canvas, in area: Rect) {
        drawCategories(model, on: &canvas, y: area.y, width: area.width)
        let cartWidth = max(34, area.width * 2 / 5)
        let strip = model.inFlight.isEmpty ? 0 : 1
        let list = Rect(x: 0, y: area.y + 1, width: area.width - cartWidth, height: area.height - 2 - strip)
        let cartBox = Rect(x: list.maxX, y: area.y + 1, width: cartWidth, height: area.height - 2 - strip)
        if strip > 0 { InFlightStrip.draw(model, on: &canvas, x: 1, y: area.maxY - 2, width: area.width - 2) }
        drawProducts(model, on: &canvas, in: list)
        CartPanel.draw(model, on: &canvas, in: cartBox)
        drawPrompt(model, on: &canvas, row: area.maxY - 1, width: area.width)
    }

    private static func drawCategories(_ model: TillModel, on canvas: inout Canvas, y: Int, width: Int) {
        var x = canvas.write(" Catalog ", x: 0, y: y, style: CellStyle(role: .accent, bold: true))
        for (index, name) in model.browser.categories.enumerated() where x < width {
            let selected = index == model.browser.categoryIndex
            x += canvas.write(" \(name) ", x: x, y: y, style: CellStyle(role: selected ? .selection : .muted, bold: selected,
                                                                         reverse: false), maxWidth: width - x)
        }
    }

    private static func drawProducts(_ model: TillModel, on canvas: inout Canvas, in box: Rect) {
        let focused = model.focus == .products && model.searching == nil
        canvas.box(box, style: CellStyle(role: focused ? .accent : .muted), title: "Products (\(model.browser.visible.count))")
        let inner = box.inset(by: 1)
        let listed = model.browser.visible
        guard !listed.isEmpty else {
            _ = canvas.write("no products match", x: inner.x + 1, y: inner.y, style: CellStyle(role: .muted))
            return
        }
        // Keep the cursor visible: scroll by pages of the list's height.
        let first = max(0, min(model.productCursor - inner.height / 2, listed.count - inner.height))
        for row in 0..<min(inner.height, listed.count - first) {
            let product = model.browser.catalog.products[listed[first + row]]
            let selected = first + row == model.productCursor
            let style = CellStyle(role: selected && focused ? .selection : .text, bold: selected)
            canvas.fill(Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1), style: style)
            let price = product.price.formatted
            let count = model.browser.stock(of: product)
            let stock = stockLabel(count)
            let nameWidth = inner.width - price.count - stock.count - 3
            _ = canvas.write(product.name, x: inner.x + 1, y: inner.y + row, style: style, maxWidth: nameWidth)
            _ = canvas.write(price, x: inner.maxX - price.count - stock.count - 1, y: inner.y + row, style: style)
            if !stock.isEmpty {
                let role: ColorRole = (count ?? 0) <= 0 ? .error : .warning
                _ = canvas.write(stock, x: inner.maxX - stock.count, y: inner.y + row, style: CellStyle(role: selected && focused ? .selection : role))
            }
        }
    }

    /// " out" for zero stock, " 2 left" when low (3 or fewer), nothing otherwise.
    static func stockLabel(_ count: Int?) -> String {
        guard let stock = count else { return "" }
        if stock <= 0 { return " out" }
        return stock <= 3 ? " \(stock) left" : ""
    }

    private static func drawPrompt(_ model: TillModel, on canvas: inout Canvas, row: Int, width: Int) {
        if let query = model.searching {
            _ = canvas.write(" / search: \(query)█  (Enter keeps the filter, Esc clears)", x: 0, y: row, style: CellStyle(role: .accent), maxWidth: width)
        } else if !model.scanBuffer.isEmpty {
            _ = canvas.write(" scan/SKU: \(model.scanBuffer)█  (Enter adds, Esc clears)", x: 0, y: row, style: CellStyle(role: .accent), maxWidth: width)
        } else if model.notice != nil {
            TillScreen.drawNotice(model.notice, on: &canvas, row: row, width: width)
        } else {
            _ = canvas.write(" Enter add · / search · Tab cart · +/- qty · x remove · c checkout · ? help · q quit", x: 0, y: row,
                             style: CellStyle(role: .muted), maxWidth: width)
        }
    }
}

/// The running cart with line totals, tax and the total.
enum CartPanel {
    static func draw(_ model: TillModel, on canvas: inout Canvas, in box: Rect) {
        let cart = model.cart
        let title = model.sale.map { "Cart \($0.id)" } ?? "Cart"
        canvas.box(box, style: CellStyle(role: model.focus == .cart ? .accent : .muted), title: title)
        let inner = box.inset(by: 1)
        guard !cart.isEmpty else {
            _ = canvas.write("empty: Enter adds a product", x: inner.x + 1, y: inner.y, style: CellStyle(role: .muted))
            return
        }
        let totalsHeight = cart.taxMode == .excluded || cart.tax.minor > 0 ? 4 : 2
        let linesHeight = max(1, inner.height - totalsHeight)
        let first = max(0, min(model.cartCursor - linesHeight / 2, cart.lines.count - linesHeight))
        for row in 0..<min(linesHeight, cart.lines.count - first) {
            let line = cart.lines[first + row]
            let selected = model.focus == .cart && first + row == model.cartCursor
            let style = CellStyle(role: selected ? .selection : .text)
            canvas.fill(Rect(x: inner.x, y: inner.y + row, width: inner.width, height: 1), style: style)
            let amount = line.net.formatted
            _ = canvas.write("\(line.quantity)× \(line.product.name)", x: inner.x + 1, y: inner.y + row, style: style,
                             maxWidth: inner.width - amount.count - 3)
            _ = canvas.write(amount, x: inner.maxX - amount.count - 1, y: inner.y + row, style: style)
        }
        var y = inner.maxY - totalsHeight
        canvas.horizontalLine(x: inner.x, y: y, length: inner.width, style: CellStyle(role: .muted))
        y += 1
        if totalsHeight == 4 {
            row("Subtotal", cart.subtotal.formatted, &canvas, inner, &y, CellStyle(role: .text))
            row(cart.taxMode == .included ? "incl. tax" : "Tax", cart.tax.formatted, &canvas, inner, &y, CellStyle(role: .muted))
        }
        row("Total", cart.total.formatted, &canvas, inner, &y, CellStyle(role: .accent, bold: true))
    }

    private static func row(_ label: String, _ value: String, _ canvas: inout Canvas, _ inner: Rect, _ y: inout Int, _ style: CellStyle) {
        _ = canvas.write(label, x: inner.x + 1, y: y, style: style)
        _ = canvas.write(value, x: inner.maxX - value.count - 1, y: y, style: style)
        y += 1
    }
}
