import BigInt
import Foundation
@testable import TillCore

/// A paid sale for receipt tests: a laptop and two mice, 8.25 % tax on top, paid in BTC with 6 confirmations.
enum ReceiptFixture {
    static let txid = "f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91338530e9831e9e16"

    static func paidSale(extraProduct: Product? = nil) -> Sale {
        var cart = Cart(currency: .usd, taxMode: .excluded, defaultTaxRate: DecimalNumber(digits: 825, scale: 2))
        cart.add(Fixture.laptop)
        cart.add(Fixture.mouse, quantity: 2)
        if let extraProduct { cart.add(extraProduct) }
        var sale = Sale(id: "S-20260921-0007", cashier: "alice", openedAt: Fixture.t0, cart: cart)
        _ = sale.handle(.checkout(.btc, policy: PaymentPolicy(), at: Fixture.t0))
        let due = try! Fixture.rate.coinDue(for: sale.cart.total)
        let quote = Quote(address: "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq", derivationPath: nil, amount: due,
                          fiat: sale.cart.total, rate: Fixture.rate, uri: "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
                          createdAt: Fixture.t0, expiresAt: Fixture.at(900))
        _ = sale.handle(.quoteReady(quote))
        let observation = PaymentObservation(ref: PaymentRef(txid: txid, output: 1), address: quote.address, amount: due,
                                             replaceable: false, confirmations: 6, blockHeight: 200, blockHash: "b")
        _ = sale.handle(.observed(observation, at: Fixture.at(60)))
        return sale
    }

    static func receipt(_ sale: Sale = paidSale()) -> Receipt {
        Receipt(sale: sale, shopName: "Corner Computers", headerText: "12 High Street\nSpringfield",
                footerText: "Thank you!", time: Receipt.formatTime(Fixture.at(60), timeZone: TimeZone(identifier: "UTC")!))
    }
}
