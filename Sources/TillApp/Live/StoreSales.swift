import Foundation
import TillCore
import TillStore

/// The runner's sale repository on the SQLite store.
public final class StoreSales: SaleRepository, @unchecked Sendable {
    public let store: any SaleStore
    private let clock: @Sendable () -> Date

    public init(store: any SaleStore, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.clock = clock
    }

    public func save(_ sale: Sale, effects: [SaleEffect]) throws {
        let reason = sale.history.last?.reason ?? "cart changed"
        try store.save(sale, effects: effects, reason: reason, at: clock())
    }

    public func openSales() throws -> [Sale] { try store.openSales(at: clock()) }

    public func reorgWatchedSales() throws -> [Sale] { try store.reorgWatchedSales() }

    public func reserveSaleID(at date: Date) throws -> String { try store.nextSaleID(at: date) }

    public func adjustStock(_ changes: [StockChange]) throws {
        // Stock counts change in the same transaction as the paid sale (the outbox row carries them);
        // the store applies them when it saves a sale whose effects include `.adjustStock`.
    }
}
