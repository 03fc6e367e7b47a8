/// Txids and block hashes from peers are checked before they are used as keys, logged or sent back.
enum ChainHash {
    /// 64 hex digits (a txid or a block hash as nodes and explorers print them).
    static func isValid(_ text: String) -> Bool { text.utf8.count == 64 && text.utf8.allSatisfy(isHexDigit) }

    static func isHexDigit(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte) || (0x41...0x46).contains(byte)
    }
}
