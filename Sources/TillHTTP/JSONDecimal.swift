/// A JSON number literal read exactly and within bounds: value = ± `digits` × 10^`exponent`.
///
/// Why one helper: numbers come from peers (nodes, explorers, rate APIs) and a literal such as
/// `1e9223372036854775807` overflowed `Int` arithmetic (a trap, at every restart) while `1e30000000` made
/// `10^exponent` eat a core. Every exact JSON-number reader goes through here, so every one is bounded.
public struct JSONDecimal: Hashable, Sendable {
    /// Written exponents further out than this are refused: no amount or price needs them.
    public static let maxExponent = 64
    /// Literals with more digits than this (before and after the point) are refused (a uint256 has 78).
    public static let maxDigits = 100

    public let negative: Bool
    /// The digits without the decimal point and without leading zeros ("0" for zero).
    public let digits: String
    /// The power of ten `digits` is multiplied by; within ±(maxExponent + maxDigits), so sums stay far from overflow.
    public let exponent: Int

    /// Parses a JSON number literal ("64123.45", "1.2e-05", "-3"); nil when it is not one or is out of bounds.
    public init?(_ text: String) {
        let bytes = Array(text.utf8)
        var index = 0
        let negative = index < bytes.count && bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let wholeStart = index
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
        let whole = bytes[wholeStart..<index]
        guard !whole.isEmpty else { return nil }
        var fraction = ArraySlice<UInt8>()
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            fraction = bytes[start..<index]
            guard !fraction.isEmpty else { return nil }
        }
        var written = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            let start = index
            while index < bytes.count, isDigit(bytes[index]) { index += 1 }
            let exponentDigits = bytes[start..<index].drop { $0 == UInt8(ascii: "0") }
            guard index > start, exponentDigits.count <= 4 else { return nil }
            for byte in exponentDigits { written = written * 10 + Int(byte - UInt8(ascii: "0")) }
            guard written <= Self.maxExponent else { return nil }
            if exponentNegative { written = -written }
        }
        guard index == bytes.count else { return nil }
        guard whole.count + fraction.count <= Self.maxDigits else { return nil }
        let significant = (whole + fraction).drop { $0 == UInt8(ascii: "0") }
        self.negative = negative
        self.digits = significant.isEmpty ? "0" : String(decoding: significant, as: UTF8.self)
        self.exponent = written - fraction.count
    }

    /// True when the value is exactly zero.
    public var isZero: Bool { digits == "0" }
}

extension JSONValue {
    /// The number as a bounded exact decimal, or nil (not a number, or out of bounds).
    public var decimalValue: JSONDecimal? { numberText.flatMap(JSONDecimal.init) }
}
