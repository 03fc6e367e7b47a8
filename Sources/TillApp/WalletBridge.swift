import TillConfig
import TillCore
import TillWallet

/// Turns a configured coin into a watch-only wallet of the right network and address type.
public enum WalletBridge {
    /// Parses the coin's xpub or descriptor; private material and mismatches are refused by the wallet.
    public static func wallet(for coin: CoinSettings) throws(WalletError) -> WatchOnlyWallet {
        try coin.watchOnlyWallet()
    }
}
