import TillWallet

extension CoinSettings {
    /// The wallet network for this coin's network.
    public var walletNetwork: Network {
        switch network {
        case .utxo(let utxo):
            switch utxo {
            case .bitcoin: return .bitcoin
            case .bitcoinTestnet: return .testnet
            case .bitcoinSignet: return .signet
            case .bitcoinRegtest: return .regtest
            case .litecoin: return .litecoin
            case .litecoinTestnet, .litecoinRegtest: return .litecoinTestnet
            }
        case .evm: return .ethereum
        }
    }

    /// Parses the xpub or descriptor (checksums included) for this coin; mismatches are refused by the wallet.
    public func watchOnlyWallet() throws(WalletError) -> WatchOnlyWallet {
        try WatchOnlyWallet(parsing: wallet, network: walletNetwork, addressType: addressType)
    }

    /// What `config check` says about the wallet: an error when it does not parse, warnings when it is a master key
    /// (depth 0: addresses m/0/i, which BIP44/49/84/86 wallets never scan) or at a depth other than an account's (3)
    /// without a key origin saying where it sits.
    public func walletProblems() -> (errors: [String], warnings: [String]) {
        let subject = "coin \(asset.id): wallet"
        let parsed: WatchOnlyWallet
        do { parsed = try watchOnlyWallet() } catch { return (["\(subject): \(error.message)"], []) }
        let depth = parsed.accountKey.depth
        if depth == 0 {
            return ([], ["\(subject) is a master key (depth 0): the till would derive m/0/i, which BIP44/49/84/86 wallets do not "
                         + "scan, so payments would not show in your wallet; configure the account key (depth 3, e.g. m/84'/0'/0')"])
        }
        if depth != 3, parsed.origin == nil {
            return ([], ["\(subject) is at depth \(depth), not an account key (depth 3), and has no key origin: check that your "
                         + "wallet scans these addresses (`till addresses`), or give a descriptor with [fingerprint/path]"])
        }
        return ([], [])
    }
}
