import Testing
@testable import TillConfig

/// Issue 13.7: the gaps the review found, each refused with what was found and never echoed.
@Suite struct PrivateMaterialGapTests {
    static let xprv = PrivateMaterialTests.tv1xprv
    static let wif = PrivateMaterialTests.wikiWIF
    static let hex = PrivateMaterialTests.wikiKeyHex
    static let words12 = PrivateMaterialTests.abandon12
    static let base = "[shop]\nname = \"Shop\"\n"

    /// The issues loading `text` gives; the load must fail.
    func refusal(_ text: String, environment: [String: String] = [:]) -> [ConfigIssue] {
        do { _ = try ConfigLoader.parse(text: text, file: "till.toml", environment: environment); Issue.record("loaded"); return [] }
        catch { return error.issues }
    }

    static let cases: [(String, String, String)] = [
        ("seed in a comment", base + "# my seed: \(words12)\n", "BIP39 seed phrase"),
        ("seed with text around", base + "receipt_footer = \"seed: \(words12) (keep safe)\"\n", "BIP39 seed phrase"),
        ("hyphenated", base + "receipt_footer = \"\(words12.replacingOccurrences(of: " ", with: "-"))\"\n", "BIP39 seed phrase"),
        ("13 words", base + "receipt_footer = \"\(words12) abandon\"\n", "BIP39 seed phrase"),
        ("split across keys", "[shop]\nreceipt_header = \"\(Array(repeating: "abandon", count: 6).joined(separator: " "))\"\nreceipt_footer = \"\(Array(repeating: "abandon", count: 5).joined(separator: " ")) about\"\n", "BIP39 seed phrase"),
        ("old Electrum seed", base + "receipt_footer = \"like just love know never want time out there make look eye\"\n", "Electrum seed"),
        ("xprv followed by a dot", base + "receipt_footer = \"key \(xprv).\"\n", "extended private key"),
        ("WIF followed by a dot", base + "receipt_footer = \"\(wif).\"\n", "WIF private key"),
        ("hex followed by a dot", base + "receipt_footer = \"\(hex).\"\n", "64-hex-digit private key"),
        ("xprv over two lines", base + "receipt_footer = \"\"\"\n\(xprv.prefix(60))\n\(xprv.dropFirst(60))\"\"\"\n", "extended private key"),
        ("xprv as a key name", base + "\(xprv) = 1\n", "as a key name"),
    ]

    @Test(arguments: cases.indices)
    func eachGapIsRefusedAndNothingIsEchoed(index: Int) {
        let (name, text, named) = Self.cases[index]
        let issues = refusal(text)
        #expect(!issues.isEmpty, "\(name)")
        let message = ConfigFileError(issues).message
        #expect(message.contains(named), "\(name): \(message)")
        #expect(!message.contains(Self.xprv.prefix(12)) && !message.contains(Self.wif.prefix(12)) && !message.contains(Self.hex.prefix(12)),
                "\(name) echoed the key")
        #expect(!message.contains("abandon abandon"), "\(name) echoed the phrase")
    }

    @Test func aPhraseSplitAcrossDistantKeysIsFoundInTheJoinedValues() {
        let half = Array(repeating: "abandon", count: 6).joined(separator: " ")
        let text = "[shop]\nreceipt_header = \"\(half)\"\nname = \"Shop\"\nreceipt_footer = \"\(half)\"\n"
        #expect(ConfigFileError(refusal(text)).message.contains("split across several keys"))
    }

    @Test func privateMaterialInTillEnvironmentValuesIsRefused() {
        let issues = refusal(Self.base, environment: ["TILL_BTC_RPC_PASSWORD": Self.xprv, "TILL_HOOK_WEB_SECRET": Self.words12])
        #expect(issues.map(\.field) == ["TILL_BTC_RPC_PASSWORD", "TILL_HOOK_WEB_SECRET"])
        #expect(issues[0].problem.contains("extended private key (xprv…)"))
        // A hex RPC password is fine there, as in the file.
        #expect((try? ConfigLoader.parse(text: Self.base, file: "t.toml", environment: ["TILL_BTC_RPC_PASSWORD": Self.hex])) != nil)
    }

    @Test func ordinaryConfigTextStillLoads() throws {
        _ = try ConfigLoader.parse(text: ExampleConfig.text, file: "till.example.toml", environment: [:])
        _ = try ConfigLoader.parse(text: Self.base + "receipt_footer = \"Thank you! Returns within 30 days.\"\n", file: "t.toml", environment: [:])
    }
}
