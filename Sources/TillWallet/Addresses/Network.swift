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

/// How a public key becomes an address.
public enum AddressType: String, Hashable, Sendable, Codable, CaseIterable {
    /// Legacy pay-to-public-key-hash, BIP44 ("1…").
    case p2pkh
    /// P2WPKH nested in P2SH, BIP49 ("3…").
    case p2shP2wpkh = "p2sh-p2wpkh"
    /// Native segwit v0, BIP84 ("bc1q…").
    case p2wpkh
    /// Taproot key path with the BIP86 tweak ("bc1p…").
    case p2tr
    /// Ethereum: last 20 bytes of Keccak-256 of the uncompressed key, EIP-55 checksummed.
    case ethereum

    /// The BIP43 purpose of the standard account path (44, 49, 84, 86; 44 for Ethereum).
    public var purpose: UInt32 {
        switch self {
        case .p2pkh, .ethereum: 44
        case .p2shP2wpkh: 49
        case .p2wpkh: 84
        case .p2tr: 86
        }
    }

    /// Parses the names used in config: "p2pkh", "p2sh-p2wpkh", "p2wpkh", "p2tr", "ethereum" (also "bip44/49/84/86").
    public init?(configName: String) {
        switch configName.lowercased() {
        case "p2pkh", "bip44", "legacy": self = .p2pkh
        case "p2sh-p2wpkh", "p2sh_p2wpkh", "bip49", "nested-segwit": self = .p2shP2wpkh
        case "p2wpkh", "bip84", "segwit", "native-segwit": self = .p2wpkh
        case "p2tr", "bip86", "taproot": self = .p2tr
        case "ethereum", "eth", "evm": self = .ethereum
        default: return nil
        }
    }
}
