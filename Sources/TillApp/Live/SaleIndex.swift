import Foundation
import TillCore

/// Which sale an address or a payment belongs to, in memory, for the chain feeds (which run off the main loop);
/// not storage: the runner updates it whenever it saves a sale.
public final class SaleIndex: @unchecked Sendable {
    private let lock = NSLock()
    private var saleByAddress: [String: String] = [:]
    private var payments: [PaymentRef: (saleID: String, payment: Payment)] = [:]

    public init() {}

    /// Records the sale's addresses and payments.
    public func update(_ sale: Sale) {
        lock.lock(); defer { lock.unlock() }
        for quote in sale.quotes { saleByAddress[quote.address] = sale.id }
        for payment in sale.payments { payments[payment.ref] = (sale.id, payment) }
    }

    public func sale(forAddress address: String) -> String? {
        lock.lock(); defer { lock.unlock() }
        return saleByAddress[address]
    }

    /// The sale and last known state of a payment.
    public func payment(_ ref: PaymentRef) -> (saleID: String, payment: Payment)? {
        lock.lock(); defer { lock.unlock() }
        return payments[ref]
    }
}
