import BigInt
import Foundation
import PropertyBased
import Testing
@testable import TillCore

@Suite struct MoneyPropertyTests {
    static let currencies = Array(FiatCurrency.known.values).sorted { $0.code < $1.code }
    static let assets: [Asset] = [.btc, .ltc, .eth, Asset(id: "USDC", symbol: "USDC", decimals: 6, kind: .erc20(contract: "0x0", chainID: 1))]

    @Test func fiatFormatParseRoundTrip() async {
        await propertyCheck(count: 500, input: Gen.int64(in: 0...Int64(1) << 52), Gen.element(of: Self.currencies)) { minor, currency throws in
            let amount = FiatAmount(minor: minor, currency: currency!)
            #expect(try FiatAmount(parsing: amount.formatted, currency: currency!) == amount)
            #expect(try FiatAmount(parsing: amount.decimalString, currency: currency!) == amount)
            #expect(try FiatAmount(parsing: amount.plain, currency: currency!) == amount)
        }
    }

    @Test func coinFormatParseRoundTrip() async {
        let units = Gen.uint64(in: 0...UInt64.max).array(of: 1...4).map { words in
            words.reduce(BigUInt(0)) { ($0 << 64) + BigUInt($1) }
        }
        await propertyCheck(count: 500, input: units, Gen.element(of: Self.assets)) { units, asset throws in
            let amount = CoinAmount(units: units, asset: asset!)
            #expect(try CoinAmount(parsing: amount.formatted, asset: asset!) == amount)
            #expect(try CoinAmount(parsing: amount.plainDecimal, asset: asset!) == amount)
            #expect(!amount.plainDecimal.contains("e"))
        }
    }

    /// The merchant never receives less than the price, and never more than one base unit extra.
    @Test func conversionRoundsUpByLessThanOneUnit() async {
        await propertyCheck(count: 1_000, input: Gen.int64(in: 1...10_000_000_000), Gen.uint64(in: 1...UInt64.max >> 8),
                            Gen.int(in: 0...8), Gen.element(of: Self.currencies), Gen.element(of: Self.assets)) {
            minor, priceDigits, scale, currency, asset throws in
            let rate = ExchangeRate(asset: asset!, currency: currency!, price: DecimalNumber(digits: BigUInt(priceDigits), scale: scale),
                                    source: "property", time: Date(timeIntervalSince1970: 0))
            let fiat = FiatAmount(minor: minor, currency: currency!)
            let due = try rate.coinDue(for: fiat)
            // Exact comparison in integers: units × price ≥ fiat  ⇔  units × digits × 10^minor ≥ minor × 10^(decimals+scale).
            let scaledFiat = BigUInt(minor) * BigUInt(10).power(asset!.decimals + scale)
            let perUnit = BigUInt(priceDigits) * BigUInt(10).power(currency!.minorUnits)
            #expect(due.units * perUnit >= scaledFiat)
            if due.units > 0 { #expect((due.units - 1) * perUnit < scaledFiat) }
            #expect(rate.fiatValue(of: due) >= fiat)
        }
    }

    @Test func decimalNumberCanonicalText() async {
        await propertyCheck(count: 300, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 0...20)) { digits, scale throws in
            let number = DecimalNumber(digits: BigUInt(digits), scale: scale)
            let reparsed = try DecimalNumber(parsing: number.description)
            // Same value: cross-multiply to the common scale.
            let common = max(scale, reparsed.scale)
            #expect(number.digits * BigUInt(10).power(common - scale) == reparsed.digits * BigUInt(10).power(common - reparsed.scale))
        }
    }
}
