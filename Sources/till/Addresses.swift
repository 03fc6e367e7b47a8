import ArgumentParser
import Foundation
import TillApp
import TillConfig
import TillWallet

/// Lists receive addresses so the merchant can compare them with their wallet before going live.
struct Addresses: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the first receive addresses of a coin's wallet.",
        discussion: """
            Compare them with the addresses your wallet shows before taking the first payment.

            Examples:
              till addresses --coin BTC --count 5
              till addresses --wallet zpub6rFR7… --network bitcoin --json
              till addresses --wallet tpubD6Nz… --network regtest --type p2wpkh
              till addresses --wallet xpub6DCo… --network ethereum --type evm
            """)
    @OptionGroup var options: ConfigOption
    @Option(help: "Coin id from till.toml (e.g. BTC).") var coin: String?
    @Option(help: "An xpub/zpub/tpub… or a descriptor, instead of a configured coin.") var wallet: String?
    @Option(help: "Network for --wallet.") var network: Network = .bitcoin
    @Option(help: "Address type for --wallet when the key does not say, as till.toml's address_type (ethereum is accepted for evm).")
    var type: AddressType?
    @Option(help: "How many addresses.") var count = 20
    @Option(help: "First index.") var start = 0
    @Flag(help: "Print JSON instead of columns.") var json = false

    func run() throws {
        let watchOnly = try wallet.map(given) ?? configured()
        let rows: [AddressRow]
        do { rows = try AddressListing.rows(watchOnly, count: count, start: start) } catch {
            throw ValidationError(error.message)
        }
        print(json ? AddressListing.json(rows) : AddressListing.text(rows), terminator: json ? "\n" : "")
    }

    /// The wallet given as `--wallet`: a bad one is a bad argument.
    private func given(_ wallet: String) throws -> WatchOnlyWallet {
        // Refused before parsing: a wallet parser's error would echo the phrase or call a WIF "not 78 bytes".
        if let finding = PrivateMaterial.scan(wallet) {
            throw ValidationError("--wallet holds \(finding.description); refused. \(PrivateMaterial.advice)")
        }
        do { return try WatchOnlyWallet(parsing: wallet, network: network, addressType: type) } catch {
            throw ValidationError(error.message)
        }
    }

    /// The wallet of `--coin` (or the first coin) in till.toml: a bad one is a configuration that cannot be loaded.
    private func configured() throws -> WatchOnlyWallet {
        let configuration: TillConfiguration
        do {
            configuration = try ConfigLoader.load(commandLine: options.config, environment: ProcessInfo.processInfo.environment)
        } catch { throw CommandFailure.cannotLoad(error.message) }
        guard let id = coin ?? configuration.coins.first?.asset.id, let settings = configuration.coin(id) else {
            throw ValidationError(coin.map { "no coin \($0) in the configuration; give one of its coin ids or --wallet" }
                                  ?? "no coin in the configuration; give --wallet")
        }
        do { return try WalletBridge.wallet(for: settings) } catch { throw CommandFailure.cannotLoad(error.message) }
    }
}
