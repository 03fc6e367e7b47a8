import Foundation
import Testing
@testable import TillCore

@Suite struct ReceiptTextTests {
    @Test func paidSaleAt32Columns() {
        let expected = """
                    Corner Computers
                     12 High Street
                      Springfield
            --------------------------------
            Sale             S-20260921-0007
            Time         2026-09-21 14:14:20
            Cashier                    alice
            --------------------------------
            1 x Laptop 14"         $1,299.00
            2 x Mouse                 $50.00
            --------------------------------
            Subtotal               $1,349.00
            Tax                      $111.30
            TOTAL                  $1,460.30
            --------------------------------
            Paid              0.02277327 BTC
            Rate        1 BTC = 64123.45 USD
            Address
            bc1qar0srrr7xfkvy5l643lydnw9re59
            gtzzwf5mdq
            Txid
            f4184fc596403b9d638783cf57adfe4c
            75c605f6356fbc91338530e9831e9e16
            Confirmations                6/6
            --------------------------------
                          PAID
            --------------------------------
                       Thank you!

            """
        #expect(ReceiptText.text(ReceiptFixture.receipt(), width: 32) == expected)
    }

    @Test func paidSaleAt48Columns() {
        let expected = """
                            Corner Computers
                             12 High Street
                              Springfield
            ------------------------------------------------
            Sale                             S-20260921-0007
            Time                         2026-09-21 14:14:20
            Cashier                                    alice
            ------------------------------------------------
            1 x Laptop 14"                         $1,299.00
            2 x Mouse                                 $50.00
            ------------------------------------------------
            Subtotal                               $1,349.00
            Tax                                      $111.30
            TOTAL                                  $1,460.30
            ------------------------------------------------
            Paid                              0.02277327 BTC
            Rate                        1 BTC = 64123.45 USD
            Address
            bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq
            Txid
            f4184fc596403b9d638783cf57adfe4c75c605f6356fbc91
            338530e9831e9e16
            Confirmations                                6/6
            ------------------------------------------------
                                  PAID
            ------------------------------------------------
                               Thank you!

            """
        #expect(ReceiptText.text(ReceiptFixture.receipt(), width: 48) == expected)
    }

    @Test func longNamesWrapUnderTheQuantityThenAreCut() {
        let long = Product(id: "X", name: "Extra long product name that goes on and on forever and ever again",
                           price: FiatAmount(minor: 100, currency: .usd), category: "Misc")
        let lines = ReceiptText.lines(ReceiptFixture.receipt(ReceiptFixture.paidSale(extraProduct: long)), width: 32)
        let start = lines.firstIndex { $0.hasPrefix("1 x Extra") }!
        #expect(Array(lines[start...start + 3]) == [
            "1 x Extra long product     $1.00",
            "    name that goes on and",
            "    on forever and ever…",
            "--------------------------------",
        ])
    }

    @Test func noLineIsWiderThanThePaper() {
        let long = Product(id: "X", name: "Supercalifragilisticexpialidocious-and-then-some deluxe edition",
                           price: FiatAmount(minor: 123_456_789, currency: .usd), category: "Misc")
        let receipt = ReceiptFixture.receipt(ReceiptFixture.paidSale(extraProduct: long))
        for width in [16, 24, 32, 42, 48, 80, 120] {
            let lines = ReceiptText.lines(receipt, width: width)
            #expect(lines.allSatisfy { $0.count <= width }, "width \(width): \(lines.filter { $0.count > width })")
            // Addresses and txids are split, never shortened: joined back they are whole.
            #expect(lines.joined().contains(ReceiptFixture.txid), "width \(width)")
        }
    }

    @Test func statusShowsFlagsAndUnpaidSalesSayWhatTheyAre() {
        var sale = ReceiptFixture.paidSale()
        #expect(Receipt.statusText(sale) == "PAID")
        _ = sale.handle(.reorged(PaymentRef(txid: ReceiptFixture.txid, output: 1), at: Fixture.at(120)))
        #expect(Receipt.statusText(sale) == "CONFIRMING - REORGED")
        let awaiting = Fixture.awaiting()
        let receipt = Receipt(sale: awaiting, shopName: "Shop", time: "now")
        #expect(receipt.status == "AWAITING PAYMENT")
        #expect(receipt.payment?.txids == [])
        #expect(receipt.payment?.amount == Fixture.due)
        #expect(receipt.tax == nil)
        #expect(!ReceiptText.lines(receipt, width: 32).contains { $0.hasPrefix("Subtotal") || $0.hasPrefix("Txid") })
    }

    @Test func timeIsFormattedInTheShopsZone() {
        let date = Date(timeIntervalSince1970: 1_790_000_060)
        #expect(Receipt.formatTime(date, timeZone: TimeZone(identifier: "UTC")!) == "2026-09-21 14:14:20")
        #expect(Receipt.formatTime(date, timeZone: TimeZone(identifier: "Asia/Tokyo")!) == "2026-09-21 23:14:20")
    }
}
