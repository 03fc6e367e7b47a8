import Foundation
import TillCore

/// The shop as the screens show it.
public struct ShopInfo: Hashable, Sendable {
    public var name: String
    public var currency: FiatCurrency
    public var taxMode: TaxMode
    public var defaultTaxRate: DecimalNumber?

    public init(name: String, currency: FiatCurrency, taxMode: TaxMode = .included, defaultTaxRate: DecimalNumber? = nil) {
        self.name = name
        self.currency = currency
        self.taxMode = taxMode
        self.defaultTaxRate = defaultTaxRate
    }
}

/// Whether a coin's chain backend can be used right now.
public enum BackendStatus: Hashable, Sendable {
    case online
    case offline(reason: String, since: Date)
    case unknown
}

/// A coin the shop accepts, with what the screens need to offer it.
public struct CoinOption: Hashable, Sendable {
    public var asset: Asset
    /// "Bitcoin regtest", "USDC on Base (chain 8453)".
    public var network: String
    public var policy: PaymentPolicy
    public var backend: BackendStatus
    /// The latest good rate, if any.
    public var rate: ExchangeRate?
    /// Why there is no usable rate, for the screen.
    public var rateProblem: String?

    public init(asset: Asset, network: String, policy: PaymentPolicy, backend: BackendStatus = .unknown,
                rate: ExchangeRate? = nil, rateProblem: String? = nil) {
        self.asset = asset
        self.network = network
        self.policy = policy
        self.backend = backend
        self.rate = rate
        self.rateProblem = rateProblem
    }

    /// A token lives in a contract: the payment screen warns not to send to the contract.
    public var isToken: Bool { if case .erc20 = asset.kind { return true }; return false }
}

/// The screen in front of the cashier.
public enum Screen: Hashable, Sendable {
    case catalog
    case coinPicker
    case payment
    case receipt
    /// The PIN screen (and "create the manager" on the first run).
    case login
    /// Sales, exceptions, the Z report and webhook deliveries.
    case manager
}

/// Which list the arrow keys move in on the catalog screen.
public enum CatalogFocus: Hashable, Sendable { case products, cart }

/// A question the cashier must answer before something irreversible.
public enum Confirmation: Hashable, Sendable {
    case cancelSale
    case quit
}

/// A one-line message on the status line.
public struct Notice: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case info, success, warning, error }
    public var text: String
    public var kind: Kind

    public init(_ text: String, _ kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}

/// Everything the screens show; changed only by `handle(_:)`.
public struct TillModel: Sendable {
    public var shop: ShopInfo
    public var cashier: String
    public var training: Bool
    public var browser: CatalogBrowser
    public var coins: [CoinOption]
    public var screen: Screen = .catalog
    public var focus: CatalogFocus = .products
    public var productCursor = 0
    public var cartCursor = 0
    public var coinCursor = 0
    /// Non-nil while typing a search after `/`.
    public var searching: String?
    /// Digits typed or scanned on the catalog screen, looked up on Enter.
    public var scanBuffer = ""
    /// The sale on screen.
    public var sale: Sale?
    /// Reserved by the runner so the pure model can open a sale without a clock or a database.
    public var nextSaleID: String?
    public var confirmation: Confirmation?
    public var showHelp = false
    public var fullScreenQR = false
    public var notice: Notice?
    /// The database is failing (full disk, read-only, damaged): named on every screen until a write succeeds.
    public var storageAlert: StorageAlert?
    public var now: Date
    /// The shop's time zone for clocks and receipts (tests pin it).
    public var timeZone: TimeZone = .current
    public var size: TextSize
    /// Where the last receipt went ("receipts/S-….txt") or why it failed.
    public var receiptStatus: Notice?
    /// The logged-in user; nil while the PIN screen is up.
    public var session: SignedInUser?
    /// The PIN screen's state.
    public var login = LoginState()
    /// The manager screen's state.
    public var manager = ManagerModel()
    /// Sales handed off to the background while they confirm, newest first (the strip on the catalog and payment screens).
    public var inFlight: [Sale] = []
    /// A product waiting for its sale number (numbers are reserved only when a sale really starts).
    var pendingAdd: Product?
    /// An expired sale's cart waiting for the next sale number, to be quoted again.
    var pendingCarry: Cart?

    public init(shop: ShopInfo, cashier: String, training: Bool, catalog: Catalog, coins: [CoinOption], now: Date, size: TextSize) {
        self.shop = shop
        self.cashier = cashier
        self.training = training
        self.browser = CatalogBrowser(catalog: catalog)
        self.coins = coins
        self.now = now
        self.size = size
    }

    /// True while a customer may be paying: leaving needs a confirmation.
    public var paymentPending: Bool {
        guard let sale else { return false }
        switch sale.status {
        case .awaitingPayment, .underpaid, .confirming: return true
        case .building, .paid, .expired, .cancelled, .voided: return false
        }
    }

    /// The coin option of the sale on screen.
    public var saleCoin: CoinOption? {
        guard let asset = sale?.asset else { return nil }
        return coins.first { $0.asset == asset }
    }

    /// The cart on screen (an empty one when no sale is open).
    public var cart: Cart {
        sale?.cart ?? Cart(currency: shop.currency, taxMode: shop.taxMode, defaultTaxRate: shop.defaultTaxRate)
    }
}
