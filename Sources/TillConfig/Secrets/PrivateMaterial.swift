/// Spending secrets that must never be in a till's config: the till is watch-only.
public enum PrivateMaterialKind: String, Sendable, Hashable, CaseIterable {
    case extendedPrivateKey = "an extended private key"
    case wif = "a WIF private key"
    case hexPrivateKey = "a 64-hex-digit private key"
    case seedPhrase = "a BIP39 seed phrase"
}

/// Finds private keys and seed phrases in text by shape and checksum, never echoing them.
public enum PrivateMaterial {
    /// Version prefixes of extended private keys (BIP32, SLIP-132, Litecoin).
    static let privatePrefixes = ["xprv", "yprv", "zprv", "Yprv", "Zprv", "tprv", "uprv", "vprv", "Uprv", "Vprv", "Ltpv", "Mtpv", "ttpv"]
    /// WIF version bytes: Bitcoin mainnet, testnets, Litecoin.
    static let wifVersions: Set<UInt8> = [0x80, 0xEF, 0xB0]
    static let seedPhraseLengths: Set<Int> = [12, 15, 18, 21, 24]

    /// What to do instead, shown with every refusal.
    public static let advice = "Till is watch-only: it never holds keys that can spend. Remove it (and treat it as exposed: "
        + "move the funds if this file was shared), then configure the wallet's account extended public key "
        + "(xpub/ypub/zpub, tpub/upub/vpub on test networks, Ltub/Mtub for Litecoin) or an output descriptor built "
        + "from it, e.g. wpkh([fingerprint/84h/0h/0h]xpub…/0/*), as exported by Sparrow, Electrum or Bitcoin Core's listdescriptors."

    /// The kind of private material in `text`, or nil. `allowHex` skips the bare-hex rule (RPC passwords are often hex).
    public static func find(in text: String, allowHex: Bool = false) -> PrivateMaterialKind? {
        if isSeedPhrase(text) { return .seedPhrase }
        let separators: Set<Character> = ["(", ")", "[", "]", "/", ",", "'", "\"", "<", ">", ";", "#", "=", "&", "?", ":", "@"]
        for token in text.split(whereSeparator: { $0.isWhitespace || separators.contains($0) }) {
            if isExtendedPrivateKey(token) { return .extendedPrivateKey }
            if isWIF(token) { return .wif }
            if !allowHex && isHexPrivateKey(token) { return .hexPrivateKey }
        }
        return nil
    }

    /// An xprv-style key: a private prefix and base58 of roughly the length of a 78-byte payload.
    static func isExtendedPrivateKey(_ token: Substring) -> Bool {
        guard privatePrefixes.contains(where: { token.hasPrefix($0) }), Base58.isBase58(token) else { return false }
        // Refuse even with a bad checksum: a mistyped private key is still a private key.
        return (100...115).contains(token.count)
    }

    /// Base58check with a WIF version byte and a 32-byte key (plus 0x01 when compressed).
    static func isWIF(_ token: Substring) -> Bool {
        guard (50...53).contains(token.count), Base58.isBase58(token), let payload = Base58.decodeChecked(token),
              let version = payload.first, wifVersions.contains(version) else { return false }
        return payload.count == 33 || (payload.count == 34 && payload.last == 0x01)
    }

    /// Exactly 64 hex digits (a raw secp256k1 secret), with or without 0x.
    static func isHexPrivateKey(_ token: Substring) -> Bool {
        let body = token.hasPrefix("0x") || token.hasPrefix("0X") ? token.dropFirst(2) : token
        return body.count == 64 && body.allSatisfy(\.isHexDigit)
    }

    /// 12/15/18/21/24 words, all from the BIP39 English list.
    static func isSeedPhrase(_ text: String) -> Bool {
        let words = text.lowercased().split(whereSeparator: { $0.isWhitespace || $0 == "," })
        guard seedPhraseLengths.contains(words.count) else { return false }
        return words.allSatisfy { BIP39English.set.contains(String($0)) }
    }
}
