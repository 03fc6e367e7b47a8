import Foundation
import TillCore

/// Draws the Webhooks tab: endpoint chooser, the delivery log table, the selected delivery's details, keys.
enum DeliveriesTabView {
    static let keys = " ↑↓ select · [ ] or 1-9 endpoint · r re-send · u reload · Tab next tab · Esc leave"

    static func draw(_ tab: DeliveriesTab, _ context: ManagerContext, on canvas: inout Canvas, in rect: Rect) {
        let keyRow = rect.maxY - 1
        defer {
            let line = tab.confirming == nil ? keys : " y/Enter re-send · n/Esc cancel"
            _ = canvas.write(line, x: rect.x, y: keyRow, style: CellStyle(role: .muted), maxWidth: rect.width)
        }
        guard let endpoint = tab.endpoint else {
            let why = context.training ? "training mode sends no webhooks" : "no webhook endpoints are configured ([[hook]] type = \"webhook\" in till.toml)"
            _ = canvas.write(why, x: rect.x + 1, y: rect.y, style: CellStyle(role: .muted), maxWidth: rect.width - 2)
            drawMessage(tab, on: &canvas, row: keyRow - 1, rect: rect)
            return
        }
        drawEndpoints(tab, endpoint, on: &canvas, in: rect)
        let detailHeight = 3
        let table = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: max(2, rect.height - 4 - detailHeight))
        drawTable(tab, context, on: &canvas, in: table)
        let detailY = table.maxY
        canvas.horizontalLine(x: rect.x, y: detailY, length: rect.width, style: CellStyle(role: .muted))
        if let row = tab.selected { drawDetail(row, context, on: &canvas, y: detailY + 1, rect: rect) }
        drawMessage(tab, on: &canvas, row: keyRow - 1, rect: rect)
    }

    private static func drawEndpoints(_ tab: DeliveriesTab, _ endpoint: WebhookEndpointRow, on canvas: inout Canvas, in rect: Rect) {
        var x = rect.x + 1
        x += canvas.write("Endpoint:", x: x, y: rect.y, style: CellStyle(role: .muted)) + 1
        for (index, row) in tab.endpoints.enumerated() where x < rect.maxX - 2 {
            let front = index == tab.endpointIndex
            x += canvas.write(" \(index + 1) \(row.name) ", x: x, y: rect.y, style: CellStyle(role: front ? .selection : .muted, bold: front),
                             maxWidth: rect.maxX - x) + 1
        }
        _ = canvas.write("→ \(endpoint.url)", x: x + 1, y: rect.y, style: CellStyle(role: .text), maxWidth: max(0, rect.maxX - x - 2))
        let counts = Dictionary(grouping: tab.rows, by: \.status).mapValues(\.count)
        let summary = "\(tab.rows.count) shown: \(counts[.delivered] ?? 0) delivered, \(counts[.pending] ?? 0) pending, \(counts[.failed] ?? 0) failed"
        _ = canvas.write(summary, x: rect.x + 1, y: rect.y + 1, style: CellStyle(role: .muted), maxWidth: rect.width - 2)
    }

    /// Column widths: id, created, event, sale, status, tries, next attempt; the last error takes the rest.
    static let widths = [6, 14, 14, 17, 9, 5, 9]
    /// Below this width the Created column is left out so the last error keeps some room (the details show it).
    static let createdMinimumWidth = 100
    static let titles = ["#", "Created", "Event", "Sale", "Status", "Tries", "Next", "Last error"]

    private static func drawTable(_ tab: DeliveriesTab, _ context: ManagerContext, on canvas: inout Canvas, in table: Rect) {
        let narrow = table.width < createdMinimumWidth
        drawCells(titles, narrow: narrow, on: &canvas, x: table.x + 1, y: table.y, width: table.width - 2, style: CellStyle(role: .accent, bold: true))
        let body = Rect(x: table.x, y: table.y + 1, width: table.width, height: table.height - 1)
        guard !tab.rows.isEmpty else {
            let text = tab.loadedAt == nil ? "loading…" : "no deliveries to this endpoint yet"
            _ = canvas.write(text, x: body.x + 1, y: body.y, style: CellStyle(role: .muted))
            return
        }
        let first = max(0, min(tab.cursor - body.height / 2, tab.rows.count - body.height))
        for line in 0..<min(body.height, tab.rows.count - first) {
            let row = tab.rows[first + line]
            let selected = first + line == tab.cursor
            let style = CellStyle(role: selected ? .selection : .text, bold: selected)
            canvas.fill(Rect(x: body.x, y: body.y + line, width: body.width, height: 1), style: style)
            let cells = [String(row.id), time(row.createdAt, context), row.eventType, row.saleID, row.status.rawValue,
                         String(row.attempts), row.nextAttemptText(now: context.now), row.lastError ?? ""]
            drawCells(cells, narrow: narrow, on: &canvas, x: body.x + 1, y: body.y + line, width: body.width - 2, style: style,
                      statusStyle: selected ? style : CellStyle(role: role(of: row)))
        }
    }

    private static func drawCells(_ cells: [String], narrow: Bool, on canvas: inout Canvas, x: Int, y: Int, width: Int, style: CellStyle,
                                  statusStyle: CellStyle? = nil) {
        var column = x
        for (index, cell) in cells.enumerated() where !(narrow && index == 1) {
            let available = index < widths.count ? widths[index] : x + width - column
            guard available > 0 else { break }
            _ = canvas.write(cell, x: column, y: y, style: index == 4 ? (statusStyle ?? style) : style, maxWidth: available)
            column += available + 1
        }
    }

    private static func drawDetail(_ row: DeliveryRow, _ context: ManagerContext, on canvas: inout Canvas, y: Int, rect: Rect) {
        var last = "never attempted"
        if let at = row.lastAttemptAt {
            last = "last attempt \(time(at, context))" + (row.lastStatusCode.map { " (HTTP \($0))" } ?? "")
        }
        let lines = [
            "delivery \(row.id) · webhook-id \(row.eventID) · \(row.eventType) of \(row.saleID) · \(last)",
            "last error: \(row.lastError ?? "none")",
        ]
        for (index, line) in lines.enumerated() {
            _ = canvas.write(line, x: rect.x + 1, y: y + index, style: CellStyle(role: index == 1 && row.lastError != nil ? .warning : .text),
                             maxWidth: rect.width - 2)
        }
    }

    private static func drawMessage(_ tab: DeliveriesTab, on canvas: inout Canvas, row: Int, rect: Rect) {
        if let id = tab.confirming {
            let what = tab.rows.first { $0.id == id }.map { "\($0.eventType) of \($0.saleID)" } ?? "delivery \(id)"
            _ = canvas.write("Re-send \(what) to \"\(tab.endpoint?.name ?? "?")\" now (same webhook-id)? y/n", x: rect.x + 1, y: row,
                             style: CellStyle(role: .warning, bold: true), maxWidth: rect.width - 2)
        } else if let message = tab.message {
            let role: ColorRole = switch message.kind {
            case .info: .text
            case .success: .success
            case .warning: .warning
            case .error: .error
            }
            _ = canvas.write(message.text, x: rect.x + 1, y: row, style: CellStyle(role: role), maxWidth: rect.width - 2)
        }
    }

    private static func role(of row: DeliveryRow) -> ColorRole {
        switch row.status {
        case .delivered: .success
        case .failed: .error
        case .pending: row.attempts > 0 ? .warning : .text
        }
    }

    /// "11-25 13:04:58" in the shop's time zone.
    static func time(_ date: Date, _ context: ManagerContext) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = context.timeZone
        let parts = calendar.dateComponents([.month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { value.map { $0 < 10 ? "0\($0)" : "\($0)" } ?? "--" }
        return "\(two(parts.month))-\(two(parts.day)) \(two(parts.hour)):\(two(parts.minute)):\(two(parts.second))"
    }
}
