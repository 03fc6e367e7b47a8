import Foundation
import TillCore

/// Draws the sales tab: filter line, live totals, the list (or one sale's details), a message line and the keys.
enum SalesTabView {
    static func draw(_ tab: SalesTab, _ context: ManagerContext, on canvas: inout Canvas, in rect: Rect) {
        let layout = SalesLayout(height: rect.height)
        let width = rect.width - 2
        let x = rect.x + 1
        if case .details = tab.mode {
            drawDetails(tab, context, layout, on: &canvas, x: x, y: rect.y, width: width)
        } else {
            drawFilterLine(tab, on: &canvas, x: x, y: rect.y, width: width)
            drawTotals(tab, context, layout, on: &canvas, x: x, y: rect.y + 1, width: width)
            drawList(tab, context, layout, on: &canvas, x: x, y: rect.y + 2 + layout.totalsRows, width: width)
        }
        drawMessage(tab, on: &canvas, x: x, y: rect.maxY - 2, width: width)
        drawKeys(keys(tab.mode), on: &canvas, x: x, y: rect.maxY - 1, width: width)
    }

    /// The keys of each mode, most dispensable first (a narrow screen drops from the front).
    static func keys(_ mode: SalesTab.Mode) -> [(key: String, label: String)] {
        switch mode {
        case .list:
            [("↑↓ PgUp PgDn Home", "scroll"), ("Enter", "open"), ("f/t", "days"), ("c", "coin"), ("s", "status"),
             ("u/l", "cashier/lane"), ("r", "clear"), ("g", "sums"), ("e", "export")]
        case .editing: [("type", "the value"), ("Enter", "apply (empty clears)"), ("Esc", "cancel")]
        case .details: [("↑↓ PgUp PgDn Home End", "scroll"), ("Esc", "back to the list")]
        case .exporting: [("c/Enter", "CSV"), ("j", "JSON"), ("Esc", "cancel")]
        }
    }

    /// Keys bold, what they do muted; two spaces apart when that fits, else one, else the first hints go.
    private static func drawKeys(_ hints: [(key: String, label: String)], on canvas: inout Canvas, x: Int, y: Int, width: Int) {
        func length(_ hints: ArraySlice<(key: String, label: String)>, _ gap: Int) -> Int {
            hints.reduce(0) { $0 + DisplayWidth.of($1.key) + 1 + DisplayWidth.of($1.label) } + gap * max(0, hints.count - 1)
        }
        var shown = hints[...], gap = 2
        if length(shown, gap) > width { gap = 1 }
        while length(shown, gap) > width, shown.count > 1 { shown = shown.dropFirst() }
        var column = x
        for hint in shown {
            column += canvas.write(hint.key, x: column, y: y, style: CellStyle(role: .accent, bold: true), maxWidth: x + width - column)
            column += canvas.write(" " + hint.label, x: column, y: y, style: CellStyle(role: .muted), maxWidth: x + width - column) + gap
        }
    }

    private static func drawFilterLine(_ tab: SalesTab, on canvas: inout Canvas, x: Int, y: Int, width: Int) {
        if case .editing(let field, let text) = tab.mode {
            let label = switch field {
            case .from: "From day (YYYY-MM-DD): "
            case .to: "To day (YYYY-MM-DD): "
            case .cashier: "Cashier: "
            case .lane: "Lane: "
            }
            let used = canvas.write(label, x: x, y: y, style: CellStyle(role: .accent, bold: true), maxWidth: width)
            let typed = canvas.write(text.display, x: x + used, y: y, style: CellStyle(role: .text, bold: true), maxWidth: width - used)
            _ = canvas.write("▏", x: x + used + typed, y: y, style: CellStyle(role: .accent), maxWidth: width - used - typed)
            return
        }
        let used = canvas.write("Filter: ", x: x, y: y, style: CellStyle(role: .muted), maxWidth: width)
        _ = canvas.write(tab.filter.summary, x: x + used, y: y,
                         style: CellStyle(role: tab.filter.isEmpty ? .text : .warning, bold: !tab.filter.isEmpty),
                         maxWidth: width - used)
    }

