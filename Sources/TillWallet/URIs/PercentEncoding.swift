import TillCore

/// RFC 3986 percent-encoding for URI query values; only unreserved characters stay literal.
enum PercentEncoding {
    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"): true
        default: false
        }
    }

    /// UTF-8 bytes outside the unreserved set become %XX (upper-case hex).
    static func encode(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            if isUnreserved(byte) { out.unicodeScalars.append(Unicode.Scalar(byte)) } else { out += "%" + [byte].hex.uppercased() }
        }
        return out
    }

    /// Decodes %XX sequences; invalid escapes or non-UTF-8 results are errors naming `field`.
    static func decode(_ text: Substring, field: String) throws(WalletError) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "%") {
                guard utf8.count >= 2, let high = Hex.value(utf8.removeFirst()), let low = Hex.value(utf8.removeFirst()) else {
                    throw WalletError(.badURI, "'\(field)' has a broken percent-escape in '\(text)'")
                }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else {
            throw WalletError(.badURI, "'\(field)' is not valid UTF-8 after percent-decoding")
        }
        return decoded
    }

    /// Splits "a=1&b=2" into pairs (keys as written); each pair needs an "=".
    static func queryPairs(_ query: Substring) throws(WalletError) -> [(key: String, value: Substring)] {
        guard !query.isEmpty else { return [] }
        var pairs: [(key: String, value: Substring)] = []
        for part in query.split(separator: "&", omittingEmptySubsequences: false) {
            guard let equals = part.firstIndex(of: "="), equals != part.startIndex else {
                throw WalletError(.badURI, "query part '\(part)' is not key=value")
            }
            pairs.append((String(part[..<equals]), part[part.index(after: equals)...]))
        }
        return pairs
    }
}
