/// Bech32 (BIP173) and Bech32m (BIP350) strings and segwit addresses.
public enum Bech32 {
    /// Which checksum constant the string uses.
    public enum Variant: Sendable, Hashable {
        /// BIP173, witness version 0.
        case bech32
        /// BIP350, witness versions 1 to 16.
        case bech32m

        var constant: UInt32 { self == .bech32 ? 1 : 0x2bc8_30a3 }
    }

    static let charset: [UInt8] = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, char) in charset.enumerated() { table[Int(char)] = Int8(index) }
        return table
    }()

    static func polymod(_ values: [UInt8]) -> UInt32 {
        let generator: [UInt32] = [0x3b6a_57b2, 0x2650_8e6d, 0x1ea1_19fa, 0x3d42_33dd, 0x2a14_62b3]
        var check: UInt32 = 1
        for value in values {
            let top = check >> 25
            check = (check & 0x1ff_ffff) << 5 ^ UInt32(value)
            for index in 0..<5 where (top >> index) & 1 == 1 { check ^= generator[index] }
        }
        return check
    }

    private static func expand(_ hrp: [UInt8]) -> [UInt8] { hrp.map { $0 >> 5 } + [0] + hrp.map { $0 & 31 } }

    /// Lower-case bech32/bech32m text of `hrp` and 5-bit `data`.
    public static func encode(hrp: String, data: [UInt8], variant: Variant) -> String {
        let hrpBytes = Array(hrp.lowercased().utf8)
        let mod = polymod(expand(hrpBytes) + data + [0, 0, 0, 0, 0, 0]) ^ variant.constant
        let checksum = (0..<6).map { UInt8((mod >> (5 * (5 - $0))) & 31) }
        return String(decoding: hrpBytes + [UInt8(ascii: "1")] + (data + checksum).map { charset[Int($0)] }, as: UTF8.self)
    }

    /// Splits bech32/bech32m text into its human-readable part, 5-bit data (without checksum) and variant.
    public static func decode(_ text: String) throws(WalletError) -> (hrp: String, data: [UInt8], variant: Variant) {
        let utf8 = Array(text.utf8)
        guard utf8.count <= 90 else { throw WalletError(.badEncoding, "'\(text)' is longer than the 90 characters bech32 allows") }
        guard utf8.allSatisfy({ $0 >= 33 && $0 <= 126 }) else {
            throw WalletError(.badEncoding, "'\(text)' contains characters bech32 does not allow")
        }
        let hasLower = utf8.contains { $0 >= 97 && $0 <= 122 }, hasUpper = utf8.contains { $0 >= 65 && $0 <= 90 }
        guard !(hasLower && hasUpper) else { throw WalletError(.badEncoding, "'\(text)' mixes upper and lower case, which bech32 forbids") }
        let lower = utf8.map { $0 >= 65 && $0 <= 90 ? $0 + 32 : $0 }
        guard let separator = lower.lastIndex(of: UInt8(ascii: "1")), separator >= 1, lower.count - separator - 1 >= 6 else {
            throw WalletError(.badEncoding, "'\(text)' has no bech32 separator '1' followed by a 6-character checksum")
        }
        let hrp = Array(lower[..<separator])
        var data: [UInt8] = []
        for char in lower[(separator + 1)...] {
            let value = char < 128 ? reverse[Int(char)] : -1
            guard value >= 0 else {
                throw WalletError(.badEncoding, "'\(text)' contains '\(Character(Unicode.Scalar(char)))', which is not in the bech32 alphabet")
            }
            data.append(UInt8(value))
        }
        let variant: Variant
        switch polymod(expand(hrp) + data) {
        case Variant.bech32.constant: variant = .bech32
        case Variant.bech32m.constant: variant = .bech32m
        default: throw WalletError(.badChecksum, "'\(text)' has a wrong bech32 checksum: it was probably mistyped")
        }
        return (String(decoding: hrp, as: UTF8.self), Array(data.dropLast(6)), variant)
    }

    /// Regroups bits (8 → 5 with padding, or 5 → 8 strictly); nil when the input has invalid padding.
    static func convertBits(_ data: [UInt8], from: Int, to: Int, pad: Bool) -> [UInt8]? {
        var accumulator = 0, bits = 0
        var out: [UInt8] = []
        let maxValue = (1 << to) - 1
        for value in data {
            guard Int(value) >> from == 0 else { return nil }
            accumulator = (accumulator << from) | Int(value)
            bits += from
            while bits >= to {
                bits -= to
                out.append(UInt8((accumulator >> bits) & maxValue))
            }
        }
        if pad {
            if bits > 0 { out.append(UInt8((accumulator << (to - bits)) & maxValue)) }
        } else if bits >= from || ((accumulator << (to - bits)) & maxValue) != 0 {
            return nil
        }
        return out
    }

    /// A segwit address: version 0 uses bech32, later versions bech32m (BIP350).
    public static func encodeSegwit(hrp: String, version: UInt8, program: [UInt8]) -> String {
        let data = [version] + (convertBits(program, from: 8, to: 5, pad: true) ?? [])
        return encode(hrp: hrp, data: data, variant: version == 0 ? .bech32 : .bech32m)
    }

    /// Witness version and program of a segwit address for `hrp`, checked per BIP173/BIP350.
    public static func decodeSegwit(hrp expected: String, address: String) throws(WalletError) -> (version: UInt8, program: [UInt8]) {
        let (hrp, data, variant) = try decode(address)
        guard hrp == expected else {
            throw WalletError(.networkMismatch, "address '\(address)' is for '\(hrp)', expected an address starting with '\(expected)1'")
        }
        guard let version = data.first, version <= 16 else {
            throw WalletError(.badAddress, "address '\(address)' has no valid witness version")
        }
        guard let program = convertBits(Array(data.dropFirst()), from: 5, to: 8, pad: false),
              (2...40).contains(program.count) else {
            throw WalletError(.badAddress, "address '\(address)' has a witness program of invalid length")
        }
        guard version != 0 || program.count == 20 || program.count == 32 else {
            throw WalletError(.badAddress, "address '\(address)' is witness version 0 but its program is \(program.count) bytes, not 20 or 32")
        }
        guard (version == 0) == (variant == .bech32) else {
            throw WalletError(.badChecksum, "address '\(address)' uses \(variant == .bech32 ? "bech32" : "bech32m") for witness version \(version); "
                + "version 0 must use bech32 and later versions bech32m (BIP350)")
        }
        return (version, program)
    }
}
