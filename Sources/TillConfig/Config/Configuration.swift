import TillCore

/// Everything `till.toml` configures, with defaults filled in and paths made absolute.
public struct TillConfiguration: Sendable {
    /// Where the configuration came from.
    public var source: ConfigSource
    public var shop: ShopSettings
    public var catalog: CatalogLocation
    /// A built-in theme name (dark, light, high-contrast) or a path to a theme file.
    public var theme: String
    public var dataDirectory: String
    public var logFile: String
    public var coins: [CoinSettings]
    public var rates: RateSettings
    public var printers: [PrinterSettings]
    public var hooks: [HookSettings]
    /// Problems that do not stop the till (a readable file with credentials, no coins).
    public var warnings: [ConfigIssue]
    /// `[store]`: the shop's shared PostgreSQL ledger and this till's lane; nil keeps the SQLite file.
    public var store: StoreSettings? = nil
    /// `log_level`: the least severe level written to the log (swift-log's names, `info` by default).
    public var logLevel: String = "info"

    /// The level names `log_level` and `--log-level` take, least severe first.
    public static let logLevels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]

    /// With no coin configured the till runs on a simulated chain, clearly labelled TRAINING.
    public var isTrainingMode: Bool { coins.isEmpty }

    /// The coin with this id (case-insensitive).
    public func coin(_ id: String) -> CoinSettings? { coins.first { $0.asset.id.lowercased() == id.lowercased() } }
}

/// Where the configuration was read from.
public enum ConfigSource: Sendable, Hashable {
    /// A file; `reason` says how it was chosen ("--config", "TILL_CONFIG", "default location").
    case file(path: String, reason: String)
    /// No file at the default location: the built-in demo defaults.
    case embeddedDefaults(lookedAt: String)

    public var summary: String {
        switch self {
        case .file(let path, let reason): return "\(path) (\(reason))"
        case .embeddedDefaults(let path): return "built-in defaults (no file at \(path))"
        }
    }
}

/// Which catalog to load.
public enum CatalogLocation: Sendable, Hashable {
    case embeddedSample
    case file(String)

    public var summary: String {
        switch self {
        case .embeddedSample: return "built-in sample catalog"
        case .file(let path): return path
        }
    }
}

/// The shop: its name and currency, how tax works, receipt texts.
public struct ShopSettings: Sendable, Hashable {
    public var name: String
    public var currency: FiatCurrency
    public var taxMode: TaxMode
    /// Percent applied to products without their own rate; nil = no tax.
    public var defaultTaxRate: DecimalNumber?
    public var receiptHeader: String?
    public var receiptFooter: String?

    public static let demo = ShopSettings(name: "Till Demo Shop", currency: .usd, taxMode: .excluded,
                                          defaultTaxRate: DecimalNumber(digits: 825, scale: 2),
                                          receiptHeader: nil, receiptFooter: "Thank you! This is a demo till.")
}

/// Exchange-rate sources and the rules for trusting a rate.
public struct RateSettings: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable, CaseIterable {
        case kraken, coinbase, coingecko, fixed
    }

    /// Queried in parallel; the median of the fresh ones is used.
    public var sources: [Source]
    /// Fixed prices: coin id → shop currency per whole coin ("USDC" → 1.00).
    public var fixed: [String: DecimalNumber]
    /// A rate older than this is refused (default 60 s).
    public var maxAgeSeconds: Int
    /// A rate further than this from the others' median is refused (percent, default 2).
    public var maxDeviationPercent: DecimalNumber

    public static let defaults = RateSettings(sources: [.kraken, .coinbase, .coingecko], fixed: [:], maxAgeSeconds: 60,
                                              maxDeviationPercent: DecimalNumber(digits: 2, scale: 0))
}

/// A receipt printer (issue 8).
public struct PrinterSettings: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// ESC/POS bytes written to a device file such as /dev/usb/lp0.
        case escposDevice = "escpos-device"
        /// ESC/POS over raw TCP (port 9100).
        case escposNetwork = "escpos-network"
        /// Plain text appended to a file.
        case textFile = "text-file"
    }

    public var name: String
    public var kind: Kind
    /// Device path (escpos-device) or file path (text-file).
    public var path: String?
    public var host: String?
    public var port: Int
    /// Characters per line (42 for 80 mm paper, 32 for 58 mm).
    public var columns: Int
    /// Also print the end-of-day report here.
    public var printReports: Bool
}

/// What to tell the rest of the shop when a sale changes (issue 8).
public struct HookSettings: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// HTTP POST signed with the Standard Webhooks scheme.
        case webhook
        /// A local program run with the event JSON on stdin.
        case command
    }

    /// Sale events a hook can subscribe to.
    public static let eventNames = ["created", "paid", "expired", "underpaid", "overpaid", "paid_late", "reorged",
                                    "double_spent", "refunded", "voided"]

    public var name: String
    public var kind: Kind
    public var url: String?
    /// The webhook signing secret (from the file or TILL_HOOK_<NAME>_SECRET).
    public var secret: SecretText?
    /// Program and arguments, run without a shell.
    public var command: [String]?
    /// Subscribed events; all of `eventNames` when the file lists none.
    public var events: [String]
    public var timeoutSeconds: Int
    /// Command hooks: names of environment variables passed on (besides PATH, HOME, LANG, TZ).
    public var environment: [String] = []
}
