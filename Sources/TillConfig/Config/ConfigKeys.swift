/// Every key `till.toml` understands, per section; the loader rejects others, the example documents all.
public enum ConfigKeys {
    public static let topLevel = ["catalog", "theme", "data_dir", "log_file", "log_level", "shop", "rates", "coin", "printer", "hook", "store"]
    public static let shop = ["name", "currency", "tax_mode", "default_tax_rate", "receipt_header", "receipt_footer"]
    public static let coin = ["id", "symbol", "kind", "network", "chain_id", "contract", "decimals", "wallet", "address_type",
                              "gap_limit", "confirmations", "release_at", "zero_conf_limit", "expiry", "underpayment_tolerance",
                              "late_window", "reorg_window", "wait_for_finalized", "backend", "fallback"]
    public static let backend = ["type", "url", "rpc_user", "rpc_password", "cookie_file", "poll_interval", "zmq"]
    public static let rates = ["sources", "max_age", "max_deviation_percent", "fixed"]
    public static let printer = ["name", "type", "path", "host", "port", "columns", "print_reports"]
    public static let hook = ["name", "type", "url", "secret", "command", "events", "timeout", "environment"]
    public static let store = ["url", "lane", "password_file"]

    /// Dotted paths of every key ("coin.backend.url"); `rates.fixed` holds coin ids as keys.
    public static var allPaths: [String] {
        topLevel.filter { !["shop", "rates", "coin", "printer", "hook", "store"].contains($0) }
            + shop.map { "shop.\($0)" }
            + rates.map { "rates.\($0)" }
            + coin.filter { $0 != "backend" && $0 != "fallback" }.map { "coin.\($0)" }
            + backend.map { "coin.backend.\($0)" } + backend.map { "coin.fallback.\($0)" }
            + printer.map { "printer.\($0)" }
            + hook.map { "hook.\($0)" }
            + store.map { "store.\($0)" }
    }

    /// Keys whose values are credentials: never printed, and allowed to be 64 hex digits.
    static let credentialKeys: Set<String> = ["rpc_password", "secret"]

    /// The environment variable name part for an id: upper case, anything but letters and digits as "_".
    static func environmentName(_ id: String) -> String {
        String(id.uppercased().map { $0.isASCII && ($0.isLetter || $0.isNumber) ? $0 : "_" })
    }
}
