import CSecp256k1

/// The few libsecp256k1 operations watch-only derivation needs: parse, tweak-add, serialize, BIP341 tweak.
/// Only public keys pass through here; no operation involves a secret.
enum Secp256k1 {
    /// One context for the process; libsecp256k1 contexts are safe to share for these const operations.
    private nonisolated(unsafe) static let context: OpaquePointer = secp256k1_context_create(UInt32(SECP256K1_CONTEXT_NONE))!

    private static func parse(_ compressed: [UInt8]) -> secp256k1_pubkey? {
        var point = secp256k1_pubkey()
        let ok = compressed.withUnsafeBufferPointer { secp256k1_ec_pubkey_parse(context, &point, $0.baseAddress!, $0.count) }
        return ok == 1 ? point : nil
    }

    private static func serialize(_ point: secp256k1_pubkey, compressed: Bool) -> [UInt8] {
        var point = point
        var out = [UInt8](repeating: 0, count: compressed ? 33 : 65)
        var length = out.count
        let flags = UInt32(compressed ? SECP256K1_EC_COMPRESSED : SECP256K1_EC_UNCOMPRESSED)
        _ = secp256k1_ec_pubkey_serialize(context, &out, &length, &point, flags)
        return out
    }

    /// True when `compressed` is a 33-byte SEC1 point on the curve (prefix 02/03).
    static func isValidCompressed(_ compressed: [UInt8]) -> Bool {
        compressed.count == 33 && (compressed[0] == 2 || compressed[0] == 3) && parse(compressed) != nil
    }

    /// `point + tweak·G` compressed, or nil when the tweak is ≥ n or the sum is infinity (BIP32: skip the index).
    static func tweakAdd(_ compressed: [UInt8], tweak: [UInt8]) -> [UInt8]? {
        guard var point = parse(compressed) else { return nil }
        let ok = tweak.withUnsafeBufferPointer { secp256k1_ec_pubkey_tweak_add(context, &point, $0.baseAddress!) }
        return ok == 1 ? serialize(point, compressed: true) : nil
    }

    /// The 65-byte uncompressed form (04 ‖ x ‖ y), as Ethereum hashes it.
    static func uncompressed(_ compressed: [UInt8]) -> [UInt8]? {
        parse(compressed).map { serialize($0, compressed: false) }
    }

    /// BIP86/BIP341 key-path output key: x-only(P + hash_TapTweak(x(P))·G), 32 bytes.
    static func taprootOutputKey(_ compressed: [UInt8]) -> [UInt8]? {
        guard let point = parse(compressed) else { return nil }
        var full = point
        var internalKey = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_from_pubkey(context, &internalKey, nil, &full) == 1 else { return nil }
        var internalBytes = [UInt8](repeating: 0, count: 32)
        _ = secp256k1_xonly_pubkey_serialize(context, &internalBytes, &internalKey)
        let tweak = Hashes.taggedHash("TapTweak", internalBytes)
        var tweaked = secp256k1_pubkey()
        guard secp256k1_xonly_pubkey_tweak_add(context, &tweaked, &internalKey, tweak) == 1 else { return nil }
        var output = secp256k1_xonly_pubkey()
        guard secp256k1_xonly_pubkey_from_pubkey(context, &output, nil, &tweaked) == 1 else { return nil }
        var outputBytes = [UInt8](repeating: 0, count: 32)
        _ = secp256k1_xonly_pubkey_serialize(context, &outputBytes, &output)
        return outputBytes
    }
}
