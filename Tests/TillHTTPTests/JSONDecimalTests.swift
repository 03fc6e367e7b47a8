import Testing
import TillHTTP

/// The one bounded reader of JSON number literals: exact, and refusing what would overflow or eat memory.
@Suite struct JSONDecimalTests {
    @Test(arguments: [
        ("0", false, "0", 0), ("12", false, "12", 0), ("-3", true, "3", 0), ("64123.45", false, "6412345", -2),
        ("0.00001", false, "1", -5), ("1e-05", false, "1", -5), ("1.2E+3", false, "12", 2), ("49.87655480", false, "4987655480", -8),
        ("1e64", false, "1", 64), ("1e-64", false, "1", -64), ("0e000064", false, "0", 64),
    ])
    func readsExactly(_ text: String, _ negative: Bool, _ digits: String, _ exponent: Int) throws {
        let number = try #require(JSONDecimal(text))
        #expect(number.negative == negative)
        #expect(number.digits == digits)
        #expect(number.exponent == exponent)
    }

    @Test(arguments: [
        "1e9223372036854775807", "1e-9223372036854775808", "1e30000000", "1e65", "1e-65", "1e99999999999999999999999",
        String(repeating: "9", count: 101), "0." + String(repeating: "0", count: 100) + "1",
        "", "-", "1.", ".5", "1e", "1e+", "+1", "0x10", "1 ", "NaN", "1.5.5",
    ])
    func refusesWhatIsOutOfBoundsOrNotANumber(_ text: String) {
        #expect(JSONDecimal(text) == nil, "\(text.prefix(40))")
    }

    @Test func theParserCapsNestingNumberLengthAndSize() {
        let deep = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        #expect(throws: JSONParseError.self) { try JSONParser.parse("[" + String(repeating: "1", count: 10_000) + "]") }
        #expect(throws: JSONParseError.self) { try JSONParser.parse(Array(repeating: UInt8(ascii: " "), count: JSONParser.maxBytes + 1)) }
        // Within the caps all is as before.
        let nested = String(repeating: "[", count: JSONParser.maxDepth) + String(repeating: "]", count: JSONParser.maxDepth)
        #expect((try? JSONParser.parse(nested)) != nil)
    }
}
