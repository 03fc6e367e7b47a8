import Foundation
import TillStore
import TillCore
import TillUI

/// Writes receipts as text files under the data directory (the printer comes with the hooks).
public struct ReceiptWriter: Sendable {
    public let directory: URL
    /// Also prints each written receipt on these (outcomes arrive later as `.receiptWritten`).
    public var printers: ReceiptPrinters?

    public init(directory: URL) { self.directory = directory }

    /// Writes `<directory>/<sale id>.txt` (0600; control characters from catalog or chain text as "?") and returns
    /// its path, or why it failed; also starts printing it.
    public func write(_ sale: Sale, shop: ShopInfo, timeZone: TimeZone) -> Result<String, ReceiptFailure> {
        let text = ReceiptLines.lines(for: sale, shop: shop, timeZone: timeZone, width: 42)
            .map { UntrustedText.replacing($0) }.joined(separator: "\n") + "\n"
        if let printers, !printers.isEmpty { printers.print(sale, shop: shop, timeZone: timeZone) }
        let file = directory.appendingPathComponent("\(sale.id).txt")
        do {
            try PrivateFiles.write(Data(text.utf8), to: file.path)
            return .success(file.path)
        } catch {
            return .failure(ReceiptFailure("\(file.path): \(error.localizedDescription)"))
        }
    }
}
