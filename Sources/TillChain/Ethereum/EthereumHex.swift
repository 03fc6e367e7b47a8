import Foundation
import BigInt
import TillCore

/// Hex quantities, addresses, topics and the little ABI decoding Till needs (uint256 and string returns).
public enum EthereumHex {
    /// keccak256("Transfer(address,address,uint256)"): topic 0 of every ERC-20 Transfer log.
    public static let transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef"
    /// Selector of `decimals()`.
    public static let decimalsSelector = "0x313ce567"
    /// Selector of `symbol()`.
    public static let symbolSelector = "0x95d89b41"
    /// Selector of `balanceOf(address)`.
    public static let balanceOfSelector = "0x70a08231"

    /// "0x1a" → 26; nil unless "0x" followed by 1–64 hex digits.
    public static func quantity(_ text: String) -> BigUInt? {
        guard text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        let digits = text.dropFirst(2)
        guard !digits.isEmpty, digits.count <= 64, digits.allSatisfy(\.isHexDigit) else { return nil }
        return BigUInt(digits, radix: 16)
    }

    /// A quantity that fits in Int (block numbers, indexes).
    public static func int(_ text: String) -> Int? {
        guard let value = quantity(text), value <= BigUInt(Int.max) else { return nil }
        return Int(value)
    }

    /// 26 → "0x1a" (JSON-RPC quantities have no leading zeros).
    public static func quantityText<T: BinaryInteger>(_ value: T) -> String { "0x" + String(value, radix: 16) }

    /// The lower-case "0x…" form of a 20-byte address, or nil if `text` is not one. Case is not checked here:
    /// EIP-55 checksums are TillWallet's job before an address reaches a watcher.
    public static func normalizedAddress(_ text: String) -> String? {
        guard text.count == 42, text.hasPrefix("0x") || text.hasPrefix("0X") else { return nil }
        let digits = text.dropFirst(2)
        guard digits.allSatisfy(\.isHexDigit) else { return nil }
        return "0x" + digits.lowercased()
    }

    /// True for "0x" + 64 hex digits (transaction and block hashes, topics).
    public static func isHash(_ text: String) -> Bool {
        text.count == 66 && text.hasPrefix("0x") && text.dropFirst(2).allSatisfy(\.isHexDigit)
    }

    /// The 32-byte topic holding `address` (left-padded with zeros), lower case.
    public static func addressTopic(_ normalized: String) -> String {
        "0x" + String(repeating: "0", count: 24) + normalized.dropFirst(2)
    }

    /// The address in the low 20 bytes of a 32-byte topic whose high 12 bytes are zero, lower case.
    public static func address(fromTopic topic: String) -> String? {
        guard isHash(topic) else { return nil }
        let digits = topic.dropFirst(2).lowercased()
        guard digits.prefix(24).allSatisfy({ $0 == "0" }) else { return nil }
        return "0x" + digits.dropFirst(24)
    }

    /// Calldata for `balanceOf(address)`.
    public static func balanceOfCall(_ normalized: String) -> String {
        balanceOfSelector + String(repeating: "0", count: 24) + normalized.dropFirst(2)
    }

    /// Decodes an ABI `uint256` return value (exactly one 32-byte word).
    public static func decodeUInt256(_ data: String) -> BigUInt? {
        let bytes = try? bytes(data)
        guard let bytes, bytes.count == 32 else { return nil }
        return BigUInt(Data(bytes))
    }

    /// Decodes an ABI `string` return value (offset word, length word, UTF-8 bytes). Old tokens (MKR) return
    /// `bytes32` instead; that form is accepted too, trailing zero bytes removed.
    public static func decodeString(_ data: String) -> String? {
        guard let bytes = try? bytes(data) else { return nil }
        if bytes.count == 32 {
            let trimmed = bytes.prefix { $0 != 0 }
            return String(bytes: trimmed, encoding: .utf8)
        }
        guard bytes.count >= 64, let offset = smallWord(bytes, at: 0), offset <= bytes.count - 32,
              let length = smallWord(bytes, at: offset), offset + 32 + length <= bytes.count
        else { return nil }
        return String(bytes: bytes[(offset + 32)..<(offset + 32 + length)], encoding: .utf8)
    }

    /// "0x…" → bytes; throws on odd length or non-hex.
    public static func bytes(_ text: String) throws(EthereumRPCError) -> [UInt8] {
        guard text.hasPrefix("0x") else { throw .invalidArgument("\"\(text.prefix(20))\" is not 0x-prefixed hex") }
        let digits = Array(text.utf8.dropFirst(2))
        guard digits.count % 2 == 0 else { throw .invalidArgument("hex \"\(text.prefix(20))…\" has an odd length") }
        guard let bytes = Hex.decode(String(decoding: digits, as: UTF8.self)) else {
            throw .invalidArgument("\"\(text.prefix(20))…\" is not hex")
        }
        return bytes
    }

    /// A 32-byte word at `offset` that must fit in a small Int (ABI offsets and lengths).
    private static func smallWord(_ bytes: [UInt8], at offset: Int) -> Int? {
        guard offset + 32 <= bytes.count else { return nil }
        let value = BigUInt(Data(bytes[offset..<(offset + 32)]))
        guard value <= BigUInt(1 << 24) else { return nil }
        return Int(value)
    }
}
