import TillCore

/// A BIP32 extended public key (depth, parent fingerprint, child number, chain code, compressed point).
public struct ExtendedPublicKey: Hashable, Sendable {
    /// Index at and above which children are hardened (need the private key).
    public static let hardenedOffset: UInt32 = 0x8000_0000

    /// The version bytes it was read with (xpub, zpub, Ltub, ...).
    public let version: UInt32
    public let depth: UInt8
    public let parentFingerprint: UInt32
    public let childNumber: UInt32
    public let chainCode: [UInt8]
    /// 33-byte compressed SEC1 point.
    public let publicKey: [UInt8]

    init(version: UInt32, depth: UInt8, parentFingerprint: UInt32, childNumber: UInt32, chainCode: [UInt8], publicKey: [UInt8]) {
        self.version = version
        self.depth = depth
        self.parentFingerprint = parentFingerprint
        self.childNumber = childNumber
        self.chainCode = chainCode
        self.publicKey = publicKey
    }

    /// Parses base58check xpub/ypub/zpub/tpub/upub/vpub/Ltub/Mtub/ttub; refuses private keys and invalid keys
    /// (BIP32 test vector 5) with a message that says what is wrong.
    public init(parsing text: String) throws(WalletError) {
        let trimmed = text.trimmingWhitespace
        let short = trimmed.count > 12 ? String(trimmed.prefix(8)) + "…" : trimmed
        if let privateVersion = KeyVersion.all.first(where: { $0.isPrivate && trimmed.hasPrefix($0.prefix) }) {
            throw WalletError.privateMaterial("'\(short)' (an \(privateVersion.prefix) extended private key)")
        }
        let payload = try Base58.decodeCheck(trimmed, what: "extended public key")
        guard payload.count == 78 else {
            throw WalletError(.invalidKey, "extended public key '\(short)' is \(payload.count) bytes after decoding, expected 78")
        }
        let version = UInt32(bigEndianBytes: payload[0..<4])
        guard let known = KeyVersion.lookup(version) else {
            throw WalletError(.invalidKey, "extended key '\(short)' has unknown version bytes 0x\(payload[0..<4].map { $0 }.hex); "
                + "expected an xpub, ypub, zpub, tpub, upub, vpub, Ltub, Mtub or ttub")
        }
        if known.isPrivate { throw WalletError.privateMaterial("'\(short)' (an \(known.prefix) extended private key)") }
        if known.isMultisig {
            throw WalletError(.unsupported, "'\(short)' is a \(known.prefix) multisig key; Till watches single-key wallets only")
        }
        let depth = payload[4]
        let parent = UInt32(bigEndianBytes: payload[5..<9])
        let child = UInt32(bigEndianBytes: payload[9..<13])
        if depth == 0 && parent != 0 {
            throw WalletError(.invalidKey, "extended public key '\(short)' has depth 0 but a non-zero parent fingerprint")
        }
        if depth == 0 && child != 0 {
            throw WalletError(.invalidKey, "extended public key '\(short)' has depth 0 but a non-zero child index")
        }
        let key = Array(payload[45..<78])
        guard key[0] == 2 || key[0] == 3 else {
            if key[0] == 0 {
                throw WalletError.privateMaterial("'\(short)' (it carries a private key under public version bytes)")
            }
            throw WalletError(.invalidKey, "extended public key '\(short)' has key prefix 0x\([key[0]].hex); a compressed public key starts with 02 or 03")
        }
        guard Secp256k1.isValidCompressed(key) else {
            throw WalletError(.invalidKey, "extended public key '\(short)' holds \(key.hex), which is not a point on secp256k1")
        }
        self.init(version: version, depth: depth, parentFingerprint: parent, childNumber: child,
                  chainCode: Array(payload[13..<45]), publicKey: key)
    }

    /// The SLIP-132 prefix it was written with ("xpub", "zpub", ...).
    public var versionPrefix: String { KeyVersion.lookup(version)?.prefix ?? "xpub" }

    /// Base58check text, with its own version bytes or those of `prefix` ("xpub", "tpub", ...).
    public func serialized(as prefix: String? = nil) -> String {
        let bytes = prefix.flatMap { KeyVersion.named($0)?.bytes } ?? version
        return Base58.encodeCheck(bytes.bigEndianBytes + [depth] + parentFingerprint.bigEndianBytes + childNumber.bigEndianBytes
            + chainCode + publicKey)
    }

    /// First 4 bytes of HASH160 of the public key (the fingerprint children record as their parent).
    public var fingerprint: UInt32 { UInt32(bigEndianBytes: Hashes.hash160(publicKey).prefix(4)) }

    /// CKDpub: the non-hardened child `index`.
    public func child(_ index: UInt32) throws(WalletError) -> ExtendedPublicKey {
        try child(index, ownFingerprint: fingerprint)
    }

    /// CKDpub with this key's fingerprint already known (callers deriving many siblings compute it once).
    func child(_ index: UInt32, ownFingerprint: UInt32) throws(WalletError) -> ExtendedPublicKey {
        guard index < Self.hardenedOffset else {
            throw WalletError(.unsupported, "cannot derive hardened child \(index - Self.hardenedOffset)' from a public key; "
                + "export the extended public key at the last hardened step instead")
        }
        guard depth < 255 else { throw WalletError(.derivation, "extended key is already at the maximum depth 255") }
        let digest = Hashes.hmacSHA512(key: chainCode, data: publicKey + index.bigEndianBytes)
        guard let childKey = Secp256k1.tweakAdd(publicKey, tweak: Array(digest[0..<32])) else {
            // Probability below 2^-127; BIP32 says to proceed with the next index.
            throw WalletError(.derivation, "child \(index) is invalid by BIP32 (IL ≥ n or point at infinity); use the next index")
        }
        return ExtendedPublicKey(version: version, depth: depth + 1, parentFingerprint: ownFingerprint, childNumber: index,
                                 chainCode: Array(digest[32..<64]), publicKey: childKey)
    }

    /// Follows non-hardened `path` from this key.
    public func derive(_ path: [UInt32]) throws(WalletError) -> ExtendedPublicKey {
        var key = self
        for index in path { key = try key.child(index) }
        return key
    }
}

extension String {
    /// Without leading and trailing whitespace and newlines (pasted keys often carry them).
    var trimmingWhitespace: String {
        var slice = Substring(self)
        while slice.first?.isWhitespace == true { slice = slice.dropFirst() }
        while slice.last?.isWhitespace == true { slice = slice.dropLast() }
        return String(slice)
    }
}
