import TillCore

/// `?`: every key, in a box over the screen.
enum HelpOverlay {
    static let keys: [(String, String)] = [
        ("↑ ↓  j k", "move"), ("← →", "category"), ("Tab", "products / cart"), ("Enter", "add, choose"),
        ("/", "search"), ("digits + Enter", "scan a barcode or type a SKU"), ("+ -", "quantity"), ("x  Delete", "remove a line"),
        ("c", "checkout"), ("1–9", "pick a coin"), ("Esc", "back, or cancel (asks first)"), ("f", "full-screen QR"),
        ("r", "receipt"), ("w", "write / print the receipt"), ("n", "new sale"), ("m  o", "manager screen, log out"), ("?", "this help"),
        ("q", "quit (asks while a payment is pending)"),
    ]
    static let trainingKeys: [(String, String)] = [("p", "TRAINING: the customer pays"), ("b", "TRAINING: mine a block")]

    static func draw(_ model: TillModel, on canvas: inout Canvas) {
        let rows = keys + (model.training ? trainingKeys : [])
        let height = min(canvas.height - 2, rows.count + 3)
        let width = min(canvas.width - 4, 60)
        let box = Rect(x: (canvas.width - width) / 2, y: max(0, (canvas.height - height) / 2 - 1), width: width, height: height)
        canvas.fill(box, style: CellStyle(role: .text))
        canvas.box(box, lineStyle: .double, style: CellStyle(role: .accent), title: "Keys")
        for (index, row) in rows.prefix(height - 3).enumerated() {
            _ = canvas.write(row.0, x: box.x + 2, y: box.y + 1 + index, style: CellStyle(role: .accent, bold: true), maxWidth: 18)
            _ = canvas.write(row.1, x: box.x + 21, y: box.y + 1 + index, style: CellStyle(role: .text), maxWidth: box.width - 23)
        }
        _ = canvas.writeCentered("any key closes", y: box.maxY - 2, in: box, style: CellStyle(role: .muted))
    }
}

/// A yes/no question before something irreversible.
enum ConfirmOverlay {
    static func draw(_ question: Confirmation, on canvas: inout Canvas) {
        let text = switch question {
        case .cancelSale: "Cancel this sale? The customer has not paid."
        case .quit: "A payment is pending. Quit anyway?"
        }
        let width = min(canvas.width - 4, text.count + 6)
        let box = Rect(x: (canvas.width - width) / 2, y: canvas.height / 2 - 2, width: width, height: 5)
        canvas.fill(box, style: CellStyle(role: .text))
        canvas.box(box, lineStyle: .double, style: CellStyle(role: .warning), title: "Confirm")
        _ = canvas.writeCentered(text, y: box.y + 1, in: box, style: CellStyle(role: .warning, bold: true))
        _ = canvas.writeCentered("y yes · any other key no", y: box.y + 3, in: box, style: CellStyle(role: .muted))
    }
}
