import Foundation
import TillCore

/// The receipt of a sale as the screen and the printer show it (`ReceiptText` from the core).
public enum ReceiptLines {
    /// Lines of at most `width` columns; the time is when the sale reached its current status.
    public static func lines(for sale: Sale, shop: ShopInfo, timeZone: TimeZone, width: Int,
                             header: String? = nil, footer: String? = nil) -> [String] {
        let time = Receipt.formatTime(sale.history.last?.at ?? sale.openedAt, timeZone: timeZone)
        return ReceiptText.lines(Receipt(sale: sale, shopName: shop.name, headerText: header, footerText: footer, time: time), width: width)
    }
}
