import Foundation
import TillCore

/// The bottom line on every screen: shop, cashier, clock, each backend, the rate's age, TRAINING.
enum StatusBar {
    static func draw(_ model: TillModel, on canvas: inout Canvas, row: Int) {
        let style = CellStyle(role: .statusBar)
        canvas.fill(Rect(x: 0, y: row, width: canvas.width, height: 1), style: style)
        var parts = [model.shop.name, model.screen == .login ? "not logged in" : model.cashier, clock(model.now, model.timeZone)]
        for coin in model.coins {
            let state: String = switch coin.backend {
            case .online: "online"
            case .offline(_, let since): "OFFLINE \(TillScreen.age(Int(model.now.timeIntervalSince(since))))"
            case .unknown: "…"
            }
            // A fixed rate (training, a configured fixed price) has no age worth ticking on screen.
            let rate = coin.rate.map { $0.source.hasSuffix("fixed") ? "rate fixed" : "rate " + TillScreen.age(Int(model.now.timeIntervalSince($0.time))) } ?? "no rate"
            parts.append("\(coin.asset.symbol) \(state) \(rate)")
        }
        var x = 0
        if let alert = model.storageAlert {
            // First, in the error colour: while it shows, nothing the till sees can be kept.
            x = canvas.write(" \(alert.label) ", x: 0, y: row, style: CellStyle(role: .error, bold: true, reverse: true))
        }
        x = canvas.write(" " + parts.joined(separator: " │ "), x: x, y: row, style: style)
        if model.training {
            let label = " TRAINING "
            x = max(x + 1, canvas.width - label.count)
            _ = canvas.write(label, x: x, y: row, style: CellStyle(role: .warning, bold: true, reverse: true))
        }
    }

    /// HH:MM:SS in the shop's time zone.
    static func clock(_ date: Date, _ zone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let parts = calendar.dateComponents([.hour, .minute, .second], from: date)
        return String(format: "%02d:%02d:%02d", parts.hour ?? 0, parts.minute ?? 0, parts.second ?? 0)
    }
}
