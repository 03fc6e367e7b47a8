import Foundation
import TillCore

/// The receipt of a paid sale, as it will be printed.
enum ReceiptScreen {
    static func draw(_ model: TillModel, on canvas: inout Canvas, in area: Rect) {
        guard let sale = model.sale else { return }
        let width = min(48, area.width - 4)
        let box = Rect(x: (area.width - width - 2) / 2, y: area.y, width: width + 2, height: area.height - 1)
        canvas.box(box, style: CellStyle(role: .muted), title: "Receipt")
        let lines = ReceiptLines.lines(for: sale, shop: model.shop, timeZone: model.timeZone, width: width)
        for (index, text) in lines.prefix(box.height - 2).enumerated() {
            _ = canvas.write(text, x: box.x + 1, y: box.y + 1 + index, style: CellStyle(role: .text), maxWidth: width)
        }
        let status = model.receiptStatus ?? Notice("w write/print · Enter or n new sale · ? help")
        TillScreen.drawNotice(status, on: &canvas, row: area.maxY - 1, width: area.width)
    }
}
