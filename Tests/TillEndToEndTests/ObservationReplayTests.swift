import BigInt
import Foundation
import Testing
import TillApp
import TillCore
import TillStore

/// What a restart replays from the observation log into a sale, row by row.
struct ObservationReplayTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let now = t0.addingTimeInterval(3_600)
    static let address = "mreplayaddress1"
    static let txid = String(repeating: "a", count: 64)
    static let ref = PaymentRef(txid: txid, output: 1)
    static let product = Product(id: "P-1", name: "Lamp", price: FiatAmount(minor: 6_000, currency: .usd), category: "Home")

    /// A sale showing its quote (100,000 sats to `address`, expiring at t0 + 900 s).
    static func awaiting() -> Sale {
        var sale = Sale(id: "S-1", cashier: "alice", openedAt: t0, cart: Cart(currency: .usd))
        _ = sale.handle(.addProduct(product, quantity: 1))
        _ = sale.handle(.checkout(.btc, policy: PaymentPolicy(), at: t0))
        let rate = ExchangeRate(asset: .btc, currency: .usd, price: DecimalNumber(digits: 60_000, scale: 0), source: "fixed", time: t0)
        _ = sale.handle(.quoteReady(Quote(address: address, derivationPath: nil, amount: CoinAmount(units: 100_000, asset: .btc),
                                          fiat: product.price, rate: rate, uri: "bitcoin:\(address)", createdAt: t0,
                                          expiresAt: t0.addingTimeInterval(900))))
        return sale
    }

    static func row(_ id: Int64, _ kind: String, at seconds: Int = 10, backend: String = "BTC 127.0.0.1", address: String? = address,
                    confirmations: Int? = 0, height: Int? = nil) -> StoredObservation {
        StoredObservation(id: id, record: ChainObservationRecord(
            at: t0.addingTimeInterval(TimeInterval(seconds)), backend: backend, kind: kind, txid: txid, output: 1,
            address: kind == "payment" ? address : nil, amountUnits: kind == "payment" ? 100_000 : nil, height: height,
            blockHash: height.map { "block-\($0)" }, confirmations: confirmations))
    }

    static func observed(_ confirmations: Int, height: Int?, at: Date) -> SaleEvent {
        .observed(PaymentObservation(ref: ref, address: address, amount: CoinAmount(units: 100_000, asset: .btc), replaceable: true,
                                     confirmations: confirmations, blockHeight: height, blockHash: height.map { "block-\($0)" }),
                  at: at)
    }

    @Test(arguments: [
        // A payment the sale never got: replayed at the time it was seen (not late), with its latest depth.
        ("unknown, in the mempool", [row(1, "payment")], false, [observed(0, height: nil, at: t0.addingTimeInterval(10))]),
        ("unknown, since confirmed", [row(1, "payment"), row(2, "confirmations", confirmations: 6, height: 101)], false,
         [observed(6, height: 101, at: t0.addingTimeInterval(10))]),
        ("unknown, then vanished", [row(1, "payment"), row(2, "vanished")], false,
         [observed(0, height: nil, at: t0.addingTimeInterval(10)), .vanished(ref, at: now)]),
        // The sale has it: only a newer state is replayed.
        ("known, same state", [row(1, "payment")], true, []),
        ("known, deeper in the log", [row(1, "payment"), row(2, "confirmations", confirmations: 3, height: 101)], true,
         [observed(3, height: 101, at: now)]),
        ("known, vanished in the log", [row(1, "payment"), row(2, "vanished")], true, [.vanished(ref, at: now)]),
        // Not this sale's: another coin's backend, another address, rows from before depths were recorded.
        ("another coin", [row(1, "payment", backend: "LTC 127.0.0.1")], false, []),
        ("another address", [row(1, "payment", address: "mother")], false, []),
        ("no recorded depth", [row(1, "payment", confirmations: nil)], false, []),
    ] as [(String, [StoredObservation], Bool, [SaleEvent])])
    func replay(_ name: String, rows: [StoredObservation], saleHasIt: Bool, expected: [SaleEvent]) {
        var sale = Self.awaiting()
        if saleHasIt { _ = sale.handle(Self.observed(0, height: nil, at: Self.t0.addingTimeInterval(10))) }
        #expect(ObservationReplay.events(for: sale, observations: rows, now: Self.now) == expected, "\(name)")
    }

    @Test func aReplayedPaymentSeenBeforeExpiryIsNotLate() {
        var sale = Self.awaiting()
        for event in ObservationReplay.events(for: sale, observations: [Self.row(1, "payment"),
                                                                        Self.row(2, "confirmations", confirmations: 6, height: 101)],
                                              now: Self.now) {
            _ = sale.handle(event)
        }
        #expect(sale.status == .paid)
        #expect(sale.payments.first?.late == false)
        #expect(!sale.flags.contains(.paidLate))
    }
}
