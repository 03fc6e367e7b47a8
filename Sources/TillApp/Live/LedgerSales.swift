import Foundation
import TillCore
import TillStore

/// `RunnerSales` on a ledger (`SaleStore`: SQLite or a PostgreSQL lane): adds the clock and each save's reason, the
/// sale's last transition.
public final class LedgerSales: RunnerSales, @unchecked Sendable {
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
}
