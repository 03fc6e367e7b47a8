import BigInt

/// An exact non-negative decimal: `digits / 10^scale`. Parsed from text, never from floating point.
public struct DecimalNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The value with the decimal point removed.
    public let digits: BigUInt
    /// How many of `digits` are after the decimal point.
    public let scale: Int

    public init(digits: BigUInt, scale: Int) {
        self.digits = digits
        self.scale = scale
    }

    /// Parses "64123.45", "0.5", "12" (no sign, no exponent, no grouping).
    public init(parsing text: String) throws(MoneyError) {
        let trimmed = text.trimmingSpaces
        if trimmed.hasPrefix("-") { throw .negative(text) }
        let parts = trimmed.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, !trimmed.isEmpty else { throw .notANumber(text) }
        let whole = parts[0], fraction = parts.count == 2 ? parts[1] : ""
        guard !(whole.isEmpty && fraction.isEmpty),
              whole.allSatisfy(\.isASCIIDigit), fraction.allSatisfy(\.isASCIIDigit) else { throw .notANumber(text) }
        guard let value = BigUInt(String(whole) + String(fraction), radix: 10) else { throw .notANumber(text) }
        self.digits = value
        self.scale = fraction.count
    }

    /// True when the value is exactly zero.
    public var isZero: Bool { digits == 0 }

    /// Canonical text: no trailing zeros after the point, no exponent ("64123.45", "12").
    public var description: String {
        let text = DecimalText.render(digits, decimals: scale)
        return DecimalText.trimmingFractionZeros(text)
    }
}

/// Digit-string helpers shared by the money types.
enum DecimalText {
    /// `units` shown with `decimals` digits after the point ("123400", 8 → "0.00123400").
    static func render(_ units: BigUInt, decimals: Int) -> String {
        // One word (nearly every amount) prints with the standard library, far faster than BigUInt's generic path.
        let raw = units.words.count <= 1 ? String(units.words.first ?? 0) : String(units)
        guard decimals > 0 else { return raw }
        let padded = String(repeating: "0", count: max(0, decimals + 1 - raw.count)) + raw
        let split = padded.index(padded.endIndex, offsetBy: -decimals)
        return padded[..<split] + "." + padded[split...]
    }

    static func trimmingFractionZeros(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.last == "0" { result = result.dropLast() }
        if result.last == "." { result = result.dropLast() }
        return String(result)
    }

    /// Inserts "," every three digits of the whole part ("1299.00" → "1,299.00").
    static func grouped(_ text: String) -> String {
        let parts = text.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        var whole = Array(parts[0])
        var index = whole.count - 3
        while index > 0 { whole.insert(",", at: index); index -= 3 }
        return parts.count == 2 ? String(whole) + "." + parts[1] : String(whole)
    }

    /// Parses a decimal into base units of `decimals` digits; refuses more digits than that.
    static func units(_ text: String, decimals: Int) throws(MoneyError) -> BigUInt {
        let number = try DecimalNumber(parsing: text)
        guard number.scale <= decimals else {
            // Trailing zeros beyond the unit are harmless ("1.500" for 2 decimals).
            let excess = number.scale - decimals
            let divisor = BigUInt(10).power(excess)
            let (quotient, remainder) = number.digits.quotientAndRemainder(dividingBy: divisor)
            guard remainder == 0 else { throw .tooManyDecimals(text, allowed: decimals) }
            return quotient
        }
        return number.digits * BigUInt(10).power(decimals - number.scale)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}

extension String {
    var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first?.isWhitespace == true { scalars = scalars.dropFirst() }
        while scalars.last?.isWhitespace == true { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
