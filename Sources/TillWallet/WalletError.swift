import TillCore

/// Why a key, descriptor, address or payment URI was refused; `message` is written for the merchant.
public struct WalletError: Error, UserFacingError, Hashable, Sendable, CustomStringConvertible {
    /// The broad reason, for code that reacts differently (tests, the config loader).
    public enum Kind: String, Hashable, Sendable {
        /// Text is not valid base58, bech32, hex or percent-encoding.
        case badEncoding
        /// A base58check, bech32 or descriptor checksum does not match.
        case badChecksum
        /// Private key material was offered; the till is watch-only.
        case privateMaterial
        /// An extended key that decodes but is not a valid BIP32 public key.
        case invalidKey
        /// Valid input the till does not handle (multisig, hardened steps after an xpub, script trees).
        case unsupported
        /// A descriptor that does not follow BIP-380/381/382/386.
        case badDescriptor
        /// The key, address or URI belongs to another network or coin than configured.
        case networkMismatch
        /// An address that is not valid for the network.
        case badAddress
        /// A payment URI that does not follow BIP21/BIP321 or EIP-681.
        case badURI
        /// A derivation index out of range or an (astronomically unlikely) invalid child.
        case derivation
    }

    public let kind: Kind
    /// A sentence that names the field and what was expected.
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The standard refusal of secrets: the till only ever sees public keys.
    static func privateMaterial(_ what: String) -> WalletError {
        WalletError(.privateMaterial, "\(what) is private key material; Till is watch-only and never holds private keys: "
            + "export the account's extended public key (xpub/ypub/zpub/tpub/vpub/Ltub) or a public descriptor instead")
    }
}
