import TillCore

/// The manager screen: a tab bar, the front tab, and a key line.
enum ManagerScreen {
    static func draw(_ model: TillModel, on canvas: inout Canvas, in rect: Rect) {
        let context = model.managerContext
        var x = rect.x + 1
        for tab in ManagerTab.allCases {
            let front = tab == model.manager.tab
            x += canvas.write(" \(tab.title) ", x: x, y: rect.y, style: CellStyle(role: front ? .selection : .muted, bold: front)) + 1
        }
        let who = context.onBehalfOf.map { "\(context.approver) (override for \($0))" } ?? context.approver
        let label = "manager: \(who)"
        _ = canvas.write(label, x: max(x + 1, rect.maxX - DisplayWidth.of(label) - 1), y: rect.y,
                         style: CellStyle(role: context.onBehalfOf == nil ? .accent : .warning, bold: true))
        canvas.horizontalLine(x: rect.x, y: rect.y + 1, length: rect.width, style: CellStyle(role: .muted))
        let body = Rect(x: rect.x, y: rect.y + 2, width: rect.width, height: rect.height - 3)
        switch model.manager.tab {
        case .sales: SalesTabView.draw(model.manager.sales, context, on: &canvas, in: body)
        case .exceptions: ExceptionsTabView.draw(model.manager.exceptions, context, on: &canvas, in: body)
        case .report: ReportTabView.draw(model.manager.report, context, on: &canvas, in: body)
        case .deliveries: DeliveriesTabView.draw(model.manager.deliveries, context, on: &canvas, in: body)
        }
        TillScreen.drawNotice(model.notice, on: &canvas, row: rect.maxY - 1, width: rect.width)
    }
}
