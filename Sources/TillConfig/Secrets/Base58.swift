import Crypto

/// Bitcoin's base58 and base58check, only as far as recognising keys that must not be in a config.
enum Base58 {
    static let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

    static func isBase58(_ text: Substring) -> Bool { !text.isEmpty && text.allSatisfy(alphabet.contains) }

    /// Decodes base58 text to bytes (leading "1"s become zero bytes); nil on a character outside the alphabet.
    static func decode(_ text: Substring) -> [UInt8]? {
        var bytes: [UInt8] = []   // big-endian magnitude
        for character in text {
            guard let position = alphabet.firstIndex(of: character) else { return nil }
            var carry = position
            for index in bytes.indices.reversed() {
                carry += Int(bytes[index]) * 58
                bytes[index] = UInt8(carry & 0xFF)
                carry >>= 8
            }
            while carry > 0 { bytes.insert(UInt8(carry & 0xFF), at: 0); carry >>= 8 }
        }
        let zeros = text.prefix(while: { $0 == "1" }).count
        return Array(repeating: 0, count: zeros) + bytes
    }

    /// The payload of base58check text whose 4-byte double-SHA-256 checksum is right; nil otherwise.
    static func decodeChecked(_ text: Substring) -> [UInt8]? {
        guard let bytes = decode(text), bytes.count > 4 else { return nil }
        let payload = Array(bytes.dropLast(4))
        let checksum = Array(SHA256.hash(data: Array(SHA256.hash(data: payload)))).prefix(4)
        return Array(bytes.suffix(4)) == Array(checksum) ? payload : nil
    }
}

extension Base58 {
    /// Base58check text of `payload` (used by tests to build key-shaped vectors from public ones).
    static func encodeChecked(_ payload: [UInt8]) -> String {
        let bytes = payload + Array(SHA256.hash(data: Array(SHA256.hash(data: payload)))).prefix(4)
        var digits: [Int] = []   // little-endian base-58 digits
        for byte in bytes {
            var carry = Int(byte)
            for index in digits.indices {
                carry += digits[index] << 8
                digits[index] = carry % 58
                carry /= 58
            }
            while carry > 0 { digits.append(carry % 58); carry /= 58 }
        }
        let zeros = bytes.prefix(while: { $0 == 0 }).count
        return String(repeating: "1", count: zeros) + String(digits.reversed().map { alphabet[$0] })
    }
}
