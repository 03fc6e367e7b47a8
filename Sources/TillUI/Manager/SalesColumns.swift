import Foundation
import TillCore

/// The list's columns at a width: narrow (80 columns) or wide (110 and more, with the coin amount and the year).
struct SalesColumns {
    struct Column {
        let title: String
        let width: Int
        let right: Bool
    }

    let wide: Bool
    let columns: [Column]

    /// `longestID`: a shop with lanes has longer sale ids ("S-20261204-front-1-0007"); the sale column grows to show
    /// them whole (up to 24), taking the room from the flags.
    init(width: Int, longestID: Int = 0) {
        wide = width >= 108
        let sale = min(24, max(15, longestID))
        let fixed: [Column] = wide
            ? [Column(title: "time", width: 16, right: false), Column(title: "sale", width: sale, right: false),
               Column(title: "cashier", width: 12, right: false), Column(title: "coin", width: 6, right: false),
               Column(title: "coin amount", width: 22, right: true), Column(title: "amount", width: 12, right: true),
               Column(title: "status", width: 10, right: false)]
            : [Column(title: "time", width: 11, right: false), Column(title: "sale", width: sale, right: false),
               Column(title: "cashier", width: 8, right: false), Column(title: "coin", width: 5, right: false),
               Column(title: "amount", width: 11, right: true), Column(title: "status", width: 10, right: false)]
        let used = fixed.reduce(0) { $0 + $1.width + 1 }
        columns = fixed + [Column(title: "flags", width: max(4, width - used), right: false)]
    }

    var heading: String { render(columns.map(\.title)) }

    func line(_ row: SalesRow, _ timeZone: TimeZone) -> String {
        let time = SalesText.time(row.openedAt, timeZone)
        var cells = [wide ? time : String(time.dropFirst(5)), row.id, row.cashier, row.coinDue?.asset.symbol ?? "–"]
        if wide { cells.append(row.coinDue?.plainDecimal ?? "") }
        cells += [row.fiat.formatted, SalesText.status(row.status), SalesText.flags(row.flags, refunded: row.refunded)]
        return render(cells)
    }

    /// Cells padded or cut to their columns (a cut cell ends in "…" so nothing looks complete that is not).
    private func render(_ cells: [String]) -> String {
        zip(columns, cells).map { column, cell in
            let fitted = DisplayWidth.of(cell) > column.width ? String(cell.prefix(max(0, column.width - 1))) + "…" : cell
            let pad = String(repeating: " ", count: max(0, column.width - DisplayWidth.of(fitted)))
            return column.right ? pad + fitted : fitted + pad
        }.joined(separator: " ")
    }
}

/// Totals as text.
enum SalesTotalsText {
    /// The sum of every group: the filter's grand total.
    static func all(_ groups: [SalesTotalsRow], currency: FiatCurrency) -> SalesTotalsRow {
        var coins: [String: SalesCoinTotal] = [:]
        var order: [String] = []
        for coin in groups.flatMap(\.coins) {
            let id = coin.due.asset.id
            if let sum = coins[id] {
                coins[id] = SalesCoinTotal(due: sum.due + coin.due, received: sum.received + coin.received)
            } else {
                coins[id] = coin
                order.append(id)
            }
        }
        let fiat = groups.reduce(Int64(0)) { $0 + $1.fiat.minor }
        return SalesTotalsRow(label: "all", count: groups.reduce(0) { $0 + $1.count },
                              fiat: FiatAmount(minor: fiat, currency: groups.first?.fiat.currency ?? currency),
                              coins: order.sorted().compactMap { coins[$0] })
    }

    /// "2026-11-25     12 sales    $1,234.50 · BTC 0.0012 due 0.0012 in"; `compact` writes "BTC 0.0012/0.0012"
    /// (due/in) so a narrow screen keeps every coin.
    static func line(_ row: SalesTotalsRow, labelWidth: Int, compact: Bool = false) -> String {
        let label = labelWidth > 0 ? row.label.padding(toLength: max(labelWidth, row.label.count), withPad: " ", startingAt: 0) + " " : ""
        let count = "\(row.count) sale\(row.count == 1 ? "" : "s")"
        let fiat = row.fiat.formatted
        let head = labelWidth > 0
            ? label + String(repeating: " ", count: max(0, 11 - count.count)) + count + String(repeating: " ", count: max(1, 14 - fiat.count)) + fiat
            : "\(count) · \(fiat)"
        let coins = row.coins.map {
            compact ? "\($0.due.asset.symbol) \($0.due.plainDecimal)/\($0.received.plainDecimal)"
                : "\($0.due.asset.symbol) \($0.due.plainDecimal) due \($0.received.plainDecimal) in"
        }
        return coins.isEmpty ? head : head + " · " + coins.joined(separator: " · ")
    }
}

/// How the tab's rows are shared out at a terminal size (the model pages by it, the view draws by it).
struct SalesLayout {
    /// Rows the manager screen gives the tab (tab bar, its rule and the notice line take the rest).
    let height: Int

    init(_ context: ManagerContext) { height = max(8, context.size.rows - 4) }
    init(height: Int) { self.height = max(8, height) }

    /// Totals groups shown under the "all" line.
    var totalsRows: Int { max(1, min(6, (height - 14) / 2)) }
    /// List rows: after the filter line, the totals and their heading, the column heading, a message line and the keys.
    var listRows: Int { max(1, height - 5 - totalsRows) }
    /// Columns the tab writes in (a margin each side).
    static func textWidth(_ context: ManagerContext) -> Int { max(20, context.size.columns - 2) }

    /// Details lines: after the title, above a message line and the keys.
    var detailRows: Int { max(1, height - 3) }
}
