import BigInt
import Foundation
import TillCore
import TillHooks
import TillHTTP
import TillManager
import TillStore

/// A sale saved (or refunded) by a manager action, with the effects of the change: the runner replaces its own
/// copy with it and tells its observers (hooks, printers) as it does for its own saves.
public struct ManagerSaleChange: Sendable {
    public let sale: Sale
    public let effects: [SaleEffect]
}

/// The store a manager action works on: the till's SQLite database, with the webhook deliveries of each change
/// written in the change's own transaction (like `OutboxLedgerSales` for the runner), and the changes kept for
/// the runner. One instance per action; everything else is passed straight through.
final class ManagerActionStore: ManagerBackend, @unchecked Sendable {
    let database: any LedgerStore
    let hooks: HookService?
    private let lock = NSLock()
    private var saved: [ManagerSaleChange] = []

    init(database: any LedgerStore, hooks: HookService?) {
        self.database = database
        self.hooks = hooks
    }

    var installSecret: InstallSecret { database.installSecret }
    var auditHeadPath: String { database.auditHeadPath }

    /// The sales this action saved or refunded, in order.
    var changes: [ManagerSaleChange] { lock.withLock { saved } }

    func save(_ sale: Sale, effects: [SaleEffect], reason: String, at: Date) throws {
        let deliveries = hooks?.plan(sale, effects: effects, at: at) ?? []
        try database.save(sale, effects: effects, reason: reason, at: at, deliveries: deliveries)
        lock.withLock { saved.append(ManagerSaleChange(sale: sale, effects: effects)) }
    }

    /// Records the refund and its `refunded` webhook deliveries in one transaction.
    func recordRefund(saleID: String, assetID: String, txid: String, amountUnits: BigUInt, at: Date, by: String,
                      note: String) throws -> RefundRecord {
        guard let sale = try database.sale(id: saleID) else { throw ManagerError.saleNotFound(saleID) }
        let event = RefundHookEvent.make(sale: sale, txid: txid, amountUnits: amountUnits, recordedBy: by, at: at)
        let deliveries = hooks?.plan([event], saleID: saleID) ?? []
        let record = try database.recordRefund(saleID: saleID, assetID: assetID, txid: txid, amountUnits: amountUnits,
                                               at: at, by: by, note: note, deliveries: deliveries)
        lock.withLock { saved.append(ManagerSaleChange(sale: sale, effects: [])) }
        return record
    }

    // MARK: - Passed through

    func nextSaleID(at: Date) throws -> String { try database.nextSaleID(at: at) }
    func saveQuoted(_ request: AddressRequest, reason: String, derive: (Int) throws -> IndexedAddress,
                    isUnusedOnChain: (String) throws -> Bool,
                    build: (AllocatedAddress) throws -> (sale: Sale, effects: [SaleEffect])) throws
        -> (address: AllocatedAddress, sale: Sale) {
        try database.saveQuoted(request, reason: reason, derive: derive, isUnusedOnChain: isUnusedOnChain, build: build)
    }
    func sale(id: String) throws -> Sale? { try database.sale(id: id) }
    func openSales(at now: Date) throws -> [Sale] { try database.openSales(at: now) }
    func reorgWatchedSales() throws -> [Sale] { try database.reorgWatchedSales() }
    func listSales(_ filter: SaleFilter, after cursor: SaleCursor?, limit: Int) throws -> SalePage {
        try database.listSales(filter, after: cursor, limit: limit)
    }
    func totals(_ filter: SaleFilter, groupedBy grouping: Set<TotalsGrouping>) throws -> [SaleTotals] {
        try database.totals(filter, groupedBy: grouping)
    }
    func salesListUpdates(_ filter: SaleFilter, limit: Int) -> AsyncThrowingStream<SalePage, any Error> {
        database.salesListUpdates(filter, limit: limit)
    }
    func recordObservation(_ observation: ChainObservationRecord) throws { try database.recordObservation(observation) }
    func chainCursor(backendID: String) throws -> ChainCursor? { try database.chainCursor(backendID: backendID) }
    func saveChainCursor(_ cursor: ChainCursor, at: Date) throws { try database.saveChainCursor(cursor, at: at) }
    func allocateAddress(_ request: AddressRequest, derive: (Int) throws -> IndexedAddress,
                         isUnusedOnChain: (String) throws -> Bool) throws -> AllocatedAddress {
        try database.allocateAddress(request, derive: derive, isUnusedOnChain: isUnusedOnChain)
    }
    func markFunded(address: String, at: Date) throws { try database.markFunded(address: address, at: at) }
    func pendingOutbox(at now: Date, limit: Int) throws -> [OutboxEntry] { try database.pendingOutbox(at: now, limit: limit) }
    func markDelivered(outboxID: Int64, at: Date) throws { try database.markDelivered(outboxID: outboxID, at: at) }
    func markAttemptFailed(outboxID: Int64, error: String, nextAttemptAt: Date) throws {
        try database.markAttemptFailed(outboxID: outboxID, error: error, nextAttemptAt: nextAttemptAt)
    }
    func upsertProducts(_ products: [Product], at: Date) throws { try database.upsertProducts(products, at: at) }
    func stock(productID: String) throws -> Int? { try database.stock(productID: productID) }

    func refunds(saleID: String) throws -> [RefundRecord] { try database.refunds(saleID: saleID) }
    func refunds(from: Date, to: Date) throws -> [RefundRecord] { try database.refunds(from: from, to: to) }
    func refundedSaleIDs(_ saleIDs: [String]) throws -> Set<String> { try database.refundedSaleIDs(saleIDs) }
    func recordDayClose(_ close: DayCloseRecord) throws -> Bool { try database.recordDayClose(close) }
    func dayClose(day: String) throws -> DayCloseRecord? { try database.dayClose(day: day) }
    func dayCloses(limit: Int) throws -> [DayCloseRecord] { try database.dayCloses(limit: limit) }
    func forEachExportedSale(_ filter: SaleFilter, _ body: (ExportedSale) throws -> Void) throws {
        try database.forEachExportedSale(filter, body)
    }

    func saveUser(_ user: UserRecord) throws { try database.saveUser(user) }
    func user(named name: String) throws -> UserRecord? { try database.user(named: name) }
    func users() throws -> [UserRecord] { try database.users() }
    func appendAudit(at: Date, actor: String, action: String, details: String,
                     hash: (_ prevHash: String, _ entry: AuditEntry) throws -> String) throws -> AuditEntry {
        try database.appendAudit(at: at, actor: actor, action: action, details: details, hash: hash)
    }
    func auditLog(afterID: Int64, limit: Int) throws -> [AuditEntry] { try database.auditLog(afterID: afterID, limit: limit) }
}

/// The `refunded` hook event: the sale as it stands, plus the refund (txid, amount in coin units, who recorded it).
enum RefundHookEvent {
    static func make(sale: Sale, txid: String, amountUnits: BigUInt, recordedBy: String, at time: Date) -> HookEvent {
        let id = HookEvent.newID()
        var payload = HookPayload.json(eventID: id, type: .refunded, time: time, sale: sale)
        if case .object(var members) = payload, case .object(var data)? = members["data"] {
            let amount = sale.asset.map { CoinAmount(units: amountUnits, asset: $0).fixedDecimal } ?? String(amountUnits)
            data["refund"] = .object(["txid": .string(txid), "amount": .string(amount), "recorded_by": .string(recordedBy)])
            members["data"] = .object(data)
            payload = .object(members)
        }
        return HookEvent(id: id, type: .refunded, time: time, body: Data(payload.text.utf8))
    }
}
