import Foundation
import TillCore
import TillStore

/// `LedgerSales` on training's scratch SQLite store, plus the products its sales hold. The store starts empty at every start, so instead of writing the
/// whole catalog (100,000 rows took seconds) each product is written the first time a sale holds it, before that
/// sale is saved: stock then moves exactly as in the live till.
public final class TrainingLedgerSales: RunnerSales, @unchecked Sendable {
    private let plain: LedgerSales
    private let store: TillDatabase
    private let lock = NSLock()
    private var written: Set<String> = []

    public init(store: TillDatabase, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        plain = LedgerSales(store: store, clock: clock)
    }

    public func save(_ sale: Sale, effects: [SaleEffect]) throws {
        let missing = lock.withLock { sale.cart.lines.map(\.product).filter { !written.contains($0.id) } }
        if !missing.isEmpty {
            try store.insertMissingProducts(missing, at: Date())
            lock.withLock { written.formUnion(missing.map(\.id)) }
        }
        try plain.save(sale, effects: effects)
    }

    public func openSales() throws -> [Sale] { try plain.openSales() }

    public func reorgWatchedSales() throws -> [Sale] { try plain.reorgWatchedSales() }

    public func reserveSaleID(at date: Date) throws -> String { try plain.reserveSaleID(at: date) }
}
