import ArgumentParser
import TillManager
import TillWallet

// Option values the library already names: parsed by ArgumentParser, so `--help` lists them, a wrong one is a usage
// error, and shell completions offer them. The lists come from the library types, so they cannot drift.

/// `--format`: csv or json.
extension ExportFormat: ExpressibleByArgument {}

/// `--role`: cashier or manager.
extension Role: ExpressibleByArgument {}

/// `--type`: till.toml's `address_type` words (p2pkh, p2sh-p2wpkh, p2wpkh, p2tr, evm), so one name works in both places;
/// older aliases (ethereum, bip84, segwit, …) are still accepted.
extension AddressType: ExpressibleByArgument {
    public init?(argument: String) { self.init(configName: argument) }
}

/// `--network`: every network Till knows.
extension Network: ExpressibleByArgument {
    public init?(argument: String) {
        guard let network = Network.named(argument) else { return nil }
        self = network
    }

    public static var allValueStrings: [String] { all.map(\.name) }
    public static var defaultCompletionKind: CompletionKind { .list(allValueStrings) }
}

/// `--log-level`: the least severe level written to the log (swift-log's names).
enum LogLevelOption: String, CaseIterable, ExpressibleByArgument {
    case trace, debug, info, notice, warning, error, critical
}
