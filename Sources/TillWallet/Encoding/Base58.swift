/// Base58 and Base58Check (Bitcoin alphabet), used by extended keys and legacy addresses.
public enum Base58 {
    static let alphabet: [UInt8] = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    private static let reverse: [Int8] = {
        var table = [Int8](repeating: -1, count: 128)
        for (index, char) in alphabet.enumerated() { table[Int(char)] = Int8(index) }
        return table
    }()

    /// Base58 text of `bytes`; each leading zero byte becomes a leading "1".
    public static func encode(_ bytes: [UInt8]) -> String {
        let zeros = bytes.prefix { $0 == 0 }.count
        // Big-number division by 58, little-endian digits.
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count * 138 / 100 + 1)
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            for index in digits.indices {
                carry += Int(digits[index]) << 8
                digits[index] = UInt8(carry % 58)
                carry /= 58
            }
            while carry > 0 {
                digits.append(UInt8(carry % 58))
                carry /= 58
            }
        }
        let text = [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[Int($0)] }
        return String(decoding: text, as: UTF8.self)
    }

    /// Bytes of base58 text, or nil when a character is outside the alphabet.
    public static func decode(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        let zeros = utf8.prefix { $0 == alphabet[0] }.count
        var bytes: [UInt8] = []
        for char in utf8[zeros...] {
            guard char < 128 else { return nil }
            let digit = reverse[Int(char)]
            guard digit >= 0 else { return nil }
            var carry = Int(digit)
            for index in bytes.indices {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }

    /// Base58 of `payload` followed by the first 4 bytes of its double SHA-256.
    public static func encodeCheck(_ payload: [UInt8]) -> String {
        encode(payload + Hashes.doubleSHA256(payload).prefix(4))
    }

    /// The payload of base58check text; `what` names the field in the error ("extended key", "address").
    public static func decodeCheck(_ text: String, what: String) throws(WalletError) -> [UInt8] {
        guard !text.isEmpty, let bytes = decode(text) else {
            throw WalletError(.badEncoding, "\(what) '\(text)' is not base58: it may only use 1-9, A-Z and a-z without 0, O, I and l")
        }
        guard bytes.count > 4 else { throw WalletError(.badEncoding, "\(what) '\(text)' is too short to be base58check") }
        let payload = Array(bytes.dropLast(4))
        guard Array(Hashes.doubleSHA256(payload).prefix(4)) == Array(bytes.suffix(4)) else {
            throw WalletError(.badChecksum, "\(what) '\(text)' has a wrong base58check checksum: it was probably mistyped or truncated")
        }
        return payload
    }
}
