import BigInt
import Foundation
import TillCore

/// State machine throughput: a full sale lifecycle (cart, quote, payment, six confirmations) per iteration.
func runCoreBench() async throws {
    let laptop = Product(id: "LAP", name: "Laptop", price: FiatAmount(minor: 129_900, currency: .usd), category: "Computers")
    let rate = ExchangeRate(asset: .btc, currency: .usd, price: try DecimalNumber(parsing: "64123.45"), source: "bench", time: Date())
    let start = Date(timeIntervalSince1970: 1_790_000_000)
    let due = try rate.coinDue(for: laptop.price)
    let quote = Quote(address: "mbench", derivationPath: nil, amount: due, fiat: laptop.price, rate: rate, uri: "bitcoin:mbench",
                      createdAt: start, expiresAt: start.addingTimeInterval(900))
    var events: [SaleEvent] = [.addProduct(laptop, quantity: 1), .checkout(.btc, policy: PaymentPolicy(), at: start), .quoteReady(quote)]
    for confirmations in 0...6 {
        events.append(.observed(PaymentObservation(ref: PaymentRef(txid: "aa", output: 0), address: "mbench", amount: due, replaceable: false,
                                                   confirmations: confirmations, blockHeight: confirmations > 0 ? 100 : nil,
                                                   blockHash: confirmations > 0 ? "h" : nil), at: start.addingTimeInterval(60)))
    }
    events.append(.tick(start.addingTimeInterval(100_000)))
    let sales = 20_000
    let clock = ContinuousClock()
    var paid = 0
    let elapsed = clock.measure {
        for index in 0..<sales {
            var sale = Sale(id: "S-\(index)", cashier: "bench", openedAt: start, cart: Cart(currency: .usd))
            for event in events { _ = sale.handle(event) }
            if sale.status == .paid { paid += 1 }
        }
    }
    precondition(paid == sales, "every benchmark sale must end paid")
    // Rates in whole counts per second, from elapsed microseconds (integers: no floating point in this file).
    let micros = max(1, Int(elapsed.components.seconds) * 1_000_000 + Int(elapsed.components.attoseconds / 1_000_000_000_000))
    let eventCount = sales * events.count
    print("core: state machine events = \(eventCount * 1_000_000 / micros) events/s (\(eventCount) events, \(sales) sales, \(micros / 1_000) ms)")
    print("core: full sale lifecycles = \(sales * 1_000_000 / micros) sales/s")
}
