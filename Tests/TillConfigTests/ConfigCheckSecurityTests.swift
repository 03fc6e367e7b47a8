import Testing
@testable import TillConfig

/// Issue 13: `till config check` parses every wallet (8), warns about plain http:// to other hosts (10) and about
/// zero-conf under full-RBF (12).
@Suite struct ConfigCheckSecurityTests {
    static let zpub = PrivateMaterialTests.bip84zpub
    /// BIP32 test vector 1, m/0H: depth 1.
    static let depthOne = "xpub68Gmy5EdvgibQVfPdqkBBCHxA5htiqg55crXYuXoQRKfDBFA1WEjWgP6LHhwBZeNK1VTsfTFUHCdrfp1bgwQ9xv5ski8PX9rL2dZXvgGDnw"

    func report(wallet: String, extra: String = "", backend: String = "type = \"esplora\"\nurl = \"https://mempool.space/api\"") throws -> ConfigReport {
        let text = ConfigLoaderTests.btcCoin(backend: backend).replacingOccurrences(of: Self.zpub, with: wallet)
            .replacingOccurrences(of: "[coin.backend]", with: extra + "[coin.backend]")
        let config = try ConfigLoader.parse(text: text, file: "t.toml", environment: [:])
        return ConfigReport.describe(config, environment: [:])
    }

    @Test func aGoodAccountKeyHasNoWalletProblems() throws {
        let checked = try report(wallet: Self.zpub)
        #expect(checked.errors.isEmpty && !checked.warnings.contains { $0.contains("wallet") })
    }

    @Test func anXpubWithABadChecksumIsAnError() throws {
        let bad = String(Self.zpub.dropLast()) + (Self.zpub.last == "s" ? "t" : "s")
        let checked = try report(wallet: bad)
        #expect(checked.exitStatus == 2)
        #expect(checked.errors.contains { $0.hasPrefix("coin BTC: wallet:") }, "\(checked.errors)")
    }

    @Test func aDescriptorWithABadChecksumIsAnError() throws {
        let good = "wpkh([73c5da0a/84h/0h/0h]\(Self.zpub)/<0;1>/*)#aepek354"   // checksum from embit
        #expect(try report(wallet: good).errors.isEmpty)
        let checked = try report(wallet: String(good.dropLast()) + "q")
        #expect(checked.errors.contains { $0.hasPrefix("coin BTC: wallet:") && $0.lowercased().contains("checksum") }, "\(checked.errors) \(checked.warnings)")
    }

    @Test func aMasterKeyOrAnUnplacedNonAccountKeyIsWarned() throws {
        let master = try report(wallet: PrivateMaterialTests.tv1xpub, extra: "address_type = \"p2wpkh\"\n")
        #expect(master.errors.isEmpty)
        #expect(master.warnings.contains { $0.contains("master key (depth 0)") && $0.contains("m/0/i") })
        let shallow = try report(wallet: Self.depthOne, extra: "address_type = \"p2wpkh\"\n")
        #expect(shallow.warnings.contains { $0.contains("depth 1, not an account key") })
        let placed = try report(wallet: "wpkh([3442193e/0h]\(Self.depthOne)/0/*)")
        #expect(!placed.warnings.contains { $0.contains("not an account key") })
    }

    @Test func zeroConfLimitWarnsAboutFullRBF() throws {
        let checked = try report(wallet: Self.zpub, extra: "zero_conf_limit = \"20.00\"\n")
        #expect(checked.warnings.contains { $0.contains("zero_conf_limit") && $0.contains("full replace-by-fee") })
        #expect(!(try report(wallet: Self.zpub)).warnings.contains { $0.contains("zero_conf_limit") })
        #expect(ExampleConfig.text.contains("Bitcoin Core 28 and later relay"))
    }

    @Test func plainHTTPToAnotherHostIsWarnedLoopbackIsNot() throws {
        let remote = try report(wallet: Self.zpub, backend: "type = \"esplora\"\nurl = \"http://node.example.com:3000/api\"")
        #expect(remote.warnings.contains { $0.contains("coin BTC: backend: node.example.com:3000 is reached over plain http://") })
        for local in ["http://127.0.0.1:3000/api", "http://localhost:3000/api", "http://[::1]:3000/api"] {
            let checked = try report(wallet: Self.zpub, backend: "type = \"esplora\"\nurl = \"\(local)\"")
            #expect(!checked.warnings.contains { $0.contains("plain http://") }, "\(local)")
        }
    }

    @Test func aWebhookOverPlainHTTPToAnotherHostIsWarned() throws {
        let hook = "[[hook]]\nname = \"shop\"\ntype = \"webhook\"\nurl = \"http://shop.example.com/till\"\n"
            + "secret = \"whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw\"\n"
        let config = try ConfigLoader.parse(text: hook, file: "t.toml", environment: [:])
        #expect(ConfigReport.describe(config, environment: [:]).warnings.contains { $0.hasPrefix("hook shop: shop.example.com is reached over plain http://") })
    }
}
