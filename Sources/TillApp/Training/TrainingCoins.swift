import Foundation
import TillCore
import TillUI

/// The coins training offers: Bitcoin, and beside it a simulated Ethereum and an ERC-20 stablecoin on a chain id no
/// real wallet is set up for, so a new shop can try every flow (BIP21 and EIP-681 QR codes, the token warning).
public enum TrainingCoins {
    /// Chain id of the simulated EVM chain (a local-development id: mainnet wallets refuse it).
    public static let chainID: UInt64 = 1337
    /// The simulated ETH.
    public static let eth = Asset(id: "ETH", symbol: "ETH", decimals: 18, kind: .evmNative(chainID: chainID))
    /// The simulated stablecoin: 6 decimals like USDC, in a made-up contract.
    public static let usd = Asset(id: "USDT", symbol: "USDT", decimals: 6,
                                  kind: .erc20(contract: "0x7e57c0de00000000000000000000000000000001", chainID: chainID))

    /// The coin picker's options, in this order: BTC, ETH, the token.
    public static func options(currency: FiatCurrency, now: Date) -> [CoinOption] {
        func option(_ asset: Asset, _ network: String) -> CoinOption {
            CoinOption(asset: asset, network: network, policy: .defaults(for: asset), backend: .online,
                       rate: ExchangeRate(asset: asset, currency: currency, price: TrainingQuoteMaker.price(of: asset),
                                          source: "TRAINING fixed", time: now))
        }
        return [option(.btc, "Bitcoin (simulated, regtest addresses)"),
                option(eth, "Ethereum (simulated, chain \(chainID))"),
                option(usd, "USDT token (simulated, chain \(chainID))")]
    }
}
