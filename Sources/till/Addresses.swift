import ArgumentParser
import Foundation
import TillApp
import TillConfig
import TillWallet

/// Lists receive addresses so the merchant can compare them with their wallet before going live.
struct Addresses: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Print the first receive addresses of a coin's wallet.")
    @OptionGroup var options: ConfigOption
    @Option(help: "Coin id from till.toml (e.g. BTC).") var coin: String?
    @Option(help: "An xpub/zpub/tpub… or a descriptor, instead of a configured coin.") var wallet: String?
    @Option(help: "Network for --wallet: bitcoin, testnet, signet, regtest, litecoin, ethereum.") var network = "bitcoin"
    @Option(help: "Address type for --wallet when the key does not say: p2pkh, p2sh-p2wpkh, p2wpkh, p2tr, ethereum.") var type: String?
    @Option(help: "How many addresses.") var count = 20
    @Option(help: "First index.") var start = 0
    @Flag(help: "Print JSON instead of columns.") var json = false

    func run() throws {
        let watchOnly: WatchOnlyWallet
        do {
            if let wallet {
                // Refused before parsing: a wallet parser's error would echo the phrase or call a WIF "not 78 bytes".
                if let finding = PrivateMaterial.scan(wallet) {
                    throw ValidationError("--wallet holds \(finding.description); refused. \(PrivateMaterial.advice)")
                }
                guard let chosen = Network.named(network) else { throw ValidationError("unknown network \(network)") }
                let addressType = try type.map { name -> TillWallet.AddressType in
                    guard let parsed = TillWallet.AddressType(configName: name) else { throw ValidationError("unknown address type \(name)") }
                    return parsed
                }
                watchOnly = try WatchOnlyWallet(parsing: wallet, network: chosen, addressType: addressType)
            } else {
                let configuration = try ConfigLoader.load(commandLine: options.config, environment: ProcessInfo.processInfo.environment)
                guard let id = coin ?? configuration.coins.first?.asset.id, let settings = configuration.coin(id) else {
                    throw ValidationError("no coin \(coin ?? "") in the configuration; give --coin or --wallet")
                }
                watchOnly = try WalletBridge.wallet(for: settings)
            }
            let rows = try AddressListing.rows(watchOnly, count: count, start: start)
            print(json ? AddressListing.json(rows) : AddressListing.text(rows), terminator: json ? "\n" : "")
        } catch let error as WalletError {
            throw ValidationError(error.message)
        } catch let error as ConfigFileError {
            throw ValidationError(error.message)
        }
    }
}
