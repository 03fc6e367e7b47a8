import TillCore

/// Where a key sits in the merchant's wallet: master fingerprint and path (the "[d34db33f/84'/0'/0']" part).
public struct KeyOrigin: Hashable, Sendable {
    public let fingerprint: UInt32
    public let path: [UInt32]

    /// "[d34db33f/84'/0'/0']" form.
    public var description: String {
        "[" + fingerprint.bigEndianBytes.hex + (path.isEmpty ? "" : "/" + DerivationPath.format(path)) + "]"
    }
}

/// One step after the extended key: a fixed child, or BIP-389 `<a;b>` (receive;change).
public enum DescriptorStep: Hashable, Sendable {
    case fixed(UInt32)
    case multipath([UInt32])
}

/// A single-key output descriptor as Bitcoin Core and Sparrow export it:
/// `pkh(KEY)`, `sh(wpkh(KEY))`, `wpkh(KEY)`, `tr(KEY)` with KEY = `[origin]xpub/…/*`.
public struct OutputDescriptor: Hashable, Sendable {
    public let addressType: AddressType
    public let origin: KeyOrigin?
    public let key: ExtendedPublicKey
    /// Steps between the key and the final `/*`.
    public let steps: [DescriptorStep]

    /// Parses and checks a descriptor; refuses private keys, hardened steps after the key and script trees.
    public init(parsing text: String) throws(WalletError) {
        let body = try DescriptorChecksum.strip(text.trimmingWhitespace)
        let wrappers: [(String, AddressType)] = [("sh(wpkh(", .p2shP2wpkh), ("wpkh(", .p2wpkh), ("pkh(", .p2pkh), ("tr(", .p2tr)]
        guard let (opening, type) = wrappers.first(where: { body.hasPrefix($0.0) }) else {
            let function = body.prefix { $0 != "(" }
            throw WalletError(.unsupported, "descriptor function '\(function)(' is not supported; use pkh(...), sh(wpkh(...)), wpkh(...) or tr(...)")
        }
        let closing = String(repeating: ")", count: opening.filter { $0 == "(" }.count)
        guard body.hasSuffix(closing), body.count >= opening.count + closing.count else {
            throw WalletError(.badDescriptor, "descriptor '\(body.prefix(20))…' has unbalanced parentheses; expected it to end in '\(closing)'")
        }
        let keyText = String(body.dropFirst(opening.count).dropLast(closing.count))
        if type == .p2tr && keyText.contains(",") {
            throw WalletError(.unsupported, "tr() with a script tree is not supported; Till watches single-key (BIP86) taproot only")
        }
        if keyText.contains("(") {
            throw WalletError(.unsupported, "nested descriptor '\(opening)…' is not supported; use pkh, sh(wpkh), wpkh or tr with one key")
        }
        addressType = type
        (origin, key, steps) = try Self.parseKey(keyText)
    }

    private static func parseKey(_ text: String) throws(WalletError) -> (KeyOrigin?, ExtendedPublicKey, [DescriptorStep]) {
        var rest = Substring(text)
        var origin: KeyOrigin?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw WalletError(.badDescriptor, "key origin '[' is never closed with ']'") }
            let inside = rest[rest.index(after: rest.startIndex)..<close]
            let parts = inside.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts[0].count == 8, let fingerprint = Hex.decode(String(parts[0])) else {
                throw WalletError(.badDescriptor, "key origin fingerprint '\(parts[0])' must be exactly 8 hex characters")
            }
            let path = parts.count == 2 ? try DerivationPath.parse(String(parts[1]), what: "key origin") : []
            if parts.count == 2 && parts[1].isEmpty { throw WalletError(.badDescriptor, "key origin ends with a trailing '/'") }
            origin = KeyOrigin(fingerprint: UInt32(bigEndianBytes: fingerprint), path: path)
            rest = rest[rest.index(after: close)...]
        }
        let elements = rest.split(separator: "/", omittingEmptySubsequences: false)
        let keyString = String(elements[0])
        try refusePrivate(keyString)
        if Hex.decode(keyString) != nil {
            throw WalletError(.unsupported, "descriptor holds a single public key; Till needs an extended public key (xpub) to make a fresh address per sale")
        }
        let key = try ExtendedPublicKey(parsing: keyString)
        guard elements.count >= 2, elements.last == "*" else {
            if elements.last.map({ $0.hasPrefix("*") }) == true {
                throw WalletError(.unsupported, "hardened wildcard '\(elements.last!)' needs private keys; use /* (unhardened)")
            }
            throw WalletError(.badDescriptor, "descriptor key must end in /* (for example /0/* or /<0;1>/*) so Till can derive one address per sale")
        }
        var steps: [DescriptorStep] = []
        for element in elements.dropFirst().dropLast() {
            if element.hasPrefix("<") {
                guard element.hasSuffix(">"), steps.allSatisfy({ if case .fixed = $0 { true } else { false } }) else {
                    throw WalletError(.badDescriptor, "multipath step '\(element)' must look like <0;1> and appear once")
                }
                let choices = try element.dropFirst().dropLast().split(separator: ";", omittingEmptySubsequences: false).map {
                    (choice) throws(WalletError) -> UInt32 in try nonHardened(String(choice))
                }
                guard choices.count >= 2 else { throw WalletError(.badDescriptor, "multipath step '\(element)' needs at least two choices") }
                steps.append(.multipath(choices))
            } else {
                steps.append(.fixed(try nonHardened(String(element))))
            }
        }
        return (origin, key, steps)
    }

    private static func nonHardened(_ element: String) throws(WalletError) -> UInt32 {
        let parsed = try DerivationPath.parse(element, what: "descriptor step")
        guard parsed.count == 1 else { throw WalletError(.badDescriptor, "descriptor step '\(element)' is empty") }
        guard parsed[0] < ExtendedPublicKey.hardenedOffset else {
            throw WalletError(.unsupported, "hardened step '\(element)' after the extended key needs the private key; "
                + "export the xpub at the last hardened step with its origin instead")
        }
        return parsed[0]
    }

    /// Refuses xprv-style keys and WIF private keys with the watch-only message.
    private static func refusePrivate(_ key: String) throws(WalletError) {
        if let version = KeyVersion.all.first(where: { $0.isPrivate && key.hasPrefix($0.prefix) }) {
            throw WalletError.privateMaterial("the descriptor's key (an \(version.prefix) extended private key)")
        }
        if let payload = try? Base58.decodeCheck(key, what: "key"), payload.count == 33 || payload.count == 34,
           [0x80, 0xef, 0xb0].contains(payload[0]) {
            throw WalletError.privateMaterial("the descriptor's key (a WIF private key)")
        }
    }

    /// Number of chains the descriptor describes (2 for <0;1>, else 1).
    public var chainCount: Int {
        for step in steps { if case .multipath(let choices) = step { return choices.count } }
        return 1
    }

    /// Path from the extended key to the chain key for `change` (0 receive, 1 change).
    public func chainPath(change: Int) throws(WalletError) -> [UInt32] {
        guard change >= 0, change < chainCount else {
            throw WalletError(.unsupported, "descriptor has \(chainCount) chain(s); chain \(change) needs a /<0;1>/* descriptor")
        }
        return steps.map { step in
            switch step {
            case .fixed(let index): index
            case .multipath(let choices): choices[change]
            }
        }
    }
}
