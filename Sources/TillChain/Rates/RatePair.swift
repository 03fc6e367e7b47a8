import TillCore

/// A coin priced in a fiat currency ("BTC/USD").
public struct RatePair: Hashable, Sendable, CustomStringConvertible {
    public let asset: Asset
    public let currency: FiatCurrency

    public init(_ asset: Asset, _ currency: FiatCurrency) {
        self.asset = asset
        self.currency = currency
    }

    public var description: String { "\(asset.symbol)/\(currency.code)" }
}
