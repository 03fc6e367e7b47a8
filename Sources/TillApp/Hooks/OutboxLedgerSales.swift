import Foundation
import TillCore
import TillHooks
import TillStore

/// `LedgerSales` plus the webhook outbox, the live till's: each sale change is written together with the webhook
/// deliveries announcing it, in ONE transaction (the "transactional outbox").
public final class OutboxLedgerSales: RunnerSales, @unchecked Sendable {
    public let store: any LedgerStore
    public let hooks: HookService
    private let plain: LedgerSales
    private let clock: @Sendable () -> Date

    public init(store: any LedgerStore, hooks: HookService, clock: @escaping @Sendable () -> Date = Date.init) {
        self.store = store
        self.hooks = hooks
        self.clock = clock
        plain = LedgerSales(store: store, clock: clock)
    }

    public func save(_ sale: Sale, effects: [SaleEffect]) throws {
        let at = clock()
        let deliveries = hooks.plan(sale, effects: effects, at: at)
        try store.save(sale, effects: effects, reason: sale.history.last?.reason ?? "cart changed", at: at, deliveries: deliveries)
    }

    public func openSales() throws -> [Sale] { try plain.openSales() }

    public func reorgWatchedSales() throws -> [Sale] { try plain.reorgWatchedSales() }

    public func reserveSaleID(at date: Date) throws -> String { try plain.reserveSaleID(at: date) }
}
