import TillWallet

/// Spending secrets that must never be in a till's config: the till is watch-only.
public enum PrivateMaterialKind: String, Sendable, Hashable, CaseIterable {
    case extendedPrivateKey = "an extended private key"
    case wif = "a WIF private key"
    case hexPrivateKey = "a 64-hex-digit private key"
    case seedPhrase = "a BIP39 seed phrase"
    case electrumSeed = "an Electrum seed phrase"
}

/// What was found and a short, harmless preview of it (the kind's prefix, never the secret).
public struct PrivateMaterialFinding: Hashable, Sendable {
    public let kind: PrivateMaterialKind
    /// At most the first few characters ("xprv9s…", "abandon …").
    public let preview: String

    /// "an extended private key (xprv9s…)".
    public var description: String { "\(kind.rawValue) (\(preview))" }
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
        scan(text, allowHex: allowHex)?.kind
    }

    /// Characters that end a key-shaped token (besides whitespace).
    static let separators: Set<Character> = ["(", ")", "[", "]", "/", ",", "'", "\"", "<", ">", ";", "#", "=", "&", "?", ":",
                                             "@", ".", "{", "}", "`", "|", "\\"]

    /// The first private material in `text` (values, key names, comments, several lines at once), with a preview
    /// that shows at most a key's prefix or a phrase's first word.
    public static func scan(_ text: String, allowHex: Bool = false) -> PrivateMaterialFinding? {
        if let words = seedRun(in: text) {
            return PrivateMaterialFinding(kind: .seedPhrase, preview: "\(words.count) words, \"\(words[0]) …\"")
        }
        if let first = electrumOldSeed(text) {
            return PrivateMaterialFinding(kind: .electrumSeed, preview: "12 words, \"\(first) …\"")
        }
        let tokens = text.split(whereSeparator: { $0.isWhitespace || separators.contains($0) })
        for (index, token) in tokens.enumerated() {
            if isExtendedPrivateKey(token) { return PrivateMaterialFinding(kind: .extendedPrivateKey, preview: preview(token)) }
            // A key wrapped over lines (or split by a quote and a space): join the next pieces while it could fit.
            if privatePrefixes.contains(where: { token.hasPrefix($0) }), token.count < 100 {
                var joined = String(token)
                for next in tokens.dropFirst(index + 1) {
                    joined += next
                    if isExtendedPrivateKey(Substring(joined)) {
                        return PrivateMaterialFinding(kind: .extendedPrivateKey, preview: preview(token))
                    }
                    if joined.count > 115 { break }
                }
            }
            if isWIF(token) { return PrivateMaterialFinding(kind: .wif, preview: preview(token)) }
            if !allowHex && isHexPrivateKey(token) { return PrivateMaterialFinding(kind: .hexPrivateKey, preview: preview(token)) }
        }
        return nil
    }

    /// The first characters of a token, enough to recognise what it was, never enough to use.
    static func preview(_ token: Substring) -> String { String(token.prefix(4)) + "…" }

    /// The longest run of BIP39 words when it is 12 or more (any separators: spaces, hyphens, commas, lines,
    /// text around it), else nil. 13 or 25 words are a phrase plus a passphrase word, or a typo: still refused.
    static func seedRun(in text: String) -> [String]? {
        var best: [String] = [], run: [String] = []
        for word in text.lowercased().split(whereSeparator: { !$0.isLetter }) {
            if BIP39English.set.contains(String(word)) { run.append(String(word)) } else {
                if run.count > best.count { best = run }
                run = []
            }
        }
        if run.count > best.count { best = run }
        return best.count >= 12 ? best : nil
    }

    /// An old (pre-2.0) Electrum seed: exactly 12 plain lower-case words from its own 1626-word list, most of which
    /// are also BIP39 words. Recognised as 12 plain words with at least half of them BIP39 words and nothing else.
    static func electrumOldSeed(_ text: String) -> String? {
        let words = text.split(whereSeparator: \.isWhitespace)
        guard words.count == 12, words.allSatisfy({ $0.allSatisfy { $0.isASCII && $0.isLowercase && $0.isLetter } }) else { return nil }
        let known = words.filter { BIP39English.set.contains(String($0)) }.count
        return known >= 6 ? String(words[0]) : nil
    }

    /// An xprv-style key: a private prefix and base58 of roughly the length of a 78-byte payload.
    static func isExtendedPrivateKey(_ token: Substring) -> Bool {
        guard privatePrefixes.contains(where: { token.hasPrefix($0) }), Base58.decode(String(token)) != nil else { return false }
        // Refuse even with a bad checksum: a mistyped private key is still a private key.
        return (100...115).contains(token.count)
    }

    /// Base58check with a WIF version byte and a 32-byte key (plus 0x01 when compressed).
    static func isWIF(_ token: Substring) -> Bool {
        guard (50...53).contains(token.count), let payload = try? Base58.decodeCheck(String(token), what: "key"),
              let version = payload.first, wifVersions.contains(version) else { return false }
        return payload.count == 33 || (payload.count == 34 && payload.last == 0x01)
    }

    /// Exactly 64 hex digits (a raw secp256k1 secret), with or without 0x.
    static func isHexPrivateKey(_ token: Substring) -> Bool {
        let body = token.hasPrefix("0x") || token.hasPrefix("0X") ? token.dropFirst(2) : token
        return body.count == 64 && body.allSatisfy(\.isHexDigit)
    }

    /// 12 or more BIP39 words in a row.
    static func isSeedPhrase(_ text: String) -> Bool { seedRun(in: text) != nil }
}
