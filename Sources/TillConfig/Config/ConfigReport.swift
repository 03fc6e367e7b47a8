import Foundation
import TillCore
import TillHooks

/// What `till config check` prints: what was found, warnings, errors, and the exit status.
public struct ConfigReport: Sendable {
    /// Facts found, one per line (no credentials).
    public let found: [String]
    public let warnings: [String]
    public let errors: [String]

    /// 0 when the till can start with this config, 2 when there are errors: the till itself exits 2 on them
    /// (DECISIONS 48), so a script can treat both the same.
    public var exitStatus: Int32 { errors.isEmpty ? 0 : 2 }

    /// The report as text for the terminal.
    public var text: String {
        var lines = found
        if !warnings.isEmpty { lines.append(""); lines.append("Warnings:"); lines += warnings.map { "  - \($0)" } }
        if !errors.isEmpty { lines.append(""); lines.append("Errors:"); lines += errors.map { "  - \($0)" } }
        lines.append("")
        lines.append(errors.isEmpty ? "Config OK." : "Config has \(errors.count) error\(errors.count == 1 ? "" : "s"); the till will not start.")
        return lines.joined(separator: "\n") + "\n"
    }

    /// Loads the config as the till would, then the catalog and theme it names, and reports on all of it.
    public static func check(commandLine: String?, environment: [String: String]) -> ConfigReport {
        let configuration: TillConfiguration
        do { configuration = try ConfigLoader.load(commandLine: commandLine, environment: environment) } catch {
            let choice = ConfigLocator.choose(commandLine: commandLine, environment: environment)
            return ConfigReport(found: ["Config: \(choice.path)"], warnings: [], errors: error.issues.map(\.message))
        }
        return describe(configuration, environment: environment)
    }

