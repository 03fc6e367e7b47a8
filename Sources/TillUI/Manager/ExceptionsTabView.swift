import Foundation
import TillCore

/// Draws the exceptions tab: the queue, the selected sale's details, the keys, and the open dialog on top.
enum ExceptionsTabView {
    static func draw(_ tab: ExceptionsTab, _ context: ManagerContext, on canvas: inout Canvas, in rect: Rect) {
        guard rect.height >= 6, rect.width >= 30 else { return }
        let x = rect.x + 1, width = rect.width - 2
        let scope = tab.includeResolved ? "open and resolved" : "open"
        let count = tab.rows.count == 1 ? "1 sale" : "\(tab.rows.count) sales"
        _ = canvas.write("Exceptions (\(scope)): \(count)\(tab.more ? (tab.loadingMore ? ", loading more…" : ", more below") : "")", x: x, y: rect.y,
                         style: CellStyle(role: .accent, bold: true), maxWidth: width)
        let wide = width >= 100
        _ = canvas.write(header(wide), x: x, y: rect.y + 1, style: CellStyle(role: .muted), maxWidth: width)
        let listTop = rect.y + 2, detailRows = 2
        let listHeight = rect.height - 3 - detailRows - 1
        if tab.rows.isEmpty {
            _ = canvas.write("Nothing needs the manager.", x: x, y: listTop, style: CellStyle(role: .success), maxWidth: width)
        }
        let first = max(0, min(tab.cursor - listHeight + 1, tab.rows.count - listHeight))
        for (offset, row) in tab.rows.dropFirst(first).prefix(max(0, listHeight)).enumerated() {
            let index = first + offset
            let style = index == tab.cursor ? CellStyle(role: .selection, bold: true)
                : CellStyle(role: row.resolved ? .muted : .text)
            let line = Self.line(row, context, wide: wide)
            canvas.fill(Rect(x: x, y: listTop + offset, width: width, height: 1), style: style)
            _ = canvas.write(line, x: x, y: listTop + offset, style: style, maxWidth: width)
        }
        let detailTop = rect.maxY - 2 - detailRows
        if let row = tab.selected {
            for (offset, text) in details(row).prefix(detailRows).enumerated() {
                _ = canvas.write(text, x: x, y: detailTop + offset, style: .plain, maxWidth: width)
            }
        }
        if let status = tab.status {
            _ = canvas.write(status.text, x: x, y: rect.maxY - 2, style: CellStyle(role: role(status.kind), bold: true), maxWidth: width)
        }
        let keys = "↑↓ move  a accept  r refund  v void  s resolved  F5 reload  Tab tab  Esc leave"
        _ = canvas.write(keys, x: x, y: rect.maxY - 1, style: CellStyle(role: .muted), maxWidth: width)
        if let dialog = tab.dialog { drawDialog(dialog, tab.rows.first { $0.saleID == dialog.saleID }, on: &canvas, in: rect) }
    }

    static func header(_ wide: Bool) -> String {
        pad("Sale", 16) + pad("Opened", 12) + pad("Cashier", 9) + pad("Status", 10) + pad("Total", 10, right: true) + " "
            + (wide ? pad("Received", 24) : "") + "Why"
    }

    static func line(_ row: ExceptionRow, _ context: ManagerContext, wide: Bool) -> String {
        pad(row.saleID, 16) + pad(shortTime(row.openedAt, context.timeZone), 12) + pad(row.cashier, 9)
            + pad(SalesText.status(row.status), 10) + pad(row.fiatTotal.formatted, 10, right: true) + " "
            + (wide ? pad(row.received?.formatted ?? "-", 24) : "") + row.reasonText
    }

    static func details(_ row: ExceptionRow) -> [String] {
        let received = row.received?.formatted ?? "nothing"
        let due = row.due.map { " of \($0.formatted) due" } ?? ""
        let actions = row.actions.isEmpty ? "none" : row.actions.map { "\($0.key) \($0.title)" }.joined(separator: " · ")
        return ["\(row.saleID): received \(received)\(due) · \(row.reasonText)", "Actions: \(actions)"]
    }

    static func drawDialog(_ dialog: ExceptionDialog, _ row: ExceptionRow?, on canvas: inout Canvas, in rect: Rect) {
        let width = min(rect.width - 4, 72)
        let height = dialog.action == .recordRefund ? 9 : 8
        let box = Rect(x: rect.x + (rect.width - width) / 2, y: rect.y + max(0, (rect.height - height) / 2),
                       width: width, height: height)
        canvas.fill(box)
        canvas.box(box, lineStyle: .rounded, style: CellStyle(role: .accent), title: dialog.title,
                   titleStyle: CellStyle(role: .accent, bold: true))
        let x = box.x + 2, inner = box.width - 4
        var y = box.y + 1
        if let row {
            _ = canvas.write("\(SalesText.status(row.status)), \(row.fiatTotal.formatted), received \(row.received?.formatted ?? "nothing")",
                             x: x, y: y, style: CellStyle(role: .muted), maxWidth: inner)
        }
        y += 2
        switch dialog.action {
        case .acceptAsPaid, .void:
            field("Reason", dialog.reason, focused: true, x: x, y: y, width: inner, on: &canvas)
            y += 1
        case .recordRefund:
            field("Txid", dialog.txid, focused: dialog.focus == .txid, x: x, y: y, width: inner, on: &canvas)
            let unit = dialog.asset.map { "Amount \($0.symbol)" } ?? "Amount"
            field(unit, dialog.amount, focused: dialog.focus == .amount, x: x, y: y + 1, width: inner, on: &canvas)
            y += 2
        }
        if let error = dialog.error {
            _ = canvas.write(error, x: x, y: y, style: CellStyle(role: .error, bold: true), maxWidth: inner)
        }
        let hint = dialog.action == .recordRefund ? "Tab next field  Enter record  Esc cancel" : "Enter confirm  Esc cancel"
        _ = canvas.write(hint, x: x, y: box.maxY - 2, style: CellStyle(role: .muted), maxWidth: inner)
    }

    static func field(_ label: String, _ field: TextField, focused: Bool, x: Int, y: Int, width: Int, on canvas: inout Canvas) {
        let labelWidth = 12
        _ = canvas.write(label, x: x, y: y, style: CellStyle(role: focused ? .accent : .muted, bold: focused), maxWidth: labelWidth)
        let room = max(1, width - labelWidth)
        // The end of a long input stays in view, where the cursor is.
        let shown = String(field.display.suffix(room - 1)) + (focused ? "_" : "")
        _ = canvas.write(shown, x: x + labelWidth, y: y, style: CellStyle(role: .text, bold: focused), maxWidth: room)
    }

    static func role(_ kind: Notice.Kind) -> ColorRole {
        switch kind {
        case .info: .text
        case .success: .success
        case .warning: .warning
        case .error: .error
        }
    }

    /// "11-25 13:05" in the shop's zone.
    static func shortTime(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.month, .day, .hour, .minute], from: date)
        return String(format: "%02d-%02d %02d:%02d", parts.month ?? 0, parts.day ?? 0, parts.hour ?? 0, parts.minute ?? 0)
    }

    /// `text` cut or padded to `width` columns (right-aligned when asked).
    static func pad(_ text: String, _ width: Int, right: Bool = false) -> String {
        var cut = text
        while DisplayWidth.of(cut) > width - 1 && !cut.isEmpty { cut.removeLast() }
        let fill = String(repeating: " ", count: max(0, width - 1 - DisplayWidth.of(cut)))
        return right ? fill + cut + " " : cut + fill + " "
    }
}
