import TillCore

/// Ethereum addresses: Keccak-256 of the uncompressed key, and the EIP-55 mixed-case checksum.
public enum EthereumAddress {
    /// The EIP-55 address of a 33-byte compressed public key.
    static func address(publicKey: [UInt8]) -> String? {
        guard let full = Secp256k1.uncompressed(publicKey) else { return nil }
        return checksummed(Array(Keccak.hash256(Array(full.dropFirst())).suffix(20)))
    }

    /// EIP-55 text of 20 address bytes: hex letters upper-cased where the hash of the lower-case hex has a nibble ≥ 8.
    public static func checksummed(_ bytes: [UInt8]) -> String {
        let lower = Array(bytes.hex.utf8)
        let hash = Keccak.hash256(lower)
        var out = Array("0x".utf8)
        for (index, char) in lower.enumerated() {
            let nibble = index % 2 == 0 ? hash[index / 2] >> 4 : hash[index / 2] & 0x0f
            out.append(char >= UInt8(ascii: "a") && nibble >= 8 ? char - 32 : char)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// The 20 bytes of "0x…" text; mixed case must match EIP-55, all-lower or all-upper is accepted unchecked.
    public static func parse(_ text: String) throws(WalletError) -> [UInt8] {
        guard text.hasPrefix("0x") || text.hasPrefix("0X"), text.utf8.count == 42, let bytes = Hex.decode(String(text.dropFirst(2))) else {
            throw WalletError(.badAddress, "'\(text)' is not an Ethereum address: expected 0x followed by 40 hex digits")
        }
        let body = text.dropFirst(2)
        let mixed = body.contains { $0.isLowercase } && body.contains { $0.isUppercase }
        if mixed && checksummed(bytes) != "0x" + body {
            throw WalletError(.badChecksum, "Ethereum address '\(text)' fails its EIP-55 checksum (upper/lower case): it was probably mistyped")
        }
        return bytes
    }
}
