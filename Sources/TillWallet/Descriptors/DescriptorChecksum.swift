/// The BIP-380 descriptor checksum (a BCH code over the descriptor's character classes).
public enum DescriptorChecksum {
    private static let inputCharset = Array("0123456789()[],'/*abcdefgh@:$%{}IJKLMNOPQRSTUVWXYZ&+-.;<=>?!^_|~ijklmnopqrstuvwxyzABCDEFGH`#\"\\ ".utf8)
    private static let checksumCharset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
    private static let generator: [UInt64] = [0xf5_dee5_1989, 0xa9_fdca_3312, 0x1b_ab10_e32d, 0x37_06b1_677a, 0x64_4d62_6ffd]

    private static func polymod(_ symbols: [UInt64]) -> UInt64 {
        var check: UInt64 = 1
        for value in symbols {
            let top = check >> 35
            check = (check & 0x7_ffff_ffff) << 5 ^ value
            for index in 0..<5 where (top >> index) & 1 == 1 { check ^= generator[index] }
        }
        return check
    }

    private static func expand(_ text: String) -> [UInt64]? {
        var symbols: [UInt64] = [], groups: [UInt64] = []
        for char in text.utf8 {
            guard let position = inputCharset.firstIndex(of: char) else { return nil }
            let value = UInt64(position)
            symbols.append(value & 31)
            groups.append(value >> 5)
            if groups.count == 3 {
                symbols.append(groups[0] * 9 + groups[1] * 3 + groups[2])
                groups = []
            }
        }
        if groups.count == 1 { symbols.append(groups[0]) } else if groups.count == 2 { symbols.append(groups[0] * 3 + groups[1]) }
        return symbols
    }

    /// The 8-character checksum of a descriptor body, or nil when it has characters outside the descriptor set.
    public static func checksum(_ body: String) -> String? {
        guard let symbols = expand(body) else { return nil }
        let value = polymod(symbols + [0, 0, 0, 0, 0, 0, 0, 0]) ^ 1
        return String(decoding: (0..<8).map { checksumCharset[Int((value >> (5 * (7 - UInt64($0)))) & 31)] }, as: UTF8.self)
    }

    /// The body of "BODY#CHECKSUM" after verifying the checksum; "BODY" without one is accepted as is.
    public static func strip(_ text: String) throws(WalletError) -> String {
        guard let hash = text.lastIndex(of: "#") else {
            guard checksum(text) != nil else {
                throw WalletError(.badDescriptor, "descriptor contains characters outside the BIP-380 descriptor character set")
            }
            return text
        }
        let body = String(text[..<hash]), given = String(text[text.index(after: hash)...])
        guard let expected = checksum(body) else {
            throw WalletError(.badDescriptor, "descriptor contains characters outside the BIP-380 descriptor character set")
        }
        guard given.count == 8 else {
            throw WalletError(.badChecksum, "descriptor checksum '#\(given)' must be 8 characters; the correct one is #\(expected)")
        }
        guard given == expected else {
            throw WalletError(.badChecksum, "descriptor checksum is wrong: it ends in #\(given) but the text checks to #\(expected); "
                + "the descriptor was changed or mistyped after export")
        }
        return body
    }
}
