import Testing
import TillHTTP

/// The parser against the categories of JSONTestSuite (y_: must parse, n_: must be refused, i_: either, but never
/// a crash or a hang). The inputs are our own, one or more per category of that suite's `test_parsing` folder.
@Suite struct JSONConformanceTests {
    /// Documents every RFC 8259 parser must accept.
    static let mustParse: [String] = [
        "[[]   ]", #"[""]"#, "[]", "[\"a\"]\n", "[false]", #"[null, 1, "1", {}]"#, "[null]", "[1\n]", " [1]",
        "[1,null,null,null,2]", "[2] ", "[123e65]", "[0e+1]", "[0e1]", "[ 4]", "[-0.000000000000000000000000000000000000000000000000000000000000000000000000000001]\n",
        "[20e1]", "[-0]", "[-123]", "[-1]", "-0", "[1E22]", "[1E-2]", "[1E+2]", "[123e45]", "[123.456e78]", "[1e-2]",
        "[1e+2]", "[123]", "[123.456789]", #"{"asd":"sdf", "dfg":"fgh"}"#, #"{"asd":"sdf"}"#, #"{"a":"b","a":"c"}"#,
        #"{"a":"b","a":"b"}"#, "{}", #"{"":0}"#, #"{"foo\u0000bar": 42}"#, #"{ "min": -1.0e+28, "max": 1.0e+28 }"#,
        #"{"x":[{"id": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}], "id": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}"#,
        #"{"a":[]}"#, #"{"title":"\u041f\u043e\u043b\u0442\u043e\u0440\u0430 \u0417\u0435\u043c\u043b\u0435\u043a\u043e\u043f\u0430" }"#,
        "{\n\"a\": \"b\"\n}", #"["\u0060\u012a\u12AB"]"#, #"["\uD801\udc37"]"#, #"["\ud83d\ude39\ud83d\udc8d"]"#,
        #"["\"\\\/\b\f\n\r\t"]"#, #"["\\u0000"]"#, #"["\""]"#, #"["a/*b*/c/*d//e"]"#, #"["\\a"]"#, #"["\\n"]"#,
        #"["\u0012"]"#, #"["\uFFFF"]"#, #"["asd"]"#, #"[ "asd"]"#, #"["\uDBFF\uDFFF"]"#, #"["new\u00A0line"]"#,
        #"["\uDBFF\uDFFE"]"#, #"["\uFFFE"]"#, #"["\u0000"]"#, #"["\u002c"]"#, #"["\u03c0"]"#, #"["\uD82F\uDFFF"]"#,
        #"["asd "]"#, #"" ""#, #"["\uD834\uDd1e"]"#, #"["\u0821"]"#, #"["\u0123"]"#, #"["\u2028"]"#, #"["\u2029"]"#,
        #"["\u0061\u30af\u30EA\u30b9"]"#, #"["new\u000Aline"]"#, "[\"\u{7F}\"]", #"["\uA66D"]"#, #"["\u005C"]"#,
        #"["\u0022"]"#, "[\"\u{200B}\"]", "[\"\u{2064}\"]", #"["\uFDD0"]"#, "[\"€𝄞\"]", "[\"a\u{7F}a\"]",
        "false", "42", "-0.1", "null", #""asd""#, "true", "\"\"", "[true]", " [] ",
    ]

    /// Documents every parser must refuse.
    static let mustRefuse: [String] = [
        "[1 true]", "[1:2]", "[\"\"],", "[1,,2]", "[1,,]", "[\"x\"]]", "[\"\",]", "[\"x\"", "[x", "[3[4]]", "[1;2]", "[,]",
        "[-]", "[   , \"\"]", "[\"a\",\n4\n,1,", "[1,]", "[1,,]", "[\"\u{0B}a\"\\f]", "[*]", "[\"\"", "[1,", "[1,\n1\n,1",
        "[{}", "[fals]", "[nul]", "[tru]", "123\0", "[++1234]", "[+1]", "[+Inf]", "[-01]", "[-1.0.]", "[-2.]", "[-NaN]",
        "[.-1]", "[.2e-3]", "[0.1.2]", "[0.3e+]", "[0.3e]", "[0.e1]", "[0E+]", "[0E]", "[0e+]", "[0e]", "[1.0e+]",
        "[1.0e-]", "[1.0e]", "[1 000.0]", "[1eE2]", "[2.e+3]", "[2.e-3]", "[2.e3]", "[9.e+]", "[Inf]", "[NaN]",
        "[\u{FF11}]", "[1+2]", "[0x1]", "[0x42]", "[Infinity]", "[0e+-1]", "[-123.123foo]", "[-Infinity]", "[-foo]",
        "[- 1]", "[-012]", "[-.123]", "[-1x]", "[1ea]", "[1.]", "[.123]", "[1.2a-3]", "[1.8011670033376514H-308]",
        "[012]", "[\"x\", truth]", "{[: \"x\"}\n", "{\"x\", null}", "{\"x\"::\"b\"}", "{🇨🇭}", "{\"a\":\"a\" 123}",
        "{'a':0}", "{\"a\" b}", "{:\"b\"}", "{\"a\" \"b\"}", "{\"a\":", "{\"a\"", "{1:1}", "{9999E9999:1}",
        "{null:null,null:null}", "{\"id\":0,,,,,}", "{'a'}", "{\"id\":0,}", "{\"a\":\"b\"}/**/", "{\"a\":\"b\"}/**//",
        "{\"a\":\"b\"}//", "{\"a\":\"b\"}/", "{\"a\":\"b\",,\"c\":\"d\"}", "{a: \"b\"}", "{\"a\":\"a", "{ \"foo\" : \"bar\", \"a\" }",
        "{\"a\":\"b\"}#", " ", #"["\uD800\"]"#, #"["\uD800\u"]"#, #"["\uD800\u1"]"#, #"["\uD800\u1x"]"#, "[é]",
        #"["\x00"]"#, #"["\\\"]"#, "[\"\\\t\"]", #"["\🌀"]"#, #"["\"]"#, #"["\u00A"]"#, #"["\uD834\uDd"]"#,
        #"["\uD800\uD800\x"]"#, #"["\a"]"#, #"["\uqqqq"]"#, #"[\u0020"asd"]"#, #"[\n]"#, "\"", "['single quote']", "abc",
        "[\"\\", "[\"a\u{0}a\"]", "[\"new\nline\"]", "[\"\t\"]", #""\UA66D""#, "\"\"x", "[\u{2060}]", "\u{FEFF}",
        "<.>", "[<null>]", "[1]x", "[1]]", "[\"asd]", "aå", "[True]", "1]", "{\"x\": true,", "[][]", "]", "\u{FEFF}{",
        "[", "", "[\0]", "2@", "{}}", "{\"\":", "{\"a\":/*comment*/\"b\"}", "{\"a\": true} \"x\"", "['", "[,", "[{",
        "[\"a", "[\"a\"", "{", "{]", "{,", "{[", "{\"a", "{'a'", "[\"\\{[\"\\{[\"\\{[\"\\{", "é", "*", "{\"a\":\"b\"}#{}",
        #"[\u000A""]"#, "[1", "[ false, nul", "[ true, fals", "[ false, tru", "{\"asd\":\"asd\"", "å", "[\u{0C}]",
    ]

