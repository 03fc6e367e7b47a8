import TillConfig
import TillCore
import TillWallet

/// Turns a configured coin into a watch-only wallet of the right network and address type.
public enum WalletBridge {
    /// The wallet network for a configured network.
    public static func network(_ network: CoinNetwork) -> Network {
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

    /// The wallet address type for a configured one.
    public static func addressType(_ type: TillConfig.AddressType) -> TillWallet.AddressType {
        switch type {
        case .p2pkh: return .p2pkh
        case .p2shP2wpkh: return .p2shP2wpkh
        case .p2wpkh: return .p2wpkh
        case .p2tr: return .p2tr
        case .evm: return .ethereum
        }
    }

    /// Parses the coin's xpub or descriptor; private material and mismatches are refused by the wallet.
    public static func wallet(for coin: CoinSettings) throws(WalletError) -> WatchOnlyWallet {
        try WatchOnlyWallet(parsing: coin.wallet, network: network(coin.network), addressType: addressType(coin.addressType))
    }
}
