import Foundation
import TillCore

extension TillRunner {
    /// A sale a manager action saved: the stored sale replaces the runner's background copy (which would
    /// otherwise overwrite the action on its next tick), the observers see the change (hooks, printers, stock),
    /// and its effects run (unwatching a voided sale's address). The model takes the on-screen copy itself.
    func adoptManagerChange(_ sale: Sale, effects: [SaleEffect]) {
        directory?.update(sale)
        if background[sale.id] != nil {
            background[sale.id] = sale.status.isClosed && !sale.watching ? nil : sale
        }
        for observer in observers { observer.saleSaved(sale, effects: effects) }
        perform(effects, of: sale)
    }
}
