import BigInt

/// An amount of a crypto asset in base units (sats, wei, token units); values up to 2^256 and beyond.
public struct CoinAmount: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let asset: Asset
    public let units: BigUInt

    public init(units: BigUInt, asset: Asset) {
        self.units = units
        self.asset = asset
    }

    /// Zero of `asset`.
    public static func zero(_ asset: Asset) -> CoinAmount { CoinAmount(units: 0, asset: asset) }

    /// Parses "0.001234", "0.001234 BTC" (the symbol must match) into base units; refuses sub-unit digits.
    public init(parsing text: String, asset: Asset) throws(MoneyError) {
        var body = text.trimmingSpaces
        if let space = body.lastIndex(of: " ") {
            let unit = body[body.index(after: space)...]
            guard unit.uppercased() == asset.symbol.uppercased() else { throw .wrongUnit(text, expected: asset.symbol) }
            body = String(body[..<space]).trimmingSpaces
        }
        self.init(units: try DecimalText.units(body, decimals: asset.decimals), asset: asset)
    }

    /// All decimals shown, with the symbol: "0.00123400 BTC".
    public var formatted: String { DecimalText.render(units, decimals: asset.decimals) + " " + asset.symbol }

    /// All decimals, no symbol: "0.00123400".
    public var fixedDecimal: String { DecimalText.render(units, decimals: asset.decimals) }

    /// Shortest exact decimal, no exponent, for URIs: "0.001234", "1".
    public var plainDecimal: String { DecimalText.trimmingFractionZeros(fixedDecimal) }

    public var description: String { formatted }

    public static func < (lhs: CoinAmount, rhs: CoinAmount) -> Bool {
        precondition(lhs.asset == rhs.asset, "comparing \(lhs.asset) with \(rhs.asset)")
        return lhs.units < rhs.units
    }

    public static func + (lhs: CoinAmount, rhs: CoinAmount) -> CoinAmount {
        precondition(lhs.asset == rhs.asset, "adding \(lhs.asset) to \(rhs.asset)")
        return CoinAmount(units: lhs.units + rhs.units, asset: lhs.asset)
    }

    /// `self − other`, or zero when other is larger (what is still due never goes negative).
    public func saturatingMinus(_ other: CoinAmount) -> CoinAmount {
        precondition(asset == other.asset, "subtracting \(other.asset) from \(asset)")
        return CoinAmount(units: units > other.units ? units - other.units : 0, asset: asset)
    }
}