    private static func drawTotals(_ tab: SalesTab, _ context: ManagerContext, _ layout: SalesLayout, on canvas: inout Canvas,
                                   x: Int, y: Int, width: Int) {
        let all = SalesTotalsText.all(tab.totals, currency: context.currency)
        let compact = width < 100
        let title = compact ? "Totals/\(tab.grouping.rawValue) due/in: " : "Totals by \(tab.grouping.rawValue) · "
        let used = canvas.write(title, x: x, y: y, style: CellStyle(role: .accent, bold: true), maxWidth: width)
        _ = canvas.write(SalesTotalsText.line(all, labelWidth: 0, compact: compact), x: x + used, y: y,
                         style: CellStyle(role: .text, bold: true), maxWidth: width - used)
        // Newest day first: today's figures are what a manager watches.
        let groups = tab.grouping == .day ? Array(tab.totals.reversed()) : tab.totals
        let shown = groups.count > layout.totalsRows ? layout.totalsRows - 1 : groups.count
        for (offset, group) in groups.prefix(shown).enumerated() {
            _ = canvas.write("  " + SalesTotalsText.line(group, labelWidth: 12, compact: compact), x: x, y: y + 1 + offset, maxWidth: width)
        }
        if shown < groups.count {
            _ = canvas.write("  … \(groups.count - shown) more", x: x, y: y + 1 + shown, style: CellStyle(role: .muted), maxWidth: width)
        }
    }

    private static func drawList(_ tab: SalesTab, _ context: ManagerContext, _ layout: SalesLayout, on canvas: inout Canvas,
                                 x: Int, y: Int, width: Int) {
        let columns = SalesColumns(width: width, longestID: tab.rows.map { DisplayWidth.of($0.id) }.max() ?? 0)
        _ = canvas.write(columns.heading, x: x, y: y, style: CellStyle(role: .muted, bold: true), maxWidth: width)
        guard !tab.rows.isEmpty else {
            let text = tab.loaded ? "no sales match the filter" : "loading…"
            _ = canvas.write(text, x: x, y: y + 1, style: CellStyle(role: .muted), maxWidth: width)
            return
        }
        // The model keeps `top` in step with the selection; clamp again in case the terminal changed size since.
        let visible = layout.listRows
        let top = max(0, min(max(tab.top, tab.selection - visible + 1), tab.selection))
        for (offset, index) in (top..<min(tab.rows.count, top + visible)).enumerated() {
            let row = tab.rows[index]
            let selected = index == tab.selection
            let role: ColorRole = selected ? .selection : (row.flags.isEmpty && !row.refunded ? .text : .warning)
            if selected { canvas.fill(Rect(x: x, y: y + 1 + offset, width: width, height: 1), style: CellStyle(role: .selection)) }
            _ = canvas.write(columns.line(row, context.timeZone), x: x, y: y + 1 + offset, style: CellStyle(role: role, bold: selected),
                             maxWidth: width)
        }
    }

    private static func drawDetails(_ tab: SalesTab, _ context: ManagerContext, _ layout: SalesLayout, on canvas: inout Canvas,
                                    x: Int, y: Int, width: Int) {
        guard let details = tab.details else {
            _ = canvas.write("loading the sale…", x: x, y: y, style: CellStyle(role: .muted), maxWidth: width)
            return
        }
        let lines = SalesDetailLines.lines(details, context, width: width)
        let visible = layout.detailRows
        let top = max(0, min(tab.detailsTop, lines.count - visible))
        let last = min(lines.count, top + visible)
        let position = lines.count > visible ? "lines \(top + 1)–\(last) of \(lines.count)" : "\(lines.count) lines"
        let used = canvas.write("Sale details · ", x: x, y: y, style: CellStyle(role: .muted), maxWidth: width)
        _ = canvas.write(position, x: x + used, y: y, style: CellStyle(role: .muted), maxWidth: width - used)
        for (offset, line) in lines[top..<last].enumerated() {
            _ = canvas.write(line.text, x: x, y: y + 1 + offset, style: CellStyle(role: line.role, bold: line.bold), maxWidth: width)
        }
    }

    private static func drawMessage(_ tab: SalesTab, on canvas: inout Canvas, x: Int, y: Int, width: Int) {
        if case .exporting(let from, let to) = tab.mode {
            _ = canvas.write("Export sales of \(from) … \(to) to exports/: CSV or JSON?", x: x, y: y,
                             style: CellStyle(role: .accent, bold: true), maxWidth: width)
            return
        }
        if let message = tab.message {
            let role: ColorRole = switch message.kind {
            case .info: .text
            case .success: .success
            case .warning: .warning
            case .error: .error
            }
            _ = canvas.write(message.text, x: x, y: y, style: CellStyle(role: role, bold: message.kind == .error), maxWidth: width)
            return
        }
        if tab.mode == .list, !tab.rows.isEmpty {
            let more = tab.next == nil ? "" : "+"
            _ = canvas.write("sale \(tab.selection + 1) of \(tab.rows.count)\(more) loaded", x: x, y: y,
                             style: CellStyle(role: .muted), maxWidth: width)
        }
    }
}
