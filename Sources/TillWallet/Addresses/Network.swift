/// The coin a network belongs to; decides which key versions and address formats make sense.
public enum Coin: String, Hashable, Sendable, Codable {
    case bitcoin, litecoin, ethereum
}

/// A chain's address parameters: base58 version bytes, bech32 prefix, URI scheme and BIP44 coin type.
public struct Network: Hashable, Sendable, CustomStringConvertible {
    /// The name used in config and output ("bitcoin", "testnet", "signet", "regtest", "litecoin", ...).
    public let name: String
    public let coin: Coin
    /// True for test networks; they take tpub/vpub/upub keys instead of xpub/zpub/ypub.
    public let isTestnet: Bool
    /// First byte of P2PKH addresses (0 → "1…", 111 → "m/n…", 48 → "L…").
    public let p2pkhVersion: UInt8
    /// First byte of P2SH addresses (5 → "3…", 196 → "2…", 50 → "M…").
    public let p2shVersion: UInt8
    /// Human-readable part of segwit addresses ("bc", "tb", "bcrt", "ltc").
    public let bech32HRP: String
    /// Payment URI scheme ("bitcoin", "litecoin", "ethereum").
    public let uriScheme: String
    /// BIP44 coin type (0 bitcoin, 1 any testnet, 2 litecoin, 60 ethereum).
    public let coinType: UInt32

    public var description: String { name }

    public static let bitcoin = Network(name: "bitcoin", coin: .bitcoin, isTestnet: false, p2pkhVersion: 0, p2shVersion: 5,
                                        bech32HRP: "bc", uriScheme: "bitcoin", coinType: 0)
    public static let testnet = Network(name: "testnet", coin: .bitcoin, isTestnet: true, p2pkhVersion: 111, p2shVersion: 196,
                                        bech32HRP: "tb", uriScheme: "bitcoin", coinType: 1)
    /// Signet shares testnet's address formats.
    public static let signet = Network(name: "signet", coin: .bitcoin, isTestnet: true, p2pkhVersion: 111, p2shVersion: 196,
                                       bech32HRP: "tb", uriScheme: "bitcoin", coinType: 1)
    public static let regtest = Network(name: "regtest", coin: .bitcoin, isTestnet: true, p2pkhVersion: 111, p2shVersion: 196,
                                        bech32HRP: "bcrt", uriScheme: "bitcoin", coinType: 1)
    /// Litecoin Core chainparams: P2PKH 48, P2SH 50 ("M…"), bech32 "ltc".
    public static let litecoin = Network(name: "litecoin", coin: .litecoin, isTestnet: false, p2pkhVersion: 48, p2shVersion: 50,
                                         bech32HRP: "ltc", uriScheme: "litecoin", coinType: 2)
    public static let litecoinTestnet = Network(name: "litecoin-testnet", coin: .litecoin, isTestnet: true, p2pkhVersion: 111,
                                                p2shVersion: 58, bech32HRP: "tltc", uriScheme: "litecoin", coinType: 1)
    /// Ethereum and other EVM chains share one address format; the chain id lives in the asset and URI.
    public static let ethereum = Network(name: "ethereum", coin: .ethereum, isTestnet: false, p2pkhVersion: 0, p2shVersion: 0,
                                         bech32HRP: "", uriScheme: "ethereum", coinType: 60)

    /// Every network Till knows.
    public static let all: [Network] = [.bitcoin, .testnet, .signet, .regtest, .litecoin, .litecoinTestnet, .ethereum]

    /// The network called `name` (case-insensitive), or nil.
    public static func named(_ name: String) -> Network? {
        all.first { $0.name == name.lowercased() }
    }
}

/// How a public key becomes an address. The raw values are till.toml's `address_type` words, also `till addresses
/// --type`'s (one name in both places: `evm`, not `ethereum`).
public enum AddressType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Legacy pay-to-public-key-hash, BIP44 ("1…").
    case p2pkh
    /// P2WPKH nested in P2SH, BIP49 ("3…").
    case p2shP2wpkh = "p2sh-p2wpkh"
    /// Native segwit v0, BIP84 ("bc1q…").
    case p2wpkh
    /// Taproot key path with the BIP86 tweak ("bc1p…").
    case p2tr
    /// EVM accounts: last 20 bytes of Keccak-256 of the uncompressed key, EIP-55 checksummed.
    case evm

    /// The BIP43 purpose of the standard account path (44, 49, 84, 86; 44 for EVM accounts).
    public var purpose: UInt32 {
        switch self {
        case .p2pkh, .evm: 44
        case .p2shP2wpkh: 49
        case .p2wpkh: 84
        case .p2tr: 86
        }
    }

    /// Parses the config words ("p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr", "evm") and older aliases ("bip44/49/84/86",
    /// "segwit", "taproot", "ethereum", …).
    public init?(configName: String) {
        switch configName.lowercased() {
        case "p2pkh", "bip44", "legacy": self = .p2pkh
        case "p2sh-p2wpkh", "p2sh_p2wpkh", "bip49", "nested-segwit": self = .p2shP2wpkh
        case "p2wpkh", "bip84", "segwit", "native-segwit": self = .p2wpkh
        case "p2tr", "bip86", "taproot": self = .p2tr
        case "evm", "ethereum", "eth": self = .evm
        default: return nil
        }
    }

    /// The type implied by an extended key's prefix (SLIP-132; xpub, tpub and Ltub count as p2pkh) or a
    /// descriptor's outer function; nil when neither says.
    public static func inferred(fromWallet wallet: String) -> AddressType? {
        let text = wallet.trimmingWhitespace
        if text.contains("(") {
            if text.hasPrefix("sh(wpkh(") { return .p2shP2wpkh }
            if text.hasPrefix("wpkh(") { return .p2wpkh }
            if text.hasPrefix("pkh(") { return .p2pkh }
            if text.hasPrefix("tr(") { return .p2tr }
            return nil
        }
        switch text.prefix(4) {
        case "zpub", "vpub": return .p2wpkh
        case "ypub", "upub", "Mtub": return .p2shP2wpkh
        case "xpub", "tpub", "Ltub": return .p2pkh
        default: return nil
        }
    }
}
