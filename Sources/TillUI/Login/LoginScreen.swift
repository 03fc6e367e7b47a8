import Foundation
import TillCore

/// Draws the PIN screen: the user list and the PIN, or "create the manager" on the first run.
enum LoginScreen {
    static func draw(_ model: TillModel, on canvas: inout Canvas, in rect: Rect) {
        _ = canvas.writeCentered(model.shop.name, y: rect.y + 1, in: rect, style: CellStyle(role: .accent, bold: true))
        let login = model.login
        guard let users = login.users else {
            _ = canvas.writeCentered("loading users…", y: rect.y + 4, in: rect, style: CellStyle(role: .muted))
            return
        }
        let keys: String
        if users.isEmpty {
            drawFirstRun(login, on: &canvas, in: rect)
            keys = " Tab/↓ next field · Enter next, then create · Esc clear the PINs · F10 quit"
        } else {
            drawPicker(model, users, on: &canvas, in: rect)
            keys = " ↑↓ or type a name: pick · digits: PIN · Enter log in · Esc clear · F10 quit"
        }
        if let problem = login.problem {
            _ = canvas.writeCentered(problem, y: rect.maxY - 3, in: rect, style: CellStyle(role: .error, bold: true))
        }
        _ = canvas.write(keys, x: rect.x, y: rect.maxY - 1, style: CellStyle(role: .muted), maxWidth: rect.width)
    }

    private static func drawPicker(_ model: TillModel, _ users: [LoginUser], on canvas: inout Canvas, in rect: Rect) {
        let login = model.login
        let width = min(rect.width - 4, 60)
        let listRows = min(users.count, max(1, rect.height - 12))
        let box = Rect(x: rect.x + (rect.width - width) / 2, y: rect.y + 3, width: width, height: listRows + 6)
        canvas.box(box, style: CellStyle(role: .accent), title: "Log in")
        let first = max(0, min(login.cursor - listRows + 1, users.count - listRows))
        for (row, index) in (first..<(first + listRows)).enumerated() {
            let user = users[index]
            let selected = index == login.cursor
            let style = CellStyle(role: selected ? .selection : .text, bold: selected)
            let y = box.y + 1 + row
            canvas.fill(Rect(x: box.x + 1, y: y, width: box.width - 2, height: 1), style: style)
            _ = canvas.write("\(selected ? "▸" : " ") \(user.name)", x: box.x + 2, y: y, style: style, maxWidth: 19)
            var role = user.isManager ? "manager" : "cashier"
            if let until = user.lockedUntil, until > model.now { role += " · locked until \(model.localTime(of: until))" }
            _ = canvas.write(role, x: box.x + 22, y: y, style: selected ? style : CellStyle(role: .muted),
                             maxWidth: box.width - 24)
        }
        let pinRow = box.maxY - 3
        let name = login.selectedUser?.name ?? ""
        let after = canvas.write("PIN for \(name): ", x: box.x + 2, y: pinRow, style: CellStyle(role: .text, bold: true), maxWidth: 34)
        _ = canvas.write(login.pin.display + "█", x: box.x + 2 + after, y: pinRow, style: CellStyle(role: .accent, bold: true))
        if !login.typedName.isEmpty {
            _ = canvas.write("name: \(login.typedName)", x: box.x + 2, y: box.maxY - 2, style: CellStyle(role: .muted),
                             maxWidth: box.width - 4)
        }
    }

    private static func drawFirstRun(_ login: LoginState, on canvas: inout Canvas, in rect: Rect) {
        let width = min(rect.width - 4, 60)
        let box = Rect(x: rect.x + (rect.width - width) / 2, y: rect.y + 3, width: width, height: 9)
        canvas.box(box, style: CellStyle(role: .accent), title: "First run: create the manager")
        _ = canvas.write("No users yet. The first user is the manager.", x: box.x + 2, y: box.y + 1,
                         style: CellStyle(role: .text), maxWidth: box.width - 4)
        let rows: [(FirstRunField, String, TextField)] = [
            (.name, "Name", login.newName), (.pin, "PIN (4–12 digits)", login.newPIN), (.repeatPIN, "PIN again", login.repeatPIN),
        ]
        for (offset, row) in rows.enumerated() {
            let focused = login.field == row.0
            let y = box.y + 3 + offset * 2
            _ = canvas.write(row.1, x: box.x + 2, y: y, style: CellStyle(role: focused ? .accent : .muted, bold: focused))
            _ = canvas.write(row.2.display + (focused ? "█" : ""), x: box.x + 22, y: y,
                             style: CellStyle(role: .text, bold: focused), maxWidth: box.width - 24)
        }
    }
}

/// The manager-PIN dialog over the catalog, for a cashier who pressed `m`.
enum OverrideOverlay {
    static func draw(_ dialog: OverrideDialog, _ model: TillModel, on canvas: inout Canvas) {
        let width = min(canvas.width - 4, 58)
        let box = Rect(x: (canvas.width - width) / 2, y: max(0, canvas.height / 2 - 6), width: width, height: 11)
        canvas.fill(box, style: CellStyle(role: .text))
        canvas.box(box, lineStyle: .double, style: CellStyle(role: .warning), title: "Manager override")
        let who = model.session?.name ?? model.cashier
        let (why, how): (String, String) = switch dialog.purpose {
        case .managerScreen: ("The manager screen needs a manager's PIN", "(it opens inside \(who)'s session, audited).")
        case .cancelSale(let saleID, let owner): ("Cancelling \(owner)'s sale needs a manager's PIN", "(\(saleID), audited).")
        }
        _ = canvas.write(why, x: box.x + 2, y: box.y + 1, style: CellStyle(role: .warning, bold: true), maxWidth: box.width - 4)
        _ = canvas.write(how, x: box.x + 2, y: box.y + 2, style: CellStyle(role: .text), maxWidth: box.width - 4)
        let fields: [(OverrideDialog.Field, String, TextField)] = [(.manager, "Manager", dialog.manager), (.pin, "PIN", dialog.pin)]
        for (offset, field) in fields.enumerated() {
            let focused = dialog.field == field.0
            let y = box.y + 4 + offset
            _ = canvas.write(field.1, x: box.x + 2, y: y, style: CellStyle(role: focused ? .accent : .muted, bold: focused))
            _ = canvas.write(field.2.display + (focused ? "█" : ""), x: box.x + 12, y: y,
                             style: CellStyle(role: .text, bold: focused), maxWidth: box.width - 14)
        }
        let managers = (model.login.users ?? []).filter(\.isManager).map(\.name)
        if !managers.isEmpty {
            _ = canvas.write("managers: " + managers.joined(separator: ", "), x: box.x + 2, y: box.y + 6,
                             style: CellStyle(role: .muted), maxWidth: box.width - 4)
        }
        if let problem = dialog.problem {
            _ = canvas.write(problem, x: box.x + 2, y: box.y + 7, style: CellStyle(role: .error, bold: true), maxWidth: box.width - 4)
        }
        let action = dialog.purpose == .managerScreen ? "open" : "approve"
        _ = canvas.writeCentered("Tab switch field · Enter next, then \(action) · Esc cancel", y: box.maxY - 2, in: box,
                                 style: CellStyle(role: .muted))
    }
}
