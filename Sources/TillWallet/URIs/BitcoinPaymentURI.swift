import TillCore

/// A BIP21/BIP321 payment request (`bitcoin:` or `litecoin:`): address, amount in coin, shop label, sale message.
public struct BitcoinPaymentURI: Hashable, Sendable {
    /// The coin of the URI scheme (`.btc` for bitcoin:, `.ltc` for litecoin:).
    public let asset: Asset
    /// The address as given (bech32 is normalised to lower case).
    public let address: String
    public let amount: CoinAmount?
    /// Shop name.
    public let label: String?
    /// Sale reference.
    public let message: String?
    /// Bech32 addresses may be upper-cased for the QR; base58 ones are case-sensitive.
    private let isSegwit: Bool

    private static let schemes: [(scheme: String, asset: Asset, networks: [Network])] = [
        ("bitcoin", .btc, [.bitcoin, .testnet, .regtest]),
        ("litecoin", .ltc, [.litecoin, .litecoinTestnet]),
    ]

    /// A request for `address`; `amount` must be of the scheme's asset (BTC → bitcoin:, LTC → litecoin:).
    public init(address: String, network: Network, amount: CoinAmount?, label: String? = nil, message: String? = nil) throws(WalletError) {
        guard let entry = Self.schemes.first(where: { $0.scheme == network.uriScheme }) else {
            throw WalletError(.badURI, "\(network.name) has no BIP21 URI scheme; use EthereumPaymentURI for EVM chains")
        }
        _ = try AddressEncoding.scriptPubKey(address: address, network: network)
        if let amount, amount.asset.symbol != entry.asset.symbol || amount.asset.decimals != entry.asset.decimals {
            throw WalletError(.badURI, "amount is in \(amount.asset.symbol) but a \(entry.scheme): URI takes \(entry.asset.symbol)")
        }
        self.asset = entry.asset
        self.isSegwit = Self.isBech32(address, network: network)
        self.address = isSegwit ? address.lowercased() : address
        self.amount = amount
        self.label = label
        self.message = message
    }

    private static func isBech32(_ address: String, network: Network) -> Bool {
        address.lowercased().hasPrefix(network.bech32HRP + "1")
    }

    /// The text for the QR: bech32 addresses and the scheme upper-cased (QR alphanumeric mode, BIP173),
    /// base58 addresses kept as they are (they are case-sensitive); amount as plain decimal, values percent-encoded.
    public var uri: String {
        let scheme = Self.schemes.first { $0.asset.symbol == asset.symbol }?.scheme ?? "bitcoin"
        var text = isSegwit ? scheme.uppercased() + ":" + address.uppercased() : scheme + ":" + address
        var query: [String] = []
        if let amount { query.append("amount=" + amount.plainDecimal) }
        if let label { query.append("label=" + PercentEncoding.encode(label)) }
        if let message { query.append("message=" + PercentEncoding.encode(message)) }
        if !query.isEmpty { text += "?" + query.joined(separator: "&") }
        return text
    }

    /// Parses a bitcoin:/litecoin: URI; the scheme and (BIP321) keys are case-insensitive; unknown `req-` keys are refused.
    public init(parsing text: String) throws(WalletError) {
        guard let colon = text.firstIndex(of: ":") else { throw WalletError(.badURI, "'\(text)' has no scheme (expected bitcoin: or litecoin:)") }
        let scheme = text[..<colon].lowercased()
        guard let entry = Self.schemes.first(where: { $0.scheme == scheme }) else {
            throw WalletError(.badURI, "URI scheme '\(scheme):' is not bitcoin: or litecoin:")
        }
        let rest = text[text.index(after: colon)...]
        let question = rest.firstIndex(of: "?") ?? rest.endIndex
        var address = String(rest[..<question])
        guard !address.isEmpty else { throw WalletError(.badURI, "\(scheme): URI has no address") }
        guard let network = entry.networks.first(where: { (try? AddressEncoding.scriptPubKey(address: address, network: $0)) != nil }) else {
            _ = try AddressEncoding.scriptPubKey(address: address, network: entry.networks[0])
            throw WalletError(.badURI, "'\(address)' is not a \(scheme) address")
        }
        isSegwit = Self.isBech32(address, network: network)
        if isSegwit { address = address.lowercased() }
        var amount: CoinAmount?, label: String?, message: String?
        var seen: Set<String> = []
        let query = question < rest.endIndex ? rest[rest.index(after: question)...] : ""
        for (rawKey, value) in try PercentEncoding.queryPairs(query) {
            let key = rawKey.lowercased()
            guard seen.insert(key).inserted else { throw WalletError(.badURI, "URI parameter '\(key)' appears twice") }
            switch key {
            case "amount":
                guard !value.contains(where: { $0 == "e" || $0 == "E" || $0 == "," }) else {
                    throw WalletError(.badURI, "amount '\(value)' must be a plain decimal in \(entry.asset.symbol) (no exponent, no commas)")
                }
                do { amount = try CoinAmount(parsing: String(value), asset: entry.asset) } catch {
                    throw WalletError(.badURI, "amount '\(value)' is not a valid \(entry.asset.symbol) amount: \(error.message)")
                }
            case "label": label = try PercentEncoding.decode(value, field: "label")
            case "message": message = try PercentEncoding.decode(value, field: "message")
            default:
                if key.hasPrefix("req-") {
                    throw WalletError(.badURI, "URI requires '\(rawKey)', which Till does not understand (BIP21 says to refuse it)")
                }
            }
        }
        self.asset = entry.asset
        self.address = address
        self.amount = amount
        self.label = label
        self.message = message
    }
}