    /// Invalid UTF-8 (bytes, not Swift strings): refused or replaced, never a crash.
    static let invalidBytes: [[UInt8]] = [
        [0x5B, 0xE5, 0x5D], [0x5B, 0x22, 0xE0, 0xFF, 0x22, 0x5D], [0x5B, 0x22, 0xFF, 0x22, 0x5D], [0x5B, 0x31, 0xFF, 0x5D],
        [0x5B, 0x22, 0xED, 0xA0, 0x80, 0x22, 0x5D], [0x5B, 0x22, 0x81, 0x22, 0x5D], [0x5B, 0x22, 0xF4, 0xBF, 0xBF, 0xBF, 0x22, 0x5D],
        [0x5B, 0x22, 0xC0, 0xAF, 0x22, 0x5D], [0x5B, 0x22, 0xFC, 0x83, 0xBF, 0xBF, 0xBF, 0xBF, 0x22, 0x5D],
        [0x5B, 0x22, 0xE0, 0xFF, 0x5D], [0xFF, 0xFE, 0x5B, 0x00, 0x22, 0x00], [0x00, 0x5B, 0x00, 0x22], [0xEF, 0xBB],
        [0x7B, 0x22, 0xB9, 0x22, 0x3A, 0x22, 0x30, 0x22, 0x2C, 0x7D], [0x5B, 0x31, 0x65, 0x31, 0xE5, 0x5D],
    ]

    /// Implementation-defined documents: either answer is fine, but an answer must come (no trap, no hang).
    static let eitherWay: [String] = [
        "[123.456e-789]", "[0.4e00669999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999999969999999006]",
        "[-1e+9999]", "[1.5e+9999]", "[-123123e100000]", "[123123e100000]", "[123e-10000000]",
        "[-123123123123123123123123123123]", "[100000000000000000000]", "[-237462374673276894279832749832423479823246327846]",
        "1e9223372036854775807", "1e-9223372036854775808", "1e99999999999999999999999999", "-1e30000000",
        #"{"\uDFAA":0}"#, #"["\uDADA"]"#, #"["\uD888\u1234"]"#, #"["\uD800\n"]"#, #"["\uDd1ea"]"#, #"["\uD800\uD800\n"]"#,
        #"["\ud800"]"#, #"["\ud800abc"]"#, #"["\uDd1e\uD834"]"#, #"["\uDFAA"]"#, "\u{FEFF}{}",
        String(repeating: "[", count: 500) + String(repeating: "]", count: 500),
    ]

    @Test(arguments: mustParse)
    func acceptsWhatTheRFCAllows(_ text: String) {
        #expect(throws: Never.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: mustRefuse)
    func refusesWhatTheRFCForbids(_ text: String) {
        #expect(throws: JSONParseError.self) { try JSONParser.parse(text) }
    }

    @Test(arguments: invalidBytes)
    func invalidUTF8NeverTraps(_ bytes: [UInt8]) {
        // Refusing is expected; if it parses, every string in the result must be valid Unicode (Swift guarantees it).
        _ = try? JSONParser.parse(bytes)
    }

    @Test(arguments: eitherWay)
    func implementationDefinedInputsGetAnAnswer(_ text: String) {
        _ = try? JSONParser.parse(text)
    }

    @Test func deepNestingIsRefusedNotACrash() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(deep) }
        let closed = String(repeating: "[", count: 100_000) + String(repeating: "]", count: 100_000)
        #expect(throws: JSONParseError.self) { try JSONParser.parse(closed) }
    }

    @Test func numbersStayExactText() throws {
        // The suite's extreme numbers come back digit for digit: nothing passes through Double.
        let value = try JSONParser.parse("[1E22, -0, 123.456e78, 100000000000000000000]")
        #expect(value[0]?.numberText == "1E22")
        #expect(value[1]?.numberText == "-0")
        #expect(value[2]?.numberText == "123.456e78")
        #expect(value[3]?.numberText == "100000000000000000000")
    }
}
