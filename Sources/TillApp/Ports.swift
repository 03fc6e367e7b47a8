import Foundation
import TillCore

/// What the runner needs from wherever its sales are kept (DECISIONS 57: `LedgerSales` and what the others add).
/// `save` writes the sale and the effects of its last event in one transaction; stock moves there too (the store
/// applies `.adjustStock` effects, DECISIONS 10), so there is no separate stock call.
public protocol RunnerSales: Sendable {
    func save(_ sale: Sale, effects: [SaleEffect]) throws
    /// Sales that are not closed, or still inside their late window, for the runner to watch again.
    func openSales() throws -> [Sale]
    /// Paid sales still inside their reorg window, for the runner to keep watching after a restart.
    func reorgWatchedSales() throws -> [Sale]
    /// A new unique sale id ("S-20261125-0001").
    func reserveSaleID(at date: Date) throws -> String
}

/// Makes a quote: allocates an address, locks a rate, builds the payment URI.
public protocol QuoteMaker: Sendable {
    func makeQuote(_ request: QuoteRequest) async throws -> Quote
}

/// What a quote is for.
public struct QuoteRequest: Sendable, Hashable {
    public let saleID: String
    public let asset: Asset
    public let fiat: FiatAmount
    /// For an underpaid sale: the coin amount still due (same rate, same address).
    public let remainder: CoinAmount?
    public let reuseAddress: String?
    public let previous: Quote?
    public let policy: PaymentPolicy
    public let now: Date

    public init(saleID: String, asset: Asset, fiat: FiatAmount, remainder: CoinAmount?, reuseAddress: String?,
                previous: Quote?, policy: PaymentPolicy, now: Date) {
        self.saleID = saleID
        self.asset = asset
        self.fiat = fiat
        self.remainder = remainder
        self.reuseAddress = reuseAddress
        self.previous = previous
        self.policy = policy
        self.now = now
    }
}

/// A chain watcher seen from the runner: addresses in, sale events out (through the inbox).
public protocol ChainFeed: AnyObject, Sendable {
    func watch(address: String, asset: Asset, saleID: String)
    func unwatch(address: String, asset: Asset)
    /// Called once the runner re-watched its open sales after a start; a feed that deferred polling starts now.
    func beginPolling()
    /// Reads the chain again from block `height`, after every watch asked for before this call is in place.
    func rescan(from height: Int)
}

extension ChainFeed {
    public func beginPolling() {}
    /// A feed with no chain to read again (training's simulated chain) has nothing to do.
    public func rescan(from height: Int) {}
}

/// A typed error for the runner's ports, with a message for the screen.
public struct TillAppError: Error, UserFacingError, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
