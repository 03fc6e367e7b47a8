import Foundation
import TillCore

/// Draws the whole screen for a model: a pure function, so every screen is testable as text.
public enum TillScreen {
    /// The smallest terminal the till lays out in.
    public static let minimumSize = TextSize(columns: 80, rows: 24)

    public static func render(_ model: TillModel) -> Canvas {
        var canvas = Canvas(size: model.size, fill: Cell(" ", style: CellStyle(role: .background)))
        guard model.size.fits(minimumSize) else {
            drawTooSmall(&canvas, model.size)
            return canvas
        }
        let overStatusBar = PaymentScreen.coversStatusBar(model)
        let body = Rect(x: 0, y: 0, width: model.size.columns, height: model.size.rows - (overStatusBar ? 0 : 1))
        switch model.screen {
        case .catalog: CatalogScreen.draw(model, on: &canvas, in: body)
        case .coinPicker: CoinPickerScreen.draw(model, on: &canvas, in: body)
        case .payment: PaymentScreen.draw(model, on: &canvas, in: body)
        case .receipt: ReceiptScreen.draw(model, on: &canvas, in: body)
        case .login: LoginScreen.draw(model, on: &canvas, in: body)
        case .manager: ManagerScreen.draw(model, on: &canvas, in: body)
        }
        if !overStatusBar { StatusBar.draw(model, on: &canvas, row: model.size.rows - 1) }
        if let dialog = model.login.override { OverrideOverlay.draw(dialog, model, on: &canvas) }
        if model.showHelp { HelpOverlay.draw(model, on: &canvas) }
        if let question = model.confirmation { ConfirmOverlay.draw(question, on: &canvas) }
        return canvas
    }

    private static func drawTooSmall(_ canvas: inout Canvas, _ size: TextSize) {
        let lines = ["Terminal too small", "need at least \(minimumSize), now \(size)", "enlarge the window (q quits)"]
        for (index, line) in lines.enumerated() {
            _ = canvas.writeCentered(line, y: max(0, size.rows / 2 - 1) + index, style: CellStyle(role: index == 0 ? .error : .text))
        }
    }

    /// The notice line above the status bar.
    static func drawNotice(_ notice: Notice?, on canvas: inout Canvas, row: Int, width: Int) {
        guard let notice else { return }
        let role: ColorRole = switch notice.kind {
        case .info: .text
        case .success: .success
        case .warning: .warning
        case .error: .error
        }
        _ = canvas.write(" " + notice.text, x: 0, y: row, style: CellStyle(role: role, bold: notice.kind != .info), maxWidth: width)
    }

    /// "12s", "4m", "2h": a short age for rates and backends.
    static func age(_ seconds: Int) -> String {
        switch seconds {
        case ..<0: return "0s"
        case ..<120: return "\(seconds)s"
        case ..<7_200: return "\(seconds / 60)m"
        default: return "\(seconds / 3_600)h"
        }
    }

    /// "mAbc dEf1 23…": an address in groups of four, for reading aloud.
    static func grouped(_ text: String, size: Int = 4) -> String {
        var groups: [String] = []
        var current = ""
        for character in text {
            current.append(character)
            if current.count == size { groups.append(current); current = "" }
        }
        if !current.isEmpty { groups.append(current) }
        return groups.joined(separator: " ")
    }

    /// Splits `text` into lines of at most `width` columns at spaces.
    static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        var lines: [String] = []
        var line = ""
        for word in text.split(separator: " ") {
            if line.isEmpty { line = String(word) } else if line.count + 1 + word.count <= width { line += " " + word } else {
                lines.append(line)
                line = String(word)
            }
            while line.count > width { lines.append(String(line.prefix(width))); line = String(line.dropFirst(width)) }
        }
        if !line.isEmpty { lines.append(line) }
        return lines
    }
}
