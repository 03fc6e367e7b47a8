import Foundation
import TillCore

/// Everything the till needs from its storage, free of any database engine, so a PostgreSQL store for
/// shops with several tills can follow without touching the core or the app. `TillDatabase` is SQLite.
public protocol SaleStore: Sendable {
    /// A new human-friendly, sortable, unique sale id for the shop's local day of `at` ("S-20261125-0001").
    func nextSaleID(at: Date) throws -> String

    /// Writes the sale (lines, quotes, payments, new transitions) and one outbox row per effect in ONE
    /// transaction; when it returns, all of it is durable, and if it throws, none of it was written.
    func save(_ sale: Sale, effects: [SaleEffect], reason: String, at: Date) throws

    /// Allocates an address (see `allocateAddress`), lets `build` make the quoted sale with it, and saves
    /// that sale and its effects, all in ONE transaction: a crash can never hand one address to two sales.
    func saveQuoted(_ request: AddressRequest, reason: String,
                    derive: (Int) throws -> IndexedAddress,
                    isUnusedOnChain: (String) throws -> Bool,
                    build: (AllocatedAddress) throws -> (sale: Sale, effects: [SaleEffect])) throws
        -> (address: AllocatedAddress, sale: Sale)

    /// The sale exactly as last saved, or nil.
    func sale(id: String) throws -> Sale?

    /// Sales the app must keep working on after a restart: building, awaiting payment, underpaid, confirming,
    /// and expired ones whose late window has not passed at `now`. Oldest first.
    func openSales(at now: Date) throws -> [Sale]

    /// Paid sales still watched for a reorg or double spend of their payment (inside their reorg window when last
    /// saved), so a restart keeps watching them. Oldest first.
    func reorgWatchedSales() throws -> [Sale]

    /// A page of the sales list, newest first, starting after `cursor`.
    func listSales(_ filter: SaleFilter, after cursor: SaleCursor?, limit: Int) throws -> SalePage

    /// Count, fiat total and coin totals of the filtered sales, broken down by `grouping`.
    func totals(_ filter: SaleFilter, groupedBy grouping: Set<TotalsGrouping>) throws -> [SaleTotals]

    /// The first page of the filtered list now and after every change that alters it.
    func salesListUpdates(_ filter: SaleFilter, limit: Int) -> AsyncThrowingStream<SalePage, any Error>

    /// Appends a chain observation to the log.
    func recordObservation(_ observation: ChainObservationRecord) throws

    func chainCursor(backendID: String) throws -> ChainCursor?
    func saveChainCursor(_ cursor: ChainCursor, at: Date) throws

    /// Takes the next index of the wallet's chain for the sale and persists it (one transaction). Idempotent per
    /// sale: asking again for the same sale returns its address. Never returns an address that received funds.
    /// Past the gap limit, reuses an address of a closed sale that provably received nothing (`isUnusedOnChain`
    /// asks the chain; it runs inside the write, so keep it quick) or throws `StoreError.gapLimitReached`.
    func allocateAddress(_ request: AddressRequest, derive: (Int) throws -> IndexedAddress,
                         isUnusedOnChain: (String) throws -> Bool) throws -> AllocatedAddress

    /// Records that an address received funds: it is never handed out again and it moves the gap window.
    func markFunded(address: String, at: Date) throws

    /// Outbox rows not yet delivered whose next attempt is due at `now`, oldest first.
    func pendingOutbox(at now: Date, limit: Int) throws -> [OutboxEntry]
    func markDelivered(outboxID: Int64, at: Date) throws
    func markAttemptFailed(outboxID: Int64, error: String, nextAttemptAt: Date) throws

    /// Refreshes the product cache from the catalog. The live stock count follows the catalog's only when the
    /// catalog's number changed since the last refresh (the merchant restocked in the file); otherwise sales keep it.
    func upsertProducts(_ products: [Product], at: Date) throws
    /// The stock count of a product (nil: not counted, or unknown product).
    func stock(productID: String) throws -> Int?
}
