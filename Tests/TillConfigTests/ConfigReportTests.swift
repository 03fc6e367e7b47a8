import Testing
import TillCore
@testable import TillConfig

@Suite struct ConfigReportTests {
    @Test func reportListsWhatWasFound() throws {
        let files = try TestFiles()
        try files.write("catalog.toml", CatalogFile.sampleText)
        let text = ExampleConfig.text.replacingOccurrences(of: "data_dir = \"~/.local/share/till\"", with: "data_dir = \"data\"")
        let path = try files.write("till.toml", text, mode: 0o600)
        let report = ConfigReport.check(commandLine: path, environment: [:])
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.exitStatus == 0)
        let output = report.text
        #expect(output.contains("Shop: Byte & Bean Computers"))
        #expect(output.contains("Currency: USD"))
        #expect(output.contains("Catalog: \(files.path("catalog.toml")): \(try CatalogFile.sample().products.count) products"))
        #expect(output.contains("Theme: dark"))
        #expect(output.contains("Data directory: \(files.path("data"))"))
        #expect(output.contains("Coin BTC (BTC, 8 decimals): network bitcoin, address type p2wpkh"))
        #expect(output.contains("backend: bitcoin-rpc at 127.0.0.1:8332, poll 2s, credentials from cookie file"))
        #expect(output.contains("fallback: esplora at mempool.space, poll 10s"))
        #expect(output.contains("policy: 6 confirmations, expiry 15m, zero-conf up to $20.00"))
        #expect(output.contains("Coin USDC-base (USDC, 6 decimals): network base (chain id 8453)"))
        #expect(output.contains("Hook webshop: webhook → shop.example.com, signed"))
        #expect(!output.contains("whsec_"))
        #expect(report.warnings.contains { $0.contains("not an executable file") })
        #expect(output.hasSuffix("Config OK.\n"))
    }

    @Test func noFileReportsTrainingModeAndSucceeds() throws {
        let files = try TestFiles()
        let report = ConfigReport.check(commandLine: nil, environment: ["XDG_CONFIG_HOME": files.path("none"), "NO_COLOR": "1"])
        #expect(report.exitStatus == 0)
        #expect(report.text.contains("built-in defaults"))
        #expect(report.text.contains("Coins: none (TRAINING mode)"))
        #expect(report.text.contains("Theme: no-color"))
        #expect(report.warnings.contains { $0.contains("TRAINING") })
    }

    @Test func errorsGiveExitStatusTwo() throws {
        let files = try TestFiles()
        let broken = try files.write("till.toml", "[shop]\ncurrency = \"ZZZ\"\n")
        let report = ConfigReport.check(commandLine: broken, environment: [:])
        #expect(report.exitStatus == 2)
        #expect(report.errors == ["\(broken):2: shop.currency: \(MoneyError.unknownCurrency("ZZZ").message)"])
        #expect(report.text.contains("the till will not start"))

        try files.write("eur.toml", "currency = \"EUR\"\n[[product]]\nid = \"A\"\nname = \"A\"\nprice = \"1\"\n")
        let mismatch = try files.write("mismatch.toml", "catalog = \"eur.toml\"\n[shop]\ncurrency = \"USD\"\n")
        let second = ConfigReport.check(commandLine: mismatch, environment: [:])
        #expect(second.exitStatus == 2)
        #expect(second.errors.contains { $0.contains("priced in EUR but the shop currency is USD") })
    }
}
