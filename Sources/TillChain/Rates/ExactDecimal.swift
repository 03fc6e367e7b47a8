import BigInt
import TillCore
import TillHTTP

/// Exact arithmetic on `DecimalNumber` for comparing prices: a value is `digits / 10^scale`, so every
/// operation here is integer arithmetic on `BigUInt` and nothing is ever rounded except where named.
enum ExactDecimal {
    /// Reads a JSON number literal ("64123.45", "1.2e-05", "-3") exactly; nil when it is not one or is out of
    /// `JSONDecimal`'s bounds. The sign is returned apart because `DecimalNumber` is non-negative.
    static func parseJSONNumber(_ text: String) -> (negative: Bool, value: DecimalNumber)? {
        guard let number = JSONDecimal(text), let digits = BigUInt(number.digits, radix: 10) else { return nil }
        return (number.negative, shifted(DecimalNumber(digits: digits, scale: 0), byPowerOfTen: number.exponent))
    }

    /// `value × 10^exponent`.
    static func shifted(_ value: DecimalNumber, byPowerOfTen exponent: Int) -> DecimalNumber {
        if exponent < 0 { return DecimalNumber(digits: value.digits, scale: value.scale - exponent) }
        if exponent <= value.scale { return DecimalNumber(digits: value.digits, scale: value.scale - exponent) }
        return DecimalNumber(digits: value.digits * BigUInt(10).power(exponent - value.scale), scale: 0)
    }

    /// Both values' digits at their common scale.
    static func aligned(_ a: DecimalNumber, _ b: DecimalNumber) -> (BigUInt, BigUInt, scale: Int) {
        let scale = max(a.scale, b.scale)
        return (a.digits * BigUInt(10).power(scale - a.scale), b.digits * BigUInt(10).power(scale - b.scale), scale)
    }

    static func isLess(_ a: DecimalNumber, _ b: DecimalNumber) -> Bool {
        let (x, y, _) = aligned(a, b)
        return x < y
    }

    static func sum(_ a: DecimalNumber, _ b: DecimalNumber) -> DecimalNumber {
        let (x, y, scale) = aligned(a, b)
        return normalized(DecimalNumber(digits: x + y, scale: scale))
    }

    static func distance(_ a: DecimalNumber, _ b: DecimalNumber) -> DecimalNumber {
        let (x, y, scale) = aligned(a, b)
        return DecimalNumber(digits: x > y ? x - y : y - x, scale: scale)
    }

    static func product(_ a: DecimalNumber, _ b: DecimalNumber) -> DecimalNumber {
        normalized(DecimalNumber(digits: a.digits * b.digits, scale: a.scale + b.scale))
    }

    /// Half of a value, still exact: x / 2 = 5x / 10.
    static func half(_ a: DecimalNumber) -> DecimalNumber {
        normalized(DecimalNumber(digits: a.digits * 5, scale: a.scale + 1))
    }

    /// The same value without trailing fraction zeros ("64123.4500" → "64123.45").
    static func normalized(_ a: DecimalNumber) -> DecimalNumber {
        var digits = a.digits, scale = a.scale
        while scale > 0 {
            let (quotient, remainder) = digits.quotientAndRemainder(dividingBy: 10)
            guard remainder == 0 else { break }
            digits = quotient
            scale -= 1
        }
        return DecimalNumber(digits: digits, scale: scale)
    }

    /// The median; for an even count the mean of the two middle values (exact). Nil when empty.
    static func median(_ values: [DecimalNumber]) -> DecimalNumber? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted(by: isLess)
        let middle = sorted.count / 2
        if sorted.count % 2 == 1 { return normalized(sorted[middle]) }
        return half(sum(sorted[middle - 1], sorted[middle]))
    }

    /// True when |value − reference| exceeds `percent` % of the reference: |v − r| × 100 > percent × r.
    static func deviates(_ value: DecimalNumber, from reference: DecimalNumber, byMoreThan percent: DecimalNumber) -> Bool {
        let lhs = product(distance(value, reference), DecimalNumber(digits: 100, scale: 0))
        let rhs = product(percent, reference)
        return isLess(rhs, lhs)
    }

    /// |value − reference| / reference in percent, rounded half up to one decimal ("5.3"), for messages.
    static func percentText(_ value: DecimalNumber, from reference: DecimalNumber) -> String {
        guard !reference.isZero else { return "∞" }
        let diff = distance(value, reference)
        // tenths of a percent = diff × 1000 / reference, with both at their own scales.
        let numerator = diff.digits * 1000 * BigUInt(10).power(reference.scale) * 2
        let denominator = reference.digits * BigUInt(10).power(diff.scale)
        let tenths = (numerator / denominator + 1) / 2
        let (whole, fraction) = tenths.quotientAndRemainder(dividingBy: 10)
        return "\(whole).\(fraction)"
    }
}
