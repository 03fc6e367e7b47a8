import BigInt

/// An amount of fiat money in minor units (cents for USD, yen for JPY).
public struct FiatAmount: Hashable, Sendable, Codable, Comparable, CustomStringConvertible {
    public let currency: FiatCurrency
    /// Minor units; may be negative only as the result of a subtraction (refunds, differences).
    public let minor: Int64

    public init(minor: Int64, currency: FiatCurrency) {
        self.minor = minor
        self.currency = currency
    }

    /// Zero in `currency`.
    public static func zero(_ currency: FiatCurrency) -> FiatAmount { FiatAmount(minor: 0, currency: currency) }

    /// Parses "1299", "1,299.00", "$1,299.00" or "1299.00 USD" in `currency`; refuses sub-minor digits.
    public init(parsing text: String, currency: FiatCurrency) throws(MoneyError) {
        var body = text.trimmingSpaces
        let symbol = currency.symbol.trimmingSpaces
        if !symbol.isEmpty, body.hasPrefix(symbol) { body = String(body.dropFirst(symbol.count)).trimmingSpaces }
        if body.hasSuffix(currency.code) { body = String(body.dropLast(currency.code.count)).trimmingSpaces }
        if body.hasPrefix(currency.code) { body = String(body.dropFirst(currency.code.count)).trimmingSpaces }
        guard FiatAmount.groupingIsValid(body) else { throw .notANumber(text) }
        body.removeAll { $0 == "," }
        let units: BigUInt
        do { units = try DecimalText.units(body, decimals: currency.minorUnits) } catch {
            switch error {
            case .notANumber: throw .notANumber(text)
            case .tooManyDecimals: throw .tooManyDecimals(text, allowed: currency.minorUnits)
            case .negative: throw .negative(text)
            default: throw error
            }
        }
        guard units <= BigUInt(Int64.max) else { throw .outOfRange(text) }
        self.init(minor: Int64(units), currency: currency)
    }

    /// "1,299.00" without a symbol.
    public var plain: String {
        let magnitude = DecimalText.render(BigUInt(minor.magnitude), decimals: currency.minorUnits)
        return (minor < 0 ? "-" : "") + DecimalText.grouped(magnitude)
    }

    /// "$1,299.00", "¥1,299", "-€3.50".
    public var formatted: String {
        let magnitude = DecimalText.grouped(DecimalText.render(BigUInt(minor.magnitude), decimals: currency.minorUnits))
        return (minor < 0 ? "-" : "") + currency.symbol + magnitude
    }

    /// Plain decimal with no grouping, for files and exports ("1299.00").
    public var decimalString: String {
        (minor < 0 ? "-" : "") + DecimalText.render(BigUInt(minor.magnitude), decimals: currency.minorUnits)
    }

    public var description: String { formatted }

    public static func < (lhs: FiatAmount, rhs: FiatAmount) -> Bool {
        precondition(lhs.currency == rhs.currency, "comparing \(lhs.currency) with \(rhs.currency)")
        return lhs.minor < rhs.minor
    }

    public static func + (lhs: FiatAmount, rhs: FiatAmount) -> FiatAmount {
        precondition(lhs.currency == rhs.currency, "adding \(lhs.currency) to \(rhs.currency)")
        return FiatAmount(minor: lhs.minor + rhs.minor, currency: lhs.currency)
    }

    public static func - (lhs: FiatAmount, rhs: FiatAmount) -> FiatAmount {
        precondition(lhs.currency == rhs.currency, "subtracting \(rhs.currency) from \(lhs.currency)")
        return FiatAmount(minor: lhs.minor - rhs.minor, currency: lhs.currency)
    }

    /// This amount times a whole quantity.
    public func times(_ quantity: Int) -> FiatAmount { FiatAmount(minor: minor * Int64(quantity), currency: currency) }

    /// Commas, if any, must group the whole part in threes ("1,299" yes, "12,99" no).
    private static func groupingIsValid(_ text: String) -> Bool {
        guard text.contains(",") else { return true }
        let whole = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)[0]
        let groups = whole.split(separator: ",", omittingEmptySubsequences: false)
        guard let first = groups.first, (1...3).contains(first.count) else { return false }
        return groups.dropFirst().allSatisfy { $0.count == 3 }
    }
}
