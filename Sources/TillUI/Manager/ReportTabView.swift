import Foundation
import TillCore

/// Draws the report tab: the day and whether it is closed, the report flowed over as many columns as fit, keys.
enum ReportTabView {
    static let gap = 2

    static func draw(_ tab: ReportTab, _ context: ManagerContext, on canvas: inout Canvas, in rect: Rect) {
        guard rect.height >= 5, rect.width >= 30 else { return }
        let x = rect.x + 1, width = rect.width - 2
        let day = tab.day ?? "…"
        let state = tab.closed.map { "closed by \($0.closedBy) at \(ExceptionsTabView.shortTime($0.closedAt, context.timeZone))" }
            ?? "open (not closed yet)"
        let x1 = x + canvas.write("Z report \(day)", x: x, y: rect.y, style: CellStyle(role: .accent, bold: true), maxWidth: width)
        _ = canvas.write("  " + state, x: x1, y: rect.y, style: CellStyle(role: tab.closed == nil ? .warning : .success),
                         maxWidth: max(0, rect.x + 1 + width - x1))
        let top = rect.y + 2, height = rect.height - 5
        let columns = layout(lines: tab.lines, width: width)
        let visible = Array(tab.lines.dropFirst(tab.scroll))
        if tab.lines.isEmpty {
            _ = canvas.write("loading…", x: x, y: top, style: CellStyle(role: .muted), maxWidth: width)
        }
        for column in 0..<columns.count {
            let slice = visible.dropFirst(column * height).prefix(max(0, height))
            for (row, text) in slice.enumerated() {
                _ = canvas.write(text, x: x + column * (columns.width + gap), y: top + row, style: .plain, maxWidth: columns.width)
            }
        }
        let shownEnd = tab.scroll + columns.count * max(0, height)
        if shownEnd < tab.lines.count {
            _ = canvas.write("↓ \(tab.lines.count - shownEnd) more lines", x: x, y: rect.maxY - 3, style: CellStyle(role: .muted),
                             maxWidth: width)
        }
        if tab.confirmingClose {
            _ = canvas.write("Close \(day) for good? y closes it, any other key keeps it open",
                             x: x, y: rect.maxY - 2, style: CellStyle(role: .warning, bold: true), maxWidth: width)
        } else if let status = tab.status {
            _ = canvas.write(status.text, x: x, y: rect.maxY - 2, style: CellStyle(role: ExceptionsTabView.role(status.kind), bold: true),
                             maxWidth: width)
        }
        let keys = "←→ [ ] day  t today  ↑↓ scroll  \(tab.closed == nil ? "c close  p print" : "p reprint")  w write  Tab tab  Esc leave"
        _ = canvas.write(keys, x: x, y: rect.maxY - 1, style: CellStyle(role: .muted), maxWidth: width)
    }

    /// How many columns of the report fit in `width`, and how wide each is (the widest line, at most `width`).
    static func layout(lines: [String], width: Int) -> (count: Int, width: Int) {
        let widest = min(width, max(1, lines.map(DisplayWidth.of).max() ?? 1))
        return (max(1, (width + gap) / (widest + gap)), widest)
    }
}
