import Foundation
import TillCore

/// The coins the shop takes, each with the live amount due and the rate's age, or why it can't be used.
enum CoinPickerScreen {
    static func draw(_ model: TillModel, on canvas: inout Canvas, in area: Rect) {
        let total = model.cart.total
        _ = canvas.write(" Choose a coin — total \(total.formatted)", x: 0, y: area.y, style: CellStyle(role: .accent, bold: true))
        let box = Rect(x: 0, y: area.y + 1, width: area.width, height: area.height - 2)
        canvas.box(box, style: CellStyle(role: .muted), title: "Coins")
        let inner = box.inset(by: 1)
        if model.coins.isEmpty {
            _ = canvas.write("no coins configured: add one to till.toml (see till config example)", x: inner.x + 1, y: inner.y,
                             style: CellStyle(role: .warning))
        }
        for (index, coin) in model.coins.enumerated() where index * 2 < inner.height {
            let y = inner.y + index * 2
            let selected = index == model.coinCursor
            let style = CellStyle(role: selected ? .selection : .text, bold: selected)
            canvas.fill(Rect(x: inner.x, y: y, width: inner.width, height: 1), style: style)
            var x = inner.x + canvas.write(" \(index + 1)  \(coin.asset.symbol)", x: inner.x, y: y, style: style)
            x += canvas.write("  \(coin.network)", x: x, y: y, style: style, maxWidth: 30)
            _ = canvas.write(amountText(coin, total: total, now: model.now), x: inner.x + 40, y: y, style: style,
                             maxWidth: inner.width - 40)
            if let problem = availability(coin) {
                _ = canvas.write("    unavailable: \(problem)", x: inner.x, y: y + 1, style: CellStyle(role: .error), maxWidth: inner.width)
            }
        }
        if model.sale?.state == .quotePending {
            TillScreen.drawNotice(Notice("preparing the quote…"), on: &canvas, row: area.maxY - 1, width: area.width)
        } else if model.notice != nil {
            TillScreen.drawNotice(model.notice, on: &canvas, row: area.maxY - 1, width: area.width)
        } else {
            _ = canvas.write(" 1–9 or Enter choose · Esc back to the cart · ? help", x: 0, y: area.maxY - 1, style: CellStyle(role: .muted))
        }
    }

    /// "0.02025780 BTC  rate 12s" from the latest rate, or why there is none.
    static func amountText(_ coin: CoinOption, total: FiatAmount, now: Date) -> String {
        guard let rate = coin.rate, rate.currency == total.currency, let due = try? rate.coinDue(for: total) else {
            return coin.rateProblem.map { "no rate: \($0)" } ?? "no rate yet"
        }
        return "\(due.formatted)   rate \(TillScreen.age(Int(now.timeIntervalSince(rate.time))))"
    }

    static func availability(_ coin: CoinOption) -> String? {
        if case .offline(let reason, _) = coin.backend { return reason }
        return nil
    }
}
