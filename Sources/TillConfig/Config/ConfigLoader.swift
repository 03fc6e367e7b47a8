import Foundation
import TillCore

/// Reads `till.toml`: refuses private keys first, then checks every key and collects every problem.
public enum ConfigLoader {
    /// Finds and loads the config (`--config`, `TILL_CONFIG`, XDG default); with no file there, the demo defaults.
    public static func load(commandLine: String?, environment: [String: String]) throws(ConfigFileError) -> TillConfiguration {
        let choice = ConfigLocator.choose(commandLine: commandLine, environment: environment)
        let path = choice.path
        guard FileManager.default.fileExists(atPath: path) else {
            if case .defaultLocation = choice { return defaults(lookedAt: path, environment: environment) }
            throw ConfigFileError([ConfigIssue(file: path, line: nil, field: nil,
                                               problem: "no such file (given by \(choice.reason))")])
        }
        let text = try CatalogFile.readText(path)
        return try parse(text: text, file: path, reason: choice.reason, environment: environment, fileMode: fileMode(path))
    }

    /// The built-in demo configuration: sample catalog, USD, no coins (training mode).
    public static func defaults(lookedAt path: String, environment: [String: String]) -> TillConfiguration {
        let dataDirectory = ConfigLocator.defaultDataDirectory(environment: environment)
        return TillConfiguration(source: .embeddedDefaults(lookedAt: path), shop: .demo, catalog: .embeddedSample,
                                 theme: ThemeFile.defaultName, dataDirectory: dataDirectory,
                                 logFile: dataDirectory + "/till.log", coins: [], rates: .defaults, printers: [], hooks: [],
                                 warnings: [trainingWarning(file: path)])
    }

    /// Parses config text. `fileMode` (POSIX permission bits) enables the warning about readable credentials.
    public static func parse(text: String, file: String, reason: String = "given", environment: [String: String],
                             fileMode: UInt16? = nil) throws(ConfigFileError) -> TillConfiguration {
        // Before parsing: a parse error or an unknown key must never get to echo a key or a phrase.
        let found = PrivateTextScan.issues(text: text, file: file, credentialKeys: ConfigKeys.credentialKeys)
            + PrivateTextScan.environmentIssues(environment, file: file)
        if !found.isEmpty { throw ConfigFileError(found) }
        let document = try TOMLDocument(text: text, file: file)
        try refusePrivateMaterial(document)
        let sink = IssueSink(file: file, lines: document.lines)
        let root = TableReader(path: "", entries: document.root, sink: sink)
        root.rejectUnknownKeys(ConfigKeys.topLevel)
        let base = (file as NSString).deletingLastPathComponent.isEmpty ? "." : (file as NSString).deletingLastPathComponent
        func absolute(_ path: String) -> String { ConfigLocator.absolute(path, relativeTo: base, environment) }

        let shop = parseShop(root.table("shop"), root: root)
        let catalog = root.nonEmptyString("catalog").map { CatalogLocation.file(absolute($0)) } ?? .embeddedSample
        var theme = ThemeFile.defaultName
        if let reference = root.nonEmptyString("theme") {
            let isPath = reference.contains("/") || reference.hasSuffix(".toml")
            if isPath { theme = absolute(reference) }
            else if ThemeFile.builtInNames.contains(reference) { theme = reference }
            else { root.report("theme", "\"\(reference)\" is not a built-in theme (\(ThemeFile.builtInNames.joined(separator: ", "))) or a path to a .toml file") }
        }
        let dataDirectory = root.nonEmptyString("data_dir").map(absolute) ?? ConfigLocator.defaultDataDirectory(environment: environment)
        let logFile = root.nonEmptyString("log_file").map(absolute) ?? dataDirectory + "/till.log"
        let logLevel = root.choice("log_level", TillConfiguration.logLevels) ?? "info"

        let context = CoinContext(currency: shop.currency, environment: environment, absolute: absolute)
        let coins = parseCoins(root.tables("coin"), context: context)
        let rates = parseRates(root.table("rates"), coins: coins, root: root)
        let printers = parsePrinters(root.tables("printer"), absolute: absolute)
        let hooks = parseHooks(root.tables("hook"), environment: environment)
        let store = parseStore(root.table("store"), environment: environment, absolute: absolute)
        guard sink.issues.isEmpty else { throw ConfigFileError(sink.sorted) }

        var warnings: [ConfigIssue] = []
        let holdsSecrets = TOMLNode.table(document.root).allStrings().contains { entry in
            ConfigKeys.credentialKeys.contains(entry.path.split(separator: ".").last.map(String.init) ?? "")
        }
        if holdsSecrets, let mode = fileMode, mode & 0o044 != 0 {
            warnings.append(ConfigIssue(file: file, line: nil, field: nil, problem: String(format:
                "holds credentials but is readable by %@ (mode %03o); run: chmod 600 %@ (or move the credentials to the environment: TILL_<COIN>_RPC_USER / TILL_<COIN>_RPC_PASSWORD, TILL_HOOK_<NAME>_SECRET)",
                mode & 0o004 != 0 ? "everyone" : "its group", mode & 0o777, file)))
        }
        if coins.isEmpty { warnings.append(trainingWarning(file: file)) }
        for (index, coin) in root.tables("coin").enumerated() {
            guard case .integer(0)? = coin.entries["confirmations"] else { continue }
            let field = coin.field("confirmations")
            warnings.append(ConfigIssue(file: file, line: sink.lines.line(of: field), field: field, problem:
                "0 makes every payment PAID the moment it is seen, before any block: a double spend or fee replacement then takes goods already handed over (coin \(index + 1)). Use 1 or more, and zero_conf_limit or release_at = \"seen\" for small quick sales"))
        }
        var configuration = TillConfiguration(source: .file(path: file, reason: reason), shop: shop, catalog: catalog, theme: theme,
                                              dataDirectory: dataDirectory, logFile: logFile, coins: coins, rates: rates,
                                              printers: printers, hooks: hooks, warnings: warnings, store: store)
        configuration.logLevel = logLevel
        return configuration
    }

