import Foundation
import Testing
import TillCore
@testable import TillConfig

@Suite struct ConfigLoaderTests {
    static let zpub = PrivateMaterialTests.bip84zpub

    static func btcCoin(backend: String = "type = \"esplora\"\nurl = \"https://mempool.space/api\"") -> String {
        "[[coin]]\nid = \"BTC\"\nkind = \"utxo\"\nnetwork = \"bitcoin\"\nwallet = \"\(zpub)\"\n\n[coin.backend]\n\(backend)\n"
    }

    @Test func resolutionOrderIsFlagThenEnvironmentThenXDG() {
        let environment = ["TILL_CONFIG": "/env/till.toml", "XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"]
        #expect(ConfigLocator.choose(commandLine: "/flag.toml", environment: environment) == .commandLine("/flag.toml"))
        #expect(ConfigLocator.choose(commandLine: nil, environment: environment) == .environment("/env/till.toml"))
        #expect(ConfigLocator.choose(commandLine: nil, environment: ["XDG_CONFIG_HOME": "/xdg", "HOME": "/home/u"])
                == .defaultLocation("/xdg/till/till.toml"))
        #expect(ConfigLocator.choose(commandLine: nil, environment: ["HOME": "/home/u"]) == .defaultLocation("/home/u/.config/till/till.toml"))
        #expect(ConfigLocator.choose(commandLine: nil, environment: ["XDG_CONFIG_HOME": "relative", "HOME": "/home/u"])
                == .defaultLocation("/home/u/.config/till/till.toml"))
        #expect(ConfigLocator.defaultDataDirectory(environment: ["XDG_DATA_HOME": "/data", "HOME": "/h"]) == "/data/till")
        #expect(ConfigLocator.defaultDataDirectory(environment: ["HOME": "/h"]) == "/h/.local/share/till")
    }

    @Test func noFileMeansDemoDefaultsInTrainingMode() throws {
        let files = try TestFiles()
        let config = try ConfigLoader.load(commandLine: nil, environment: ["XDG_CONFIG_HOME": files.path("cfg"), "XDG_DATA_HOME": files.path("data")])
        #expect(config.shop.name == "Till Demo Shop" && config.shop.currency == .usd)
        #expect(config.catalog == .embeddedSample && config.isTrainingMode)
        #expect(config.dataDirectory == files.path("data") + "/till")
        #expect(config.source == .embeddedDefaults(lookedAt: files.path("cfg") + "/till/till.toml"))
        #expect(config.warnings.contains { $0.problem.contains("TRAINING") })
    }

    @Test func filesAreReadInResolutionOrder() throws {
        let files = try TestFiles()
        let flag = try files.write("flag.toml", "[shop]\nname = \"Flag\"\n")
        let env = try files.write("env.toml", "[shop]\nname = \"Env\"\n")
        try files.write("xdg/till/till.toml", "[shop]\nname = \"Xdg\"\n")
        let environment = ["TILL_CONFIG": env, "XDG_CONFIG_HOME": files.path("xdg")]
        #expect(try ConfigLoader.load(commandLine: flag, environment: environment).shop.name == "Flag")
        #expect(try ConfigLoader.load(commandLine: nil, environment: environment).shop.name == "Env")
        #expect(try ConfigLoader.load(commandLine: nil, environment: ["XDG_CONFIG_HOME": files.path("xdg")]).shop.name == "Xdg")
        #expect(throws: ConfigFileError.self) { try ConfigLoader.load(commandLine: files.path("missing.toml"), environment: [:]) }
        #expect(throws: ConfigFileError.self) { try ConfigLoader.load(commandLine: nil, environment: ["TILL_CONFIG": files.path("missing.toml")]) }
    }

    @Test func relativePathsFollowTheConfigFile() throws {
        let files = try TestFiles()
        let path = try files.write("etc/till.toml", "catalog = \"shop.toml\"\ntheme = \"themes/mine.toml\"\ndata_dir = \"~/tilldata\"\n")
        let config = try ConfigLoader.load(commandLine: path, environment: ["HOME": "/home/cashier"])
        #expect(config.catalog == .file(files.path("etc/shop.toml")))
        #expect(config.theme == files.path("etc/themes/mine.toml"))
        #expect(config.dataDirectory == "/home/cashier/tilldata")
        #expect(config.logFile == "/home/cashier/tilldata/till.log")
    }

    @Test func coinSettingsAndDefaults() throws {
        let text = "[shop]\ncurrency = \"EUR\"\n\n" + Self.btcCoin() + """

            [[coin]]
            id = "USDC"
            kind = "erc20"
            network = "base"
            chain_id = 8453
            contract = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913"
            decimals = 6
            wallet = "\(PrivateMaterialTests.tv1xpub)"
            zero_conf_limit = "25.50"
            expiry = "20m"
            underpayment_tolerance = "0.5"
            late_window = "2d"

            [coin.backend]
            type = "ethereum-rpc"
            url = "http://127.0.0.1:8545"
            """
        let config = try ConfigLoader.parse(text: text, file: "till.toml", environment: [:])
        let btc = try #require(config.coin("btc"))
        #expect(btc.asset == Asset(id: "BTC", symbol: "BTC", decimals: 8, kind: .utxo))
        #expect(btc.network == .utxo(.bitcoin) && btc.addressType == .p2wpkh && btc.gapLimit == 20)
        #expect(btc.policy == PaymentPolicy(requiredConfirmations: 6))
        #expect(btc.backend.kind == .esplora && btc.backend.pollIntervalMilliseconds == 10_000 && btc.backend.host == "mempool.space")
        let usdc = try #require(config.coin("USDC"))
        #expect(usdc.asset.kind == .erc20(contract: "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", chainID: 8453))
        #expect(usdc.asset.decimals == 6 && usdc.addressType == .evm)
        #expect(usdc.policy == PaymentPolicy(requiredConfirmations: 12, zeroConfLimit: FiatAmount(minor: 2550, currency: .eur),
                                             expirySeconds: 1200, underpaymentToleranceBasisPoints: 50, lateWindowSeconds: 172_800))
        #expect(config.rates == .defaults && !config.isTrainingMode)
    }

    @Test func errorsNameFileLineAndField() throws {
        let text = """
            [shop]
            currency = "EUR"
            tax_mode = "sometimes"

            [[coin]]
            id = "BTC"
            kind = "utxo"
            network = "bitcoin-mainnet"
            confirmations = "six"
            expiry = "soon"

            [coin.backend]
            type = "bitcoin-rpc"
            url = "localhost:8332"

            [rates]
            sources = ["kraken", "binance"]
            """
        do { _ = try ConfigLoader.parse(text: text, file: "/etc/till.toml", environment: [:]); Issue.record("loaded") } catch {
            let found = Dictionary(error.issues.map { ($0.field ?? "", $0) }, uniquingKeysWith: { first, _ in first })
            #expect(found["shop.tax_mode"]?.line == 3)
            #expect(found["coin[0].network"]?.line == 8)
            #expect(found["coin[0].network"]?.problem.contains("bitcoin-testnet") == true)
            #expect(found["coin[0].confirmations"]?.line == 9)
            #expect(found["coin[0].expiry"]?.line == 10)
            #expect(found["coin[0].wallet"]?.line == 5)
            #expect(found["coin[0].backend.url"]?.line == 14)
            #expect(found["coin[0].backend.type"]?.problem.contains("TILL_BTC_RPC_USER") == true)
            #expect(found["rates.sources[1]"]?.line == 17)
            #expect(error.issues.allSatisfy { $0.file == "/etc/till.toml" })
            #expect(error.message.contains("/etc/till.toml:3: shop.tax_mode:"))
        }
    }

    @Test func credentialsComeFromTheEnvironmentAndNeverShow() throws {
        let text = Self.btcCoin(backend: "type = \"bitcoin-rpc\"\nurl = \"http://127.0.0.1:8332\"\nrpc_user = \"filer\"\nrpc_password = \"file-secret-1\"")
        let fromFile = try ConfigLoader.parse(text: text, file: "t.toml", environment: [:])
        #expect(fromFile.coins[0].backend.rpcPassword?.revealed == "file-secret-1" && fromFile.coins[0].backend.credentialSource == .file)
        let environment = ["TILL_BTC_RPC_USER": "envuser", "TILL_BTC_RPC_PASSWORD": "env-secret-2"]
        let config = try ConfigLoader.parse(text: text, file: "t.toml", environment: environment)
        let backend = config.coins[0].backend
        #expect(backend.rpcUser == "envuser" && backend.rpcPassword?.revealed == "env-secret-2" && backend.credentialSource == .environment)
        let report = ConfigReport.describe(config, environment: environment).text
        for secret in ["env-secret-2", "file-secret-1", "envuser"] {
            #expect(!report.contains(secret))
            #expect(!String(describing: config).contains(secret) || secret == "envuser")
            #expect(!String(reflecting: backend.rpcPassword!).contains(secret))
        }
        #expect(report.contains("bitcoin-rpc at 127.0.0.1:8332") && report.contains("credentials from environment"))
        let envOnly = Self.btcCoin(backend: "type = \"bitcoin-rpc\"\nurl = \"http://127.0.0.1:8332\"")
        #expect(throws: ConfigFileError.self) { try ConfigLoader.parse(text: envOnly, file: "t.toml", environment: [:]) }
        #expect(try ConfigLoader.parse(text: envOnly, file: "t.toml", environment: environment).coins[0].backend.credentialSource == .environment)
    }

    @Test func aZMQEndpointIsTakenForANodeAndRefusedElsewhereNamingTheLine() throws {
        let node = "type = \"bitcoin-rpc\"\nurl = \"http://127.0.0.1:8332\"\nrpc_user = \"u\"\nrpc_password = \"p\"\n"
        let config = try ConfigLoader.parse(text: Self.btcCoin(backend: node + "zmq = \"tcp://127.0.0.1:28332\""), file: "t.toml", environment: [:])
        #expect(config.coins[0].backend.zmq == "tcp://127.0.0.1:28332")
        #expect(config.coins[0].backend.summary.contains("notified by ZMQ at tcp://127.0.0.1:28332"))
        for (backend, words) in [(node + "zmq = \"127.0.0.1:28332\"", "is not tcp://host:port"),
                                 ("type = \"esplora\"\nurl = \"https://mempool.space/api\"\nzmq = \"tcp://127.0.0.1:1\"", "applies only to bitcoin-rpc")] {
            #expect {
                try ConfigLoader.parse(text: Self.btcCoin(backend: backend), file: "t.toml", environment: [:])
            } throws: { error in
                guard let error = error as? ConfigFileError else { return false }
                return error.message.contains("t.toml:") && error.message.contains("zmq") && error.message.contains(words)
            }
        }
    }

    @Test func readableFileWithCredentialsWarns() throws {
        let files = try TestFiles()
        let text = Self.btcCoin(backend: "type = \"bitcoin-rpc\"\nurl = \"http://127.0.0.1:8332\"\nrpc_user = \"u\"\nrpc_password = \"p4ss\"")
        let open = try files.write("open.toml", text, mode: 0o644)
        let closed = try files.write("closed.toml", text, mode: 0o600)
        let groupOnly = try files.write("group.toml", text, mode: 0o640)
        let noSecrets = try files.write("plain.toml", Self.btcCoin(), mode: 0o644)
        func permissionWarnings(_ path: String) throws -> [ConfigIssue] {
            try ConfigLoader.load(commandLine: path, environment: [:]).warnings.filter { $0.problem.contains("chmod 600") }
        }
        #expect(try permissionWarnings(open).count == 1)
        #expect(try permissionWarnings(open).first?.problem.contains("everyone") == true)
        #expect(try permissionWarnings(groupOnly).first?.problem.contains("its group") == true)
        #expect(try permissionWarnings(closed).isEmpty)
        #expect(try permissionWarnings(noSecrets).isEmpty)
    }

    @Test func privateMaterialAnywhereIsRefusedWithoutEchoingIt() throws {
        let samples = PrivateMaterialTests.privateSamples.map(\.0)
        for (index, secret) in samples.enumerated() {
            let text = "[shop]\nname = \"Shop\"\nreceipt_footer = \"\(secret)\"\n"
            do { _ = try ConfigLoader.parse(text: text, file: "t.toml", environment: [:]); Issue.record("accepted sample \(index)") } catch {
                #expect(error.issues.count == 1)
                #expect(error.issues.first?.line == 3 && error.issues.first?.field == "shop.receipt_footer")
                #expect(error.message.contains("watch-only") && error.message.contains("xpub"))
                #expect(!error.message.contains(secret))
            }
        }
        let inWallet = Self.btcCoin().replacingOccurrences(of: Self.zpub, with: PrivateMaterialTests.tv1xprv)
        do { _ = try ConfigLoader.parse(text: inWallet, file: "t.toml", environment: [:]); Issue.record("accepted xprv") } catch {
            #expect(error.issues.map(\.field) == ["coin[0].wallet"] && error.issues.first?.line == 5)
            #expect(error.message.contains("extended private key"))
        }
    }

    @Test func xpubDescriptorAndHexPasswordPass() throws {
        let descriptor = "wpkh([73c5da0a/84h/0h/0h]\(PrivateMaterialTests.tv1xpub)/<0;1>/*)"
        let text = Self.btcCoin(backend: "type = \"bitcoin-rpc\"\nurl = \"http://127.0.0.1:8332\"\nrpc_user = \"u\"\nrpc_password = \"\(PrivateMaterialTests.wikiKeyHex)\"")
            .replacingOccurrences(of: Self.zpub, with: descriptor)
        let config = try ConfigLoader.parse(text: text, file: "t.toml", environment: [:])
        #expect(config.coins[0].wallet == descriptor && config.coins[0].addressType == .p2wpkh)
    }

    @Test func exampleConfigLoadsAndDocumentsEveryKey() throws {
        let text = ExampleConfig.text
        let config = try ConfigLoader.parse(text: text, file: "till.example.toml", environment: [:])
        #expect(config.coins.map(\.asset.id) == ["BTC", "ETH", "USDC-base"])
        #expect(config.printers.count == 1 && config.hooks.count == 2 && config.rates.fixed["USDC-base"] != nil)
        let lines = text.split(separator: "\n").map { $0.drop(while: { $0 == "#" || $0 == " " }) }
        for path in ConfigKeys.allPaths {
            let key = String(path.split(separator: ".").last!)
            let header = "[\(path)]"   // a key that is a table, such as rates.fixed
            #expect(lines.contains { $0.hasPrefix(key + " =") || $0.hasPrefix(header) }, "till.example.toml does not document \(path)")
        }
    }

    @Test func durationsAndBasisPoints() {
        #expect(Durations.milliseconds("15m") == 900_000 && Durations.milliseconds("500ms") == 500 && Durations.milliseconds("90") == 90_000)
        #expect(Durations.milliseconds("soon") == nil && Durations.milliseconds("1.5h") == nil)
        #expect(Durations.describe(milliseconds: 5_400_000) == "1h30m")
        #expect(ConfigLoader.basisPoints("0.5") == 50 && ConfigLoader.basisPoints("2") == 200 && ConfigLoader.basisPoints("0.125") == nil)
    }
}
