import COpenSSL
import Crypto

/// The hash functions of Bitcoin and Ethereum: SHA-256 and HMAC-SHA512 from swift-crypto,
/// RIPEMD-160 from the system libcrypto (swift-crypto has none) or else `RIPEMD160`, Keccak-256 in `Keccak`.
public enum Hashes {
    /// SHA-256 of `data`.
    public static func sha256(_ data: [UInt8]) -> [UInt8] { Array(SHA256.hash(data: data)) }

    /// SHA-256 applied twice (base58check checksums).
    public static func doubleSHA256(_ data: [UInt8]) -> [UInt8] { sha256(sha256(data)) }

    /// HMAC-SHA512 of `data` under `key` (BIP32 child derivation).
    public static func hmacSHA512(key: [UInt8], data: [UInt8]) -> [UInt8] {
        Array(HMAC<SHA512>.authenticationCode(for: data, using: SymmetricKey(data: key)))
    }

    /// BIP340 tagged hash: SHA-256(SHA-256(tag) ‖ SHA-256(tag) ‖ data).
    public static func taggedHash(_ tag: String, _ data: [UInt8]) -> [UInt8] {
        let tagHash = sha256(Array(tag.utf8))
        return sha256(tagHash + tagHash + data)
    }

    /// The RIPEMD-160 algorithm, fetched once; immutable and safe to share between threads. Nil when no loaded
    /// provider has it: OpenSSL 3.0.0–3.0.6 keep it in the legacy provider only (3.0.7 put it back in the default
    /// one), and a libcrypto may be built or configured without it.
    private nonisolated(unsafe) static let ripemd160Algorithm: OpaquePointer? = EVP_MD_fetch(nil, "RIPEMD160", nil)

    /// RIPEMD-160 of `data`: libcrypto's when it has one, else the Swift `RIPEMD160`.
    public static func ripemd160(_ data: [UInt8]) -> [UInt8] {
        libcryptoRIPEMD160(data) ?? RIPEMD160.hash(data)
    }

    /// RIPEMD-160 of `data` by libcrypto, or nil when it has no RIPEMD-160 (or the digest fails).
    static func libcryptoRIPEMD160(_ data: [UInt8]) -> [UInt8]? {
        guard let algorithm = ripemd160Algorithm else { return nil }
        var digest = [UInt8](repeating: 0, count: 20)
        var length: UInt32 = 0
        let ok = data.withUnsafeBytes { input in
            EVP_Digest(input.baseAddress, input.count, &digest, &length, algorithm, nil)
        }
        return ok == 1 && length == 20 ? digest : nil
    }

    /// RIPEMD-160 of SHA-256: the 20-byte key and script hash of addresses.
    public static func hash160(_ data: [UInt8]) -> [UInt8] { ripemd160(sha256(data)) }
}