    /// The POSIX permission bits of `path`, if it can be stat'ed.
    public static func fileMode(_ path: String) -> UInt16? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let mode = attributes[.posixPermissions] as? NSNumber else { return nil }
        return mode.uint16Value & 0o7777
    }

    static func trainingWarning(file: String) -> ConfigIssue {
        ConfigIssue(file: file, line: nil, field: nil, problem:
            "no [[coin]] configured: the till runs in TRAINING mode on a simulated chain; add a [[coin]] with a wallet xpub or descriptor to take real payments")
    }

    /// Any string holding a private key or seed phrase stops the load before anything else is read or echoed.
    static func refusePrivateMaterial(_ document: TOMLDocument) throws(ConfigFileError) {
        var issues: [ConfigIssue] = []
        for (path, value) in TOMLNode.table(document.root).allStrings() {
            let key = path.split(separator: ".").last.map(String.init) ?? path
            guard let finding = PrivateMaterial.scan(value, allowHex: ConfigKeys.credentialKeys.contains(key)) else { continue }
            issues.append(ConfigIssue(file: document.file, line: document.lines.line(of: path), field: path,
                                      problem: "contains \(finding.description); refused. \(PrivateMaterial.advice)"))
        }
        // A phrase split across keys: the string values in file order, joined.
        let values = TOMLNode.table(document.root).allStrings()
            .sorted { (document.lines.line(of: $0.0) ?? 0) < (document.lines.line(of: $1.0) ?? 0) }
            .filter { !ConfigKeys.credentialKeys.contains($0.0.split(separator: ".").last.map(String.init) ?? "") }
        if issues.isEmpty, let finding = PrivateMaterial.scan(values.map(\.1).joined(separator: " "), allowHex: true),
           finding.kind == .seedPhrase {
            issues.append(ConfigIssue(file: document.file, line: nil, field: nil,
                                      problem: "contains \(finding.description) split across several keys; refused. \(PrivateMaterial.advice)"))
        }
        if !issues.isEmpty { throw ConfigFileError(issues) }
    }

    private static func parseShop(_ table: TableReader?, root: TableReader) -> ShopSettings {
        // A shop that writes a config gets plain defaults, not the demo's name, tax and footer.
        var shop = ShopSettings(name: "Till", currency: .usd, taxMode: .included, defaultTaxRate: nil,
                                receiptHeader: nil, receiptFooter: nil)
        guard let table else { return shop }
        table.rejectUnknownKeys(ConfigKeys.shop)
        if let name = table.nonEmptyString("name") { shop.name = name }
        if let code = table.string("currency") {
            if let currency = FiatCurrency.named(code) { shop.currency = currency }
            else { table.report("currency", MoneyError.unknownCurrency(code).message) }
        }
        if let mode = table.choice("tax_mode", ["included", "excluded"]) { shop.taxMode = TaxMode(rawValue: mode)! }
        if let text = table.decimal("default_tax_rate", unit: "a percentage") {
            if let rate = ProductRules.parseTaxRate(text.text) { shop.defaultTaxRate = rate.isZero ? nil : rate }
            else { table.report("default_tax_rate", "\"\(text.text)\" is not a percentage from 0 to 100 (e.g. \"8.25\")") }
        }
        shop.receiptHeader = table.string("receipt_header")
        shop.receiptFooter = table.string("receipt_footer")
        return shop
    }
}
