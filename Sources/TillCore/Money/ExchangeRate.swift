import BigInt
import Foundation

/// The price of one whole coin in a fiat currency, as an exact decimal, with where and when it came from.
public struct ExchangeRate: Hashable, Sendable, Codable {
    public let asset: Asset
    public let currency: FiatCurrency
    /// Fiat per one whole coin ("64123.45" USD per BTC).
    public let price: DecimalNumber
    /// Where the rate came from ("kraken", "coinbase", "median of 3", "fixed").
    public let source: String
    /// When the source observed it.
    public let time: Date

    public init(asset: Asset, currency: FiatCurrency, price: DecimalNumber, source: String, time: Date) {
        self.asset = asset
        self.currency = currency
        self.price = price
        self.source = source
        self.time = time
    }

    /// The coin amount worth `fiat`, rounded **up** to the coin's base unit so the merchant never gets less.
    public func coinDue(for fiat: FiatAmount) throws(MoneyError) -> CoinAmount {
        precondition(fiat.currency == currency, "rate is \(currency), amount is \(fiat.currency)")
        guard !price.isZero else { throw .zeroRate }
        guard fiat.minor >= 0 else { throw .negative(fiat.decimalString) }
        // units = fiat.minor / 10^minorUnits / (digits / 10^scale) * 10^decimals
        let numerator = BigUInt(fiat.minor) * BigUInt(10).power(asset.decimals + price.scale)
        let denominator = price.digits * BigUInt(10).power(currency.minorUnits)
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return CoinAmount(units: remainder == 0 ? quotient : quotient + 1, asset: asset)
    }

    /// The fiat value of `coin` at this rate, rounded **down** to the minor unit (what it is surely worth).
    public func fiatValue(of coin: CoinAmount) -> FiatAmount {
        precondition(coin.asset == asset, "rate is for \(asset), amount is \(coin.asset)")
        let numerator = coin.units * price.digits * BigUInt(10).power(currency.minorUnits)
        let denominator = BigUInt(10).power(asset.decimals + price.scale)
        let value = numerator / denominator
        return FiatAmount(minor: value > BigUInt(Int64.max) ? Int64.max : Int64(value), currency: currency)
    }
}
