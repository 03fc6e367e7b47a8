/// What kind of chain an asset lives on; decides address types, URIs and the backend.
public enum AssetKind: Hashable, Sendable, Codable {
    /// Bitcoin and its relatives (UTXO chains): BTC, LTC.
    case utxo
    /// The native coin of an EVM chain (ETH on chain `chainID`).
    case evmNative(chainID: UInt64)
    /// An ERC-20 token: its contract (EIP-55 text) on chain `chainID`.
    case erc20(contract: String, chainID: UInt64)
}

/// A crypto asset and its base unit: BTC has 8 decimals (sats), ETH 18 (wei), tokens as configured.
public struct Asset: Hashable, Sendable, Codable, CustomStringConvertible {
    /// The till's id for the coin, unique in a config ("BTC", "USDC-base").
    public let id: String
    /// Ticker shown to people ("BTC").
    public let symbol: String
    /// Digits of the base unit (BTC 8).
    public let decimals: Int
    public let kind: AssetKind

    public init(id: String, symbol: String, decimals: Int, kind: AssetKind) {
        self.id = id
        self.symbol = symbol
        self.decimals = decimals
        self.kind = kind
    }

    public var description: String { id }

    public static let btc = Asset(id: "BTC", symbol: "BTC", decimals: 8, kind: .utxo)
    public static let ltc = Asset(id: "LTC", symbol: "LTC", decimals: 8, kind: .utxo)
    public static let eth = Asset(id: "ETH", symbol: "ETH", decimals: 18, kind: .evmNative(chainID: 1))

    /// The coins every ledger may hold without a `[[coin]]` naming them (training, older configs): reports and
    /// exports know their decimals from here.
    public static let builtIn: [Asset] = [.btc, .ltc, .eth]
}
