import Foundation

/// Which chain a Bitcoin-style node must serve: what `getblockchaininfo.chain` may say and the genesis block hash
/// (`getblockhash 0`). Payments are matched by script bytes, which are the same on every network, so a node on the
/// wrong chain (a wrong port, a compromised host) would otherwise hand the till payments that are not real.
public struct BitcoinChainIdentity: Sendable, Hashable {
    /// The configured network's name, for messages ("bitcoin", "litecoin-regtest").
    public let network: String
    /// Accepted values of `getblockchaininfo.chain`.
    public let chains: Set<String>
    /// Accepted genesis block hashes (lower-case hex).
    public let genesisHashes: Set<String>

    public init(network: String, chains: Set<String>, genesisHashes: Set<String>) {
        self.network = network
        self.chains = chains
        self.genesisHashes = genesisHashes
    }

    /// The identity of a network by its till.toml name (`bitcoin`, `bitcoin-testnet`, …); nil for an unknown name.
    /// Bitcoin SV and Bitcoin Cash regtest nodes share Bitcoin's regtest genesis and say `regtest`.
    public static func named(_ network: String) -> BitcoinChainIdentity? {
        switch network {
        case "bitcoin":
            return .init(network: network, chains: ["main"], genesisHashes: ["000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f"])
        case "bitcoin-testnet":
            // testnet3 and testnet4 share the address formats; both are test chains.
            return .init(network: network, chains: ["test", "testnet4"],
                         genesisHashes: ["000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
                                         "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043"])
        case "bitcoin-signet":
            // Only the default signet: a custom signet has its own genesis and cannot be recognised.
            return .init(network: network, chains: ["signet"], genesisHashes: ["00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6"])
        case "bitcoin-regtest":
            return .init(network: network, chains: ["regtest"], genesisHashes: ["0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206"])
        case "litecoin":
            return .init(network: network, chains: ["main"], genesisHashes: ["12a765e31ffd4059bada1e25190f6e98c99d9714d334efa41a195a7e7e04bfe2"])
        case "litecoin-testnet":
            return .init(network: network, chains: ["test"], genesisHashes: ["4966625a4b2851d9fdee139e56211a0d88575f59ed816ff5e6a63deb4e3e29a0"])
        case "litecoin-regtest":
            return .init(network: network, chains: ["regtest"], genesisHashes: ["530827f38f93b43ed12af0b3ad25a288dc02ed74d6d7857862df51fc56c416f9"])
        default:
            return nil
        }
    }

    /// Nil when `chain` and `genesis` are this network's; otherwise why not, for the person at the till.
    public func mismatch(chain: String?, genesis: String) -> String? {
        if let chain, !chains.contains(chain) {
            return "the node serves the \"\(chain.prefix(20))\" chain but the coin is configured for \(network)"
        }
        guard genesisHashes.contains(genesis.lowercased()) else {
            return "the node's genesis block \(genesis.prefix(16))… is not \(network)'s"
        }
        return nil
    }
}

/// Whether the node was checked since it last failed; shared between the backend's concurrent calls.
final class IdentityCheck: @unchecked Sendable {
    private let lock = NSLock()
    private var checked = false

    var isChecked: Bool { lock.lock(); defer { lock.unlock() }; return checked }
    func set(_ value: Bool) { lock.lock(); checked = value; lock.unlock() }
}
