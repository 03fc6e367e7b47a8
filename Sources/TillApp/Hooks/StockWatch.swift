import Foundation
import TillCore
import TillStore

/// Watches stock after each paid sale: the store has already applied the change in the sale's transaction;
/// a count below zero means two sales took the last item (oversold), which is logged as a warning for the
/// manager to reconcile. The sale itself stands: the customer has paid.
public final class StockWatch: SaleObserver {
    let store: any SaleStore
    let log: FileLog

    public init(store: any SaleStore, log: FileLog) {
        self.store = store
        self.log = log
    }

    public func saleSaved(_ sale: Sale, effects: [SaleEffect]) {
        for effect in effects {
            guard case .adjustStock(let changes) = effect else { continue }
            for change in changes where change.delta < 0 {
                do {
                    if let stock = try store.stock(productID: change.productID), stock < 0 {
                        log.write("warning", "oversold: \(change.productID) stock is \(stock) after sale \(sale.id); count and correct the stock")
                    }
                } catch {
                    log.error("could not read the stock of \(change.productID) after sale \(sale.id): \(error)")
                }
            }
        }
    }
}
