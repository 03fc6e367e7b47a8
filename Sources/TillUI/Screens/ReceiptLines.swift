import Foundation
import TillCore

/// Receipt text for the screen until the printer's `ReceiptText` is wired in.
public enum ReceiptLines {
    public static func lines(for sale: Sale, shop: ShopInfo, timeZone: TimeZone, width: Int) -> [String] {
        func pair(_ left: String, _ right: String) -> String {
            let room = max(1, width - right.count - 1)
            return String(left.prefix(room)).padding(toLength: room, withPad: " ", startingAt: 0) + " " + right
        }
        var lines = [shop.name, "Sale \(sale.id) · \(sale.cashier)", String(repeating: "-", count: width)]
        for line in sale.cart.lines { lines.append(pair("\(line.quantity)× \(line.product.name)", line.net.formatted)) }
        lines.append(String(repeating: "-", count: width))
        lines.append(pair("TOTAL", sale.cart.total.formatted))
        if let due = sale.totalDue { lines.append(pair("Paid in \(due.asset.symbol)", due.formatted)) }
        for payment in sale.payments where payment.counts { lines.append("tx \(payment.ref.txid.prefix(width - 3))") }
        lines.append(sale.status == .paid ? "PAID" : sale.status.rawValue.uppercased())
        return lines
    }
}
