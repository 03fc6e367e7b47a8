import Testing
import TillHTTP
@testable import TillChain

/// Issue 13.9: a node's txids and block hashes must be 64 hex digits, not just 64 characters (a formula planted
/// in a txid would otherwise reach CSV exports).
@Suite struct TxidHexTests {
    static let formula = "=HYPERLINK(\"http://evil.example/\",\"refund\")" + String(repeating: "0", count: 21)

    func transaction(txid: String, spent: String = String(repeating: "a", count: 64)) throws -> JSONValue {
        try JSONParser.parse("""
            {"txid": "\(txid.replacingOccurrences(of: "\"", with: "\\\""))", "vin": [{"txid": "\(spent.replacingOccurrences(of: "\"", with: "\\\""))", "vout": 0, "sequence": 4294967295}],
             "vout": [{"value": 1, "n": 0, "scriptPubKey": {"hex": "0014751e76e8199196d454941c45d1b3a323f1433bd6"}}]}
            """)
    }

    @Test func aTxidThatIsNotHexIsRefused() throws {
        #expect(Self.formula.count == 64)
        #expect(throws: BitcoinJSONError.self) { try BitcoinJSON.transaction(try transaction(txid: Self.formula)) }
        #expect(throws: BitcoinJSONError.self) {
            try BitcoinJSON.transaction(try transaction(txid: String(repeating: "b", count: 64), spent: Self.formula))
        }
        #expect(try BitcoinJSON.transaction(try transaction(txid: String(repeating: "b", count: 64))).txid == String(repeating: "b", count: 64))
    }
}
