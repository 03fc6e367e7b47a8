/// Parsing and printing of BIP32 paths ("m/84'/0'/0'", "84h/0h/0h", "0/5").
public enum DerivationPath {
    /// Indices of a path like "m/84'/0'/0'" or "84h/0h/0h" (hardened marks ', h, H); `what` names the field in errors.
    public static func parse(_ text: String, what: String) throws(WalletError) -> [UInt32] {
        var body = Substring(text)
        if body.hasPrefix("m/") { body = body.dropFirst(2) } else if body == "m" { return [] }
        if body.isEmpty { return [] }
        var result: [UInt32] = []
        for element in body.split(separator: "/", omittingEmptySubsequences: false) {
            var digits = element
            var hardened = false
            if let last = digits.last, "'hH".contains(last) {
                hardened = true
                digits = digits.dropLast()
            }
            guard !digits.isEmpty, digits.allSatisfy({ $0.isASCII && $0.isNumber }), let value = UInt32(digits),
                  value < ExtendedPublicKey.hardenedOffset else {
                throw WalletError(.badDescriptor, "\(what): path element '\(element)' is not a number below 2^31 with an optional ' or h")
            }
            result.append(hardened ? value | ExtendedPublicKey.hardenedOffset : value)
        }
        return result
    }

    /// Text of `path` elements, hardened ones with an apostrophe ("84'/0'/0'/0/5"), no leading "m/".
    public static func format(_ path: [UInt32]) -> String {
        path.map { $0 >= ExtendedPublicKey.hardenedOffset ? "\($0 - ExtendedPublicKey.hardenedOffset)'" : "\($0)" }
            .joined(separator: "/")
    }
}
