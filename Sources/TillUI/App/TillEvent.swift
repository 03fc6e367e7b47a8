import Foundation
import TillCore

/// Everything that reaches the model: keys, time, and what the runner's work produced.
public enum TillEvent: Sendable {
    case key(Key)
    case tick(Date)
    case resized(TextSize)
    /// The runner reserved an id for the next sale.
    case saleIDReserved(String)
    /// A sale restored from the store after a restart.
    case restored(Sale)
    /// An event for the sale on screen (quote results, chain observations).
    case sale(id: String, SaleEvent)
    case coinBackend(assetID: String, BackendStatus)
    case coinRate(assetID: String, ExchangeRate?, problem: String?)
    case receiptWritten(Result<String, ReceiptFailure>)
    /// A result of the login service (PIN checked, user created, locked out).
    case login(LoginEvent)
    /// A result of the manager service for one tab of the manager screen.
    case manager(ManagerEvent)
    /// Something the cashier should see that no screen asked for (a printer or hook failure).
    case notice(Notice)
    /// Live stock counts from the store (product id → units), at start and after a sale is paid or un-paid.
    case stockLevels([String: Int])
    /// A sale a manager action saved (accepted, voided, refunded): the runner replaces its own copy and tells its
    /// observers; the model takes it if it is the sale on screen.
    case saleChangedByManager(Sale, effects: [SaleEffect])
    /// A sale off screen (handed off, or restored) changed: the strip and a notice naming it tell the cashier.
    case backgroundSale(Sale, effects: [SaleEffect])
    /// The database failed (nil: it works again): the status bar names it on every screen.
    case storage(StorageAlert?)
    /// A lane of a shared ledger took over the watched sales of a stopped lane: watched here in the background, the
    /// chain read again from `rescanFrom` (by coin id) for them.
    case adoptedSales([Sale], rescanFrom: [String: Int] = [:])
    /// Sales this lane had adopted went back to their own lane (it started again): no longer watched here.
    case releasedSales([String])
}

/// A database failure as the screen names it: "DISK FULL" on the status bar, the whole line in the notice.
public struct StorageAlert: Hashable, Sendable {
    public let label: String
    public let message: String
    public init(label: String, message: String) {
        self.label = label
        self.message = message
    }
}

/// Why a receipt could not be written or printed.
public struct ReceiptFailure: Error, Hashable, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
}

/// What the model asks the runner to do, as plain data.
public enum TillEffect: Hashable, Sendable {
    /// Write the sale and the effects of its last event in one transaction, then perform those effects.
    case persist(Sale, [SaleEffect])
    /// Reserve an id for the next sale.
    case reserveSaleID
    /// Write the receipt of a sale to a file (and the printer, when configured).
    case writeReceipt(Sale)
    /// Training mode: the simulated customer pays `amount` to `address`.
    case simulatePayment(address: String, amount: CoinAmount)
    /// Training mode: mine one block on the simulated chain.
    case simulateBlock
    /// Ask the login service (check a PIN, create the first manager, log out).
    case login(LoginEffect)
    /// Ask the manager service (queries, actions, exports).
    case manager(ManagerEffect)
    case quit
}
