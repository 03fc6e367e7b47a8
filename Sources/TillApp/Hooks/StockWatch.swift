import Foundation
import TillCore
import TillStore
import TillUI

/// Watches stock after each paid (or un-paid) sale: the store has already applied the change in the sale's
/// transaction; the new live counts go to the catalog screen (`.stockLevels`). A count below zero means two sales
/// took the last item (oversold): logged as a warning and shown to the cashier for the manager to reconcile.
/// The sale itself stands: the customer has paid.
public final class StockWatch: SaleObserver {
    let store: any SaleStore
    let log: FileLog
    let inbox: Inbox?

    public init(store: any SaleStore, log: FileLog, inbox: Inbox? = nil) {
        self.store = store
        self.log = log
        self.inbox = inbox
    }

    /// Sends every counted product's live stock to the screen (at start: sales since the catalog file was written).
    public func postAll(from database: any LedgerStore) {
        do {
            inbox?.post(.stockLevels(try database.stockLevels()))
        } catch {
            log.error("could not read the stock levels: \(error)")
        }
    }

    public func saleSaved(_ sale: Sale, effects: [SaleEffect]) {
        var levels: [String: Int] = [:]
        for effect in effects {
            guard case .adjustStock(let changes) = effect else { continue }
            for change in changes {
                do {
                    guard let stock = try store.stock(productID: change.productID) else { continue }
                    levels[change.productID] = stock
                    if change.delta < 0 && stock < 0 { oversold(change.productID, stock: stock, sale: sale) }
                } catch {
                    log.error("could not read the stock of \(change.productID) after sale \(sale.id): \(error)")
                }
            }
        }
        if !levels.isEmpty { inbox?.post(.stockLevels(levels)) }
    }

    private func oversold(_ productID: String, stock: Int, sale: Sale) {
        log.write("warning", "oversold: \(productID) stock is \(stock) after sale \(sale.id); count and correct the stock")
        let name = sale.cart.lines.first { $0.product.id == productID }?.product.name ?? productID
        inbox?.post(.notice(Notice("oversold: \(name) stock is \(stock) after \(sale.id) — tell the manager to count it", .warning)))
    }
}
