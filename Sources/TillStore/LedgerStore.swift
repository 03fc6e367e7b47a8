import BigInt
import Foundation
import TillCore
import TillHooks

/// Everything a running till (cashier, chain watchers, hooks, manager screen) needs from the shop's ledger, on
/// either engine: `TillDatabase` (one till's SQLite file) or `PostgresStore` (one lane of a shared ledger). The app
/// is written against this, so a lane on PostgreSQL runs the same screens as a till on SQLite.
public protocol LedgerStore: SaleStore, ManagerStore, AccountStore {
    /// Where the ledger is, for messages: the SQLite file's path, or the PostgreSQL URL (no password) and lane.
    var ledgerDescription: String { get }

    /// `save(_:effects:reason:at:)` with the webhook deliveries announcing the change in the same transaction.
    func save(_ sale: Sale, effects: [SaleEffect], reason: String, at: Date, deliveries: [NewDelivery]) throws
    /// `recordRefund` with its webhook deliveries in the same transaction.
    func recordRefund(saleID: String, assetID: String, txid: String, amountUnits: BigUInt, at: Date, by: String,
                      note: String, deliveries: [NewDelivery]) throws -> RefundRecord
    /// The webhook outbox kept in this ledger (delivered once per shop).
    func webhookOutbox() -> any OutboxStore

    /// The recorded observations of these addresses, oldest first: a restart replays them into their sales.
    func observations(forAddresses addresses: [String]) throws -> [StoredObservation]
    /// Past the gap limit: closed sales' addresses that may be handed out again once the chain shows them unused.
    func reusableAddresses(walletID: String, chain: Int, at: Date) throws -> [ReusableAddress]
    /// The live stock count of every counted product, by product id.
    func stockLevels() throws -> [String: Int]
    /// Writes the catalog's products only when `fingerprint` (the catalog file's hash) changed; true when it wrote.
    /// The products are read only then: an unchanged catalog over the catalog cache makes none of them.
    func syncProducts(_ products: ProductTable, fingerprint: String, at: Date) throws -> Bool
    /// What this till's customer display shows (one small write, only when it changed).
    func publishLane(_ snapshot: LaneSnapshot, at date: Date) throws

    /// A chain watcher's saved state. On a shared ledger each lane has its own (its watcher watches its own sales).
    func watcherState(backendID: String) throws -> (cursor: ChainCursor?, rows: [WatcherStateRow])
    /// Writes the watcher's changed rows, its observations and funded addresses in ONE transaction.
    func commitWatcher(backendID: String, _ commit: WatcherCommit, at: Date) throws

    /// A shared ledger: renews this lane's lease and returns the ids of its own sales taken back from a lane that
    /// adopted them while it was down. A single till: nothing to do.
    func renewLease(at now: Date) throws -> [String]
    /// A shared ledger: takes over the watched sales of lanes whose lease lapsed and returns them, oldest first,
    /// for this lane to watch, with the heights its watchers must scan again from. A single till: none.
    func adoptOrphanedSales(at now: Date) throws -> Adoption
    /// A shared ledger: where this lane's watchers must read the chain again at a start, by backend, for sales it
    /// adopted and still watches (recorded with each adoption). A single till: none.
    func pendingRescans() throws -> [String: Int]
    /// Whether new quotes may be made: a shared ledger that cannot be reached cannot allocate an address safely.
    func isReachable() -> Bool
    /// The newest audit entry with `action` (the last recorded configuration), or nil.
    func lastAuditEntry(action: String) throws -> AuditEntry?
    /// The lanes of a shared ledger, by name (the manager's per-lane totals); none for a till's own ledger.
    func laneNames() throws -> [String]
}

/// Sales taken over from stopped lanes, and where this lane's watchers must read the chain again for them: a block
/// mined after the stopped lane's last processed one was read here while nobody watched those addresses, and a
/// payment it saw mined is followed here only once its block is read again.
public struct Adoption: Sendable, Equatable {
    /// The adopted sales, oldest first.
    public var sales: [Sale]
    /// By backend (the coin's id): the first block height to scan again.
    public var rescanFrom: [String: Int]

    public init(sales: [Sale] = [], rescanFrom: [String: Int] = [:]) {
        self.sales = sales
        self.rescanFrom = rescanFrom
    }

    /// `sales` with the heights to scan from: the block after each stopped lane's cursor (`cursors`, by backend) for
    /// the coins those sales were quoted in, lowered to the block of any payment they recorded.
    public init(sales: [Sale], cursors: [String: Int]) {
        let coins = Set(sales.flatMap(\.quotes).map(\.asset.id))
        var heights = cursors.filter { coins.contains($0.key) }.mapValues { $0 + 1 }
        for payment in sales.flatMap(\.payments) where payment.counts {
            guard let height = payment.blockHeight else { continue }
            heights[payment.amount.asset.id] = min(heights[payment.amount.asset.id] ?? height, height)
        }
        self.init(sales: sales, rescanFrom: sales.isEmpty ? [:] : heights)
    }

    public var isEmpty: Bool { sales.isEmpty }
}

extension LedgerStore {
    public func laneNames() throws -> [String] { [] }

    /// Pages through the log from the start; a store with an index on the action answers in one read.
    public func lastAuditEntry(action: String) throws -> AuditEntry? {
        var afterID: Int64 = 0, last: AuditEntry?
        while true {
            let page = try auditLog(afterID: afterID, limit: 1_000)
            last = page.last { $0.action == action } ?? last
            guard let newest = page.last, page.count == 1_000 else { return last }
            afterID = newest.id
        }
    }
}

extension TillDatabase: LedgerStore {
    public var ledgerDescription: String { path }
    public func webhookOutbox() -> any OutboxStore { WebhookOutbox(database: self) }
    public func renewLease(at now: Date) throws -> [String] { [] }
    public func adoptOrphanedSales(at now: Date) throws -> Adoption { Adoption() }
    public func pendingRescans() throws -> [String: Int] { [:] }
    public func isReachable() -> Bool { true }
}