    /// Reports on an already loaded configuration.
    /// `loaded`: the catalog the caller already has (the till at start); otherwise it is read, through the data
    /// directory's `CatalogCache` when that directory exists (an unchanged 100,000-product file is not parsed again).
    public static func describe(_ config: TillConfiguration, environment: [String: String], loaded: Catalog? = nil) -> ConfigReport {
        var found: [String] = [], warnings = config.warnings.map(\.message), errors: [String] = []
        let shop = config.shop
        found.append("Config: \(config.source.summary)")
        found.append("Shop: \(shop.name)")
        found.append("Currency: \(shop.currency.code) (\(shop.currency.minorUnits) decimals)")
        found.append("Tax: prices \(shop.taxMode == .included ? "include" : "exclude") tax; default rate "
                     + (shop.defaultTaxRate.map { "\($0)%" } ?? "none"))
        do {
            let cacheDirectory = FileManager.default.fileExists(atPath: config.dataDirectory) ? config.dataDirectory : nil
            let catalog = if let loaded { loaded } else { try CatalogFile.load(config.catalog, cacheDirectory: cacheDirectory) }
            let disabled = catalog.products.filter(\.disabled).count
            found.append("Catalog: \(config.catalog.summary): \(catalog.products.count) products (\(disabled) disabled) in \(catalog.categories.count) categories")
            if catalog.currency != shop.currency {
                errors.append("catalog \(config.catalog.summary) is priced in \(catalog.currency.code) but the shop currency is \(shop.currency.code)")
            }
        } catch { errors += error.issues.map(\.message) }
        do {
            let theme = try ThemeFile.resolve(config.theme, environment: environment)
            found.append("Theme: \(theme.name)" + (theme == .noColor ? " (NO_COLOR is set; configured: \(config.theme))" : ""))
        } catch { errors += error.issues.map(\.message) }
        found.append("Data directory: \(config.dataDirectory)" + (FileManager.default.fileExists(atPath: config.dataDirectory) ? "" : " (will be created)"))
        found.append("Log file: \(config.logFile)")
        if config.isTrainingMode { found.append("Coins: none (TRAINING mode)") }
        for coin in config.coins {
            found += describe(coin, currency: shop.currency)
            let wallet = coin.walletProblems()
            errors += wallet.errors
            warnings += wallet.warnings + securityWarnings(coin)
        }
        if !config.isTrainingMode {
            let rates = config.rates
            var line = "Rates: \(rates.sources.map(\.rawValue).joined(separator: ", ")); max age \(rates.maxAgeSeconds)s; max deviation \(rates.maxDeviationPercent)%"
            if !rates.fixed.isEmpty { line += "; fixed: " + rates.fixed.keys.sorted().map { "\($0) = \(rates.fixed[$0]!) \(shop.currency.code)" }.joined(separator: ", ") }
            found.append(line)
            for coin in config.coins where rates.sources == [.fixed] && rates.fixed[coin.asset.id] == nil {
                errors.append("coin \(coin.asset.id) has no price in [rates.fixed] and [rates] sources lists only \"fixed\"")
            }
        }
        for printer in config.printers {
            let target = printer.kind == .escposNetwork ? "\(printer.host ?? "?"):\(printer.port)" : (printer.path ?? "?")
            found.append("Printer \(printer.name): \(printer.kind.rawValue) → \(target), \(printer.columns) columns")
        }
        for hook in config.hooks where hook.kind == .webhook {
            if let url = hook.url, let problem = plainHTTPProblem(url) { warnings.append("hook \(hook.name): \(problem)") }
        }
        for hook in config.hooks {
            let target = hook.kind == .webhook ? (hook.url.flatMap { URLParts($0)?.hostAndPort } ?? "?") + (hook.secret == nil ? "" : ", signed")
                                               : (hook.command?.first ?? "?")
            found.append("Hook \(hook.name): \(hook.kind.rawValue) → \(target); events: \(hook.events.count == HookSettings.eventNames.count ? "all" : hook.events.joined(separator: ", "))")
            if hook.kind == .command, let program = hook.command?.first, program.hasPrefix("/"), !FileManager.default.isExecutableFile(atPath: program) {
                warnings.append("hook \(hook.name): \(program) is not an executable file")
            }
        }
        let hookProblems = HookConfigCheck.problems(printers: config.printers, hooks: config.hooks,
                                                    path: environment["PATH"])
        errors += hookProblems.errors.map(\.description)
        warnings += hookProblems.warnings.map(\.description)
        return ConfigReport(found: found, warnings: warnings, errors: errors)
    }

    private static func describe(_ coin: CoinSettings, currency: FiatCurrency) -> [String] {
        let policy = coin.policy
        var lines = ["Coin \(coin.asset.id) (\(coin.asset.symbol), \(coin.asset.decimals) decimals): network \(coin.network), address type \(coin.addressType.rawValue), gap limit \(coin.gapLimit)"]
        if case .erc20(let contract, _) = coin.asset.kind { lines.append("  token contract: \(contract)") }
        lines.append("  wallet: \(walletSummary(coin.wallet))")
        var rules = "  policy: \(coin.waitForFinalized ? "wait for finalized" : "\(policy.requiredConfirmations) confirmations"), expiry \(Durations.describe(milliseconds: policy.expirySeconds * 1_000))"
        if let limit = policy.zeroConfLimit { rules += ", zero-conf up to \(limit.formatted) (never with RBF)" }
        rules += ", underpayment tolerance \(percentText(policy.underpaymentToleranceBasisPoints))%"
        rules += ", late window \(Durations.describe(milliseconds: policy.lateWindowSeconds * 1_000))"
        rules += ", reorg window \(Durations.describe(milliseconds: policy.reorgWindowSeconds * 1_000))"
        lines.append(rules)
        lines.append("  backend: \(coin.backend.summary)")
        if let fallback = coin.fallback { lines.append("  fallback: \(fallback.summary)") }
        return lines
    }

