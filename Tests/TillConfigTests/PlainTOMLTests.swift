import Testing
@testable import TillConfig

/// The fast catalog reader either reads a file exactly as TOMLKit does or declines it (TOMLKit then reads it).
@Suite struct PlainTOMLTests {
    /// A canonical text of a node tree (keys sorted), to compare the two readers.
    static func canonical(_ node: TOMLNode) -> String {
        switch node {
        case .table(let entries): return "{" + entries.keys.sorted().map { "\($0)=\(canonical(entries[$0]!))" }.joined(separator: ",") + "}"
        case .array(let items): return "[" + items.map(canonical).joined(separator: ",") + "]"
        case .string(let text): return "s" + text.debugDescription
        case .integer(let value): return "i\(value)"
        case .boolean(let value): return "b\(value)"
        case .other(let kind): return "o(\(kind))"
        }
    }

    /// TOMLKit's reading, or nil when it refuses the text.
    static func tomlKit(_ text: String) -> String? {
        guard let root = try? TOMLDocument.tomlKitRoot(text) else { return nil }
        return canonical(.table(root))
    }

    static let accepted: [String] = [
        "currency = \"USD\"\n\n[[product]]\nid = \"A\"\nname = \"Mug\"\nprice = \"9.00\"\nstock = 12\ndisabled = false\n",
        "# comment\ncurrency = 'EUR' # trailing\r\n[[product]] # header comment\r\n  id\t=\t\"B\"\r\n",
        "[[ product ]]\nname = \"Cappuccino \\\"grande\\\" \\\\ tab\\t \\u00e9 \\U0001F600\"\nstock = -0\n[[product]]\n[[product]]\nx = +7\n",
        "a = 9223372036854775807\nb = -9223372036854775807\nc = true#c\nd = false\n",
        "name = \"Café ☕ naïve\"\n",
        "",
    ]

    static let declined: [String] = [
        "[shop]\nname = \"x\"\n",                       // standard tables
        "a.b = 1\n",                                     // dotted keys
        "\"quoted\" = 1\n",                              // quoted keys
        "price = 12.50\n",                               // floats (the catalog reports them precisely)
        "when = 2026-11-25\n",                           // dates
        "tags = [\"a\"]\n",                              // arrays
        "t = { a = 1 }\n",                               // inline tables
        "s = \"\"\"\nmulti\n\"\"\"\n",                   // multi-line strings
        "a = 1\na = 2\n",                                // duplicate key
        "[[p]]\nx = 1\nx = 2\n",                         // duplicate key in a table
        "p = 1\n[[p]]\n",                                // key and array of the same name
        "a = 1_000\n", "a = 012\n", "a = 0x1F\n",        // integer forms left to TOMLKit
        "a = 99999999999999999999\n",                    // out of range
        "a = \"bad \\q escape\"\n", "a = \"open\n", "a = 'open\n", "a = \"\\uD800\"\n", "a = \"\\u+123\"\n",
        "a = \"bell \u{07}\"\n", "# bell \u{07}\n", "a = 1 trailing\n", "a =\n", "= 1\n", "[product]]\n", "[[product]\n",
        "a = trueish\n", "\u{FEFF}a = 1\n", "a = 1\rb = 2\n",
    ]

    @Test(arguments: accepted)
    func acceptedTextReadsAsTOMLKitReadsIt(text: String) throws {
        let plain = try #require(PlainTOML.parse(text), "declined: \(text.debugDescription)")
        #expect(Self.canonical(.table(plain)) == Self.tomlKit(text))
    }

    @Test(arguments: declined)
    func anythingElseIsLeftToTOMLKit(text: String) {
        #expect(PlainTOML.parse(text) == nil, "accepted: \(text.debugDescription)")
    }

    @Test func theRepositorySampleIsReadPlainlyAndEqually() throws {
        let text = CatalogFile.sampleText
        let plain = try #require(PlainTOML.parse(text))
        #expect(Self.canonical(.table(plain)) == Self.tomlKit(text))
    }
}
