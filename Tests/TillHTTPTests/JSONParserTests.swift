import Testing
import TillHTTP

@Suite struct JSONParserTests {
    @Test func keepsNumbersExactly() throws {
        let value = try JSONParser.parse(#"{"value": 0.00123400, "big": 115792089237316195423570985008687907853269984665640564039457584007913129639935, "e": 1e-8}"#)
        #expect(value["value"]?.numberText == "0.00123400")
        #expect(value["big"]?.numberText == "115792089237316195423570985008687907853269984665640564039457584007913129639935")
        #expect(value["e"]?.numberText == "1e-8")
    }

    @Test func parsesNestedStructures() throws {
        let value = try JSONParser.parse(#" {"result": {"tx": [{"txid": "ab", "vout": [1, 2]}], "ok": true, "none": null}, "error": null} "#)
        #expect(value["result"]?["tx"]?[0]?["txid"]?.stringValue == "ab")
        #expect(value["result"]?["tx"]?[0]?["vout"]?[1]?.intValue == 2)
        #expect(value["result"]?["ok"]?.boolValue == true)
        #expect(value["result"]?["none"]?.isNull == true)
        #expect(value["error"]?.isNull == true)
    }

    @Test func decodesEscapes() throws {
        let value = try JSONParser.parse(#"["a\"b\\c\/d\n", "\u00e9\ud83d\ude00"]"#)
        #expect(value[0]?.stringValue == "a\"b\\c/d\n")
        #expect(value[1]?.stringValue == "é😀")
    }

    @Test func roundTripsThroughText() throws {
        let text = #"{"a":[1,2.50,"x\n"],"b":{"c":null,"d":false}}"#
        #expect(try JSONParser.parse(text).text == text)
    }

    @Test(arguments: ["", "{", "[1,]", "{\"a\" 1}", "01x", "\"unterminated", "tru", "[1] 2", "{\"a\":1,}", "\"\\x\"", "-", "1.", "1e"])
    func rejectsMalformed(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test func errorSaysWhere() {
        do {
            _ = try JSONParser.parse("[1, 2, x]")
            Issue.record("no error")
        } catch {
            #expect(error.offset == 7)
            #expect(error.message.contains("byte 7"))
        }
    }

    @Test func deepNestingIsRefused() {
        let deep = String(repeating: "[", count: 1_000) + String(repeating: "]", count: 1_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
    }
}