    /// Zero-confirmation and plain-HTTP warnings for a coin (issue 13: 10, 12).
    static func securityWarnings(_ coin: CoinSettings) -> [String] {
        var warnings: [String] = []
        if let limit = coin.policy.zeroConfLimit {
            warnings.append("coin \(coin.asset.id): zero_conf_limit (\(limit.formatted)) accepts unconfirmed payments; Bitcoin Core 28 and "
                            + "later relay full replace-by-fee by default, so ANY unconfirmed payment can be replaced, whether or not it "
                            + "signals BIP125; accept zero-conf only for amounts you can afford to lose")
        }
        for (label, backend) in [("backend", coin.backend)] + (coin.fallback.map { [("fallback", $0)] } ?? []) {
            if let problem = plainHTTPProblem(backend.url) { warnings.append("coin \(coin.asset.id): \(label): \(problem)") }
        }
        return warnings
    }

    /// A warning for an http:// URL to a host that is not this machine (credentials and answers travel in clear).
    static func plainHTTPProblem(_ url: String) -> String? {
        guard let parts = URLParts(url), parts.scheme == "http" else { return nil }
        let host = parts.host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if host == "localhost" || host == "::1" || host.hasPrefix("127.") { return nil }
        return "\(parts.hostAndPort) is reached over plain http://: passwords, payments and answers can be read and changed on the "
            + "way; use https:// (or a tunnel) for anything but this machine"
    }

    /// "0.5" from 50 basis points, without floating point.
    private static func percentText(_ basisPoints: Int) -> String {
        let fraction = basisPoints % 100
        guard fraction != 0 else { return String(basisPoints / 100) }
        let digits = fraction % 10 == 0 ? String(fraction / 10) : (fraction < 10 ? "0\(fraction)" : String(fraction))
        return "\(basisPoints / 100).\(digits)"
    }

    /// The start and end of the key: enough to compare with the wallet, short enough for one line.
    private static func walletSummary(_ wallet: String) -> String {
        wallet.count <= 28 ? wallet : "\(wallet.prefix(16))…\(wallet.suffix(8))"
    }
}

/// Printer and hook checks (TillHooks' `HookChecks`) for `till config check` and the till's start.
public enum HookConfigCheck {
    /// Errors stop the till (a webhook it cannot sign or address); warnings do not (a printer that is off
    /// today, a command missing on this machine): the sale goes on and the failure is shown when it happens.
    /// `path` is the PATH that command hooks are looked up on.
    public static func problems(printers: [PrinterSettings], hooks: [HookSettings],
                                path: String?) -> (errors: [HookProblem], warnings: [HookProblem]) {
        var errors: [HookProblem] = [], warnings: [HookProblem] = []
        for settings in printers {
            if let printer = printerConfiguration(settings) { warnings += HookChecks.printer(printer) }
        }
        for hook in hooks {
            switch hook.kind {
            case .webhook:
                errors += HookChecks.webhookURL(hook.url, hook: hook.name)
                errors += HookChecks.webhookSecret(hook.secret?.revealed, hook: hook.name)
            case .command:
                // An absolute path that is not executable is already reported above in the report's own words.
                if let program = hook.command?.first, program.hasPrefix("/"), !FileManager.default.isExecutableFile(atPath: program) { continue }
                warnings += HookChecks.command(hook.command, hook: hook.name, path: path)
            }
        }
        return (errors, warnings)
    }

    /// The printer a `[[printer]]` table describes, or nil when it lacks its path or host.
    public static func printerConfiguration(_ settings: PrinterSettings) -> PrinterConfiguration? {
        let destination: PrinterDestination
        switch settings.kind {
        case .escposDevice:
            guard let path = settings.path else { return nil }
            destination = .device(path: path)
        case .escposNetwork:
            guard let host = settings.host else { return nil }
            destination = .network(host: host, port: settings.port)
        case .textFile:
            guard let path = settings.path else { return nil }
            destination = .textFile(path: path)
        }
        return PrinterConfiguration(name: settings.name, destination: destination, columns: settings.columns)
    }
}
