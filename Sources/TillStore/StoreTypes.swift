import BigInt
import Foundation
import TillCore

/// Which sales the manager screen, the reports and the exports look at. Empty fields match everything.
public struct SaleFilter: Hashable, Sendable {
    /// Opened at or after this instant.
    public var from: Date?
    /// Opened before this instant.
    public var to: Date?
    public var assetID: String?
    /// Any of these statuses; empty means every status.
    public var statuses: Set<SaleStatus>
    public var cashier: String?
    /// Only sales with at least one flag (the exceptions queue).
    public var flaggedOnly: Bool
    /// Only sales carrying this flag.
    public var flag: SaleFlag?
    /// Only sales made on this lane of a shared ledger (a till's own SQLite ledger has no lanes: it matches none).
    public var lane: String?

    public init(from: Date? = nil, to: Date? = nil, assetID: String? = nil, statuses: Set<SaleStatus> = [],
                cashier: String? = nil, flaggedOnly: Bool = false, flag: SaleFlag? = nil, lane: String? = nil) {
        self.lane = lane
        self.from = from
        self.to = to
        self.assetID = assetID
        self.statuses = statuses
        self.cashier = cashier
        self.flaggedOnly = flaggedOnly
        self.flag = flag
    }

    /// Every sale.
    public static let all = SaleFilter()
}

/// One row of the sales list: what the list shows without decoding the whole sale.
public struct SaleSummary: Hashable, Sendable {
    public let id: String
    public let cashier: String
    public let openedAt: Date
    public let updatedAt: Date
    public let status: SaleStatus
    public let flags: Set<SaleFlag>
    public let assetID: String?
    public let fiatTotal: FiatAmount
    /// Base units of the first quote (what the sale costs in its coin), nil before checkout.
    public let coinDueUnits: BigUInt?
    /// Base units of the payments that still count.
    public let coinReceivedUnits: BigUInt?
    /// The address of the current quote.
    public let address: String?
}

/// Where the next page of the sales list starts (keyset paging: stable while sales are added).
public struct SaleCursor: Hashable, Sendable {
    public let openedAtMillis: Int64
    public let id: String
}

/// A page of the sales list, newest first.
public struct SalePage: Hashable, Sendable {
    public let rows: [SaleSummary]
    /// nil on the last page.
    public let next: SaleCursor?
}

/// How totals are broken down.
public enum TotalsGrouping: String, Hashable, Sendable, CaseIterable {
    /// By the shop's local day the sale was opened ("2026-11-25").
    case day
    case asset
    case cashier
}

/// Coin totals of one asset, exact in base units.
public struct CoinTotals: Hashable, Sendable {
    public var due: BigUInt
    public var received: BigUInt

    public init(due: BigUInt = 0, received: BigUInt = 0) {
        self.due = due
        self.received = received
    }
}

/// Totals for one group: count, fiat total and coin totals per asset.
public struct SaleTotals: Hashable, Sendable {
    /// Set when grouped by day.
    public let day: String?
    /// Set when grouped by asset ("" for sales that never reached checkout).
    public let assetID: String?
    /// Set when grouped by cashier.
    public let cashier: String?
    public let currencyCode: String
    public let count: Int
    public let fiatTotalMinor: Int64
    /// Per asset id; sales without a coin are not in here.
    public let coins: [String: CoinTotals]
}

/// An address taken from a wallet's chain for a sale.
public struct AllocatedAddress: Hashable, Sendable {
    public let walletID: String
    public let chain: Int
    public let index: Int
    public let address: String
    public let path: String
    /// True when this is an expired sale's address proven unused and handed out again.
    public let reused: Bool
}

/// The address and derivation path a wallet gives for one index: what `derive` returns to the allocator (the
/// wallet's own `DerivedAddress` carries the script too; the ledger keeps only these two).
public struct IndexedAddress: Hashable, Sendable {
    public let address: String
    public let path: String

    public init(address: String, path: String) {
        self.address = address
        self.path = path
    }
}

/// Asks for an address for a sale from a wallet's receive (0) or change (1) chain.
public struct AddressRequest: Hashable, Sendable {
    public let walletID: String
    public let chain: Int
    /// Unused addresses in a row the merchant's wallet scans (BIP44 default 20).
    public let gapLimit: Int
    public let saleID: String
    public let at: Date

    public init(walletID: String, chain: Int = 0, gapLimit: Int = 20, saleID: String, at: Date) {
        self.walletID = walletID
        self.chain = chain
        self.gapLimit = gapLimit
        self.saleID = saleID
        self.at = at
    }
}

/// One chain observation as a backend reported it, kept forever (append-only).
public struct ChainObservationRecord: Hashable, Sendable {
    public let at: Date
    public let backend: String
    /// "payment", "reorg", "vanished", "block", …
    public let kind: String
    public let txid: String?
    public let output: Int?
    public let address: String?
    public let amountUnits: BigUInt?
    public let height: Int?
    public let blockHash: String?
    /// The backend's own JSON, verbatim.
    public let rawJSON: String?
    /// Confirmations when observed (payment and confirmations rows), so a restart can replay the latest state.
    public let confirmations: Int?

    public init(at: Date, backend: String, kind: String, txid: String? = nil, output: Int? = nil,
                address: String? = nil, amountUnits: BigUInt? = nil, height: Int? = nil, blockHash: String? = nil,
                rawJSON: String? = nil, confirmations: Int? = nil) {
        self.at = at
        self.backend = backend
        self.kind = kind
        self.txid = txid
        self.output = output
        self.address = address
        self.amountUnits = amountUnits
        self.height = height
        self.blockHash = blockHash
        self.rawJSON = rawJSON
        self.confirmations = confirmations
    }
}

/// How far a chain backend has scanned.
public struct ChainCursor: Hashable, Sendable {
    public let backendID: String
    public let height: Int
    public let blockHash: String

    public init(backendID: String, height: Int, blockHash: String) {
        self.backendID = backendID
        self.height = height
        self.blockHash = blockHash
    }
}

/// One durable task written with a sale change: performed (and re-tried) by the runner until delivered.
public struct OutboxEntry: Hashable, Sendable {
    public let id: Int64
    public let saleID: String
    /// "requestQuote", "watch", "unwatch", "notify", "adjustStock".
    public let kind: String
    /// The effect as JSON (see `EffectPayload`).
    public let payloadJSON: String
    public let createdAt: Date
    public let attempts: Int
    public let nextAttemptAt: Date
    public let deliveredAt: Date?
    public let lastError: String?
}
