import Testing
import TillCore
@testable import TillWallet

/// Base58, bech32/bech32m (BIP350 vectors) and hex.
struct EncodingTests {
    @Test func hexRoundTripsAndRejectsOddOrNonHex() {
        #expect(Hex.decode("00ff10Ab") == [0x00, 0xff, 0x10, 0xab])
        #expect(Hex.decode("0x0a") == nil)  // strict: callers strip their own prefix (EVM "0x…")
        #expect([0x00, 0xff, 0x10, 0xab].hex == "00ff10ab")
        #expect(Hex.decode("abc") == nil)
        #expect(Hex.decode("zz") == nil)
    }

    @Test func base58KeepsLeadingZerosAndRoundTrips() throws {
        let bytes: [UInt8] = [0, 0, 1, 2, 3, 255]
        let text = Base58.encode(bytes)
        #expect(text.hasPrefix("11"))
        #expect(Base58.decode(text) == bytes)
        #expect(Base58.decode("0OIl") == nil)
    }

    @Test func base58CheckDetectsAChangedCharacter() throws {
        // BIP32 test vector 1 master xpub; changing its last character breaks the checksum.
        let good = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"
        #expect(try Base58.decodeCheck(good, what: "key").count == 78)
        let bad = String(good.dropLast()) + "9"
        #expect(throws: WalletError.self) { try Base58.decodeCheck(bad, what: "key") }
        do { _ = try Base58.decodeCheck(bad, what: "key") } catch { #expect(error.kind == .badChecksum) }
    }

    static let validBech32m = [
        "A1LQFN3A", "a1lqfn3a",
        "an83characterlonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11sg7hg6",
        "abcdef1l7aum6echk45nj3s0wdvt2fg8x9yrzpqzd3ryx",
        "11llllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllllludsr8",
        "split1checkupstagehandshakeupstreamerranterredcaperredlc445v", "?1v759aa",
    ]

    @Test(arguments: validBech32m) func bech32mValidStrings(_ text: String) throws {
        let decoded = try Bech32.decode(text)
        #expect(decoded.variant == .bech32m)
        #expect(Bech32.encode(hrp: decoded.hrp, data: decoded.data, variant: .bech32m) == text.lowercased())
    }

    static let invalidBech32m = [
        "\u{20}1xj0phk", "\u{7F}1g6xzxy", "\u{80}1vctc34",
        "an84characterslonghumanreadablepartthatcontainsthetheexcludedcharactersbioandnumber11d6pts4",
        "qyrz8wqd2c9m", "1qyrz8wqd2c9m", "y1b0jsk6g", "lt1igcx5c0", "in1muywd", "mm1crxm3i", "au1s5cgom",
        "M1VUXWEZ", "16plkw9", "1p2gdwpf",
    ]

    @Test(arguments: invalidBech32m) func bech32mInvalidStrings(_ text: String) {
        #expect(throws: WalletError.self) { try Bech32.decode(text) }
    }

    static let validSegwit: [(String, String)] = [
        ("BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4", "0014751e76e8199196d454941c45d1b3a323f1433bd6"),
        ("tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7", "00201863143c14c5166804bd19203356da136c985678cd4d27a1b8c6329604903262"),
        ("bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y", "5128751e76e8199196d454941c45d1b3a323f1433bd6751e76e8199196d454941c45d1b3a323f1433bd6"),
        ("BC1SW50QGDZ25J", "6002751e"),
        ("bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs", "5210751e76e8199196d454941c45d1b3a323"),
        ("tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy", "0020000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"),
        ("tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c", "5120000000c4a5cad46221b2a187905e5266362b99d5e91c6ce24d165dab93e86433"),
        ("bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0", "512079be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798"),
    ]

    @Test(arguments: validSegwit) func segwitAddressToScriptAndBack(_ vector: (String, String)) throws {
        let (address, scriptHex) = vector
        let network: Network = address.lowercased().hasPrefix("bc") ? .bitcoin : .testnet
        #expect(try AddressEncoding.scriptPubKey(address: address, network: network).hex == scriptHex)
        #expect(AddressEncoding.address(scriptPubKey: Hex.decode(scriptHex)!, network: network) == address.lowercased())
    }

    static let invalidSegwit = [
        "tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd",
        "tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf",
        "BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL",
        "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh",
        "tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47",
        "bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4",
        "BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R",
        "bc1pw5dgrnzv",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav",
        "BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P",
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq",
        "bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf",
        "tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j",
        "bc1gmk9yu",
    ]

    @Test(arguments: invalidSegwit) func invalidSegwitAddressesAreRefused(_ address: String) {
        let network: Network = address.lowercased().hasPrefix("tb") ? .testnet : .bitcoin
        #expect(throws: WalletError.self) { try AddressEncoding.scriptPubKey(address: address, network: network) }
    }
}
