import BigInt
import Foundation
import Testing
@testable import TillCore

@Suite struct MoneyFormattingTests {
    @Test(arguments: [
        ("USD", Int64(129_900), "$1,299.00"), ("USD", 5, "$0.05"), ("JPY", 1_299, "¥1,299"),
        ("EUR", -350, "-€3.50"), ("KWD", 1_234_567, "KWD 1,234.567"), ("USD", 100_000_000_00, "$100,000,000.00"),
    ])
    func fiatFormatting(code: String, minor: Int64, expected: String) throws {
        let currency = try #require(FiatCurrency.named(code))
        #expect(FiatAmount(minor: minor, currency: currency).formatted == expected)
    }

    @Test func coinFormatting() {
        #expect(CoinAmount(units: 123_400, asset: .btc).formatted == "0.00123400 BTC")
        #expect(CoinAmount(units: 123_400, asset: .btc).plainDecimal == "0.001234")
        #expect(CoinAmount(units: 100_000_000, asset: .btc).plainDecimal == "1")
        #expect(CoinAmount(units: BigUInt(10).power(18) * 3 / 2, asset: .eth).plainDecimal == "1.5")
        #expect(CoinAmount(units: 0, asset: .btc).formatted == "0.00000000 BTC")
    }

    @Test(arguments: [
        ("$1,299.00", Int64(129_900)), ("1299", 129_900), ("1,299.5", 129_950), (" 12.30 USD ", 1_230), ("0.05", 5),
        (".5", 50), ("1.500", 150),
    ])
    func fiatParsing(text: String, minor: Int64) throws {
        #expect(try FiatAmount(parsing: text, currency: .usd).minor == minor)
    }

    @Test func fiatParsingErrors() {
        #expect(throws: MoneyError.tooManyDecimals("1.001", allowed: 2)) { try FiatAmount(parsing: "1.001", currency: .usd) }
        #expect(throws: MoneyError.tooManyDecimals("5.5", allowed: 0)) { try FiatAmount(parsing: "5.5", currency: .jpy) }
        #expect(throws: MoneyError.notANumber("12,99")) { try FiatAmount(parsing: "12,99", currency: .usd) }
        #expect(throws: MoneyError.notANumber("1e3")) { try FiatAmount(parsing: "1e3", currency: .usd) }
        #expect(throws: MoneyError.notANumber("")) { try FiatAmount(parsing: "", currency: .usd) }
        #expect(throws: MoneyError.negative("-1")) { try FiatAmount(parsing: "-1", currency: .usd) }
        #expect(throws: MoneyError.outOfRange("99999999999999999999")) {
            try FiatAmount(parsing: "99999999999999999999", currency: .usd)
        }
        #expect(MoneyError.tooManyDecimals("1.001", allowed: 2).message.contains("more than 2 decimal places"))
    }

    @Test func coinParsing() throws {
        #expect(try CoinAmount(parsing: "0.001234 BTC", asset: .btc).units == 123_400)
        #expect(try CoinAmount(parsing: "0.00000001", asset: .btc).units == 1)
        #expect(try CoinAmount(parsing: "1.000000000000000001", asset: .eth).units == BigUInt(10).power(18) + 1)
        #expect(throws: MoneyError.tooManyDecimals("0.000000001", allowed: 8)) { try CoinAmount(parsing: "0.000000001", asset: .btc) }
        #expect(throws: MoneyError.wrongUnit("1 ETH", expected: "BTC")) { try CoinAmount(parsing: "1 ETH", asset: .btc) }
    }

    @Test func unknownCurrency() {
        #expect(FiatCurrency.named("XYZ") == nil)
        #expect(FiatCurrency.named("usd") == .usd)
        #expect(FiatCurrency.named("JPY")?.minorUnits == 0)
    }
}

@Suite struct ConversionTests {
    func rate(_ price: String, _ asset: Asset = .btc, _ currency: FiatCurrency = .usd) throws -> ExchangeRate {
        ExchangeRate(asset: asset, currency: currency, price: try DecimalNumber(parsing: price), source: "test",
                     time: Date(timeIntervalSince1970: 0))
    }

    @Test func roundsUpToTheSmallestUnit() throws {
        // $1,299.00 at 64,123.45 USD/BTC = 2,025,779.96… sats: rounded up to a whole sat.
        let due = try rate("64123.45").coinDue(for: FiatAmount(minor: 129_900, currency: .usd))
        #expect(due.units == 2_025_780)
        // One sat less would be worth less than the price.
        #expect(try rate("64123.45").fiatValue(of: CoinAmount(units: due.units - 1, asset: .btc)).minor < 129_900)
        // An exact division is not rounded.
        #expect(try rate("50000").coinDue(for: FiatAmount(minor: 5_000_000, currency: .usd)).units == 100_000_000)
    }

    @Test func jpyAndWei() throws {
        let due = try rate("500000.5", .eth, .jpy).coinDue(for: FiatAmount(minor: 1_000, currency: .jpy))
        // 1000 * 10^18 * 10 / 5000005 = 1999998000001999.99… → …2000
        #expect(due.units == BigUInt("1999998000002000"))
    }

    @Test func zeroRateIsAnError() throws {
        #expect(throws: MoneyError.zeroRate) { try rate("0").coinDue(for: FiatAmount(minor: 1, currency: .usd)) }
    }

    @Test func fiatValueRoundsDown() throws {
        let value = try rate("64123.45").fiatValue(of: CoinAmount(units: 2_025_780, asset: .btc))
        #expect(value.minor == 129_900)
        #expect(try rate("3").fiatValue(of: CoinAmount(units: 1, asset: .btc)).minor == 0)
    }
}

@Suite struct CartTests {
    let laptop = Product(id: "LAP", name: "Laptop", price: FiatAmount(minor: 129_900, currency: .usd), category: "Computers",
                         taxRate: try! DecimalNumber(parsing: "8.25"))
    let coffee = Product(id: "COF", name: "Coffee", price: FiatAmount(minor: 350, currency: .usd), category: "Café")

    @Test func linesMergeAndTotalsAddUp() {
        var cart = Cart(currency: .usd, taxMode: .excluded)
        cart.add(laptop)
        cart.add(coffee, quantity: 2)
        cart.add(coffee)
        #expect(cart.lines.count == 2)
        #expect(cart.itemCount == 4)
        #expect(cart.subtotal.minor == 129_900 + 1_050)
        // 8.25 % of 1299.00 = 107.1675 → rounded up to 107.17; coffee has no rate and no default.
        #expect(cart.tax.minor == 10_717)
        #expect(cart.total.minor == 129_900 + 1_050 + 10_717)
        cart.setQuantity(0, forLine: 1)
        #expect(cart.lines.map(\.product.id) == ["LAP"])
    }

    @Test func includedTaxIsNotAdded() {
        var cart = Cart(currency: .usd, taxMode: .included, defaultTaxRate: try! DecimalNumber(parsing: "20"))
        cart.add(coffee, quantity: 2)
        // 7.00 includes 20 %: 7.00 × 20 / 120 = 1.1666… → 1.17
        #expect(cart.tax.minor == 117)
        #expect(cart.total.minor == 700)
    }
}
