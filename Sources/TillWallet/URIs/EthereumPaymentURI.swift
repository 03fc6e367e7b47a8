import BigInt
import TillCore

/// An EIP-681 payment request: native ETH (`value` in wei) or an ERC-20 `transfer` (`uint256` in token units).
public struct EthereumPaymentURI: Hashable, Sendable {
    /// What is asked for.
    public enum Request: Hashable, Sendable {
        /// Send `wei` to `recipient`.
        case native(recipient: String, wei: BigUInt?)
        /// Call `transfer(recipient, units)` on `token`.
        case token(contract: String, recipient: String, units: BigUInt?)
    }

    public let chainID: UInt64?
    public let request: Request

    public init(chainID: UInt64?, request: Request) {
        self.chainID = chainID
        self.request = request
    }

    /// A request for `amount` to `recipient`: native for `.evmNative` assets, `transfer` for `.erc20` ones.
    public init(recipient: String, amount: CoinAmount) throws(WalletError) {
        let to = EthereumAddress.checksummed(try EthereumAddress.parse(recipient))
        switch amount.asset.kind {
        case .evmNative(let chainID):
            self.init(chainID: chainID, request: .native(recipient: to, wei: amount.units))
        case .erc20(let contract, let chainID):
            let token = EthereumAddress.checksummed(try EthereumAddress.parse(contract))
            self.init(chainID: chainID, request: .token(contract: token, recipient: to, units: amount.units))
        case .utxo:
            throw WalletError(.badURI, "\(amount.asset.symbol) is not an EVM asset; use BitcoinPaymentURI")
        }
    }

    /// `ethereum:<addr>@<chainId>?value=<wei>` or `ethereum:<token>@<chainId>/transfer?address=<to>&uint256=<units>`,
    /// integers written out in full (no exponent) so every wallet reads the same number.
    public var uri: String {
        let chain = chainID.map { "@\($0)" } ?? ""
        switch request {
        case .native(let recipient, let wei):
            return "ethereum:\(recipient)\(chain)" + (wei.map { "?value=\($0)" } ?? "")
        case .token(let contract, let recipient, let units):
            return "ethereum:\(contract)\(chain)/transfer?address=\(recipient)" + (units.map { "&uint256=\($0)" } ?? "")
        }
    }

    /// The amount in `asset`, checking that the URI is for that asset's chain and token.
    public func amount(in asset: Asset) throws(WalletError) -> CoinAmount? {
        switch (request, asset.kind) {
        case (.native(_, let wei), .evmNative(let chain)) where chainID == nil || chainID == chain:
            return wei.map { CoinAmount(units: $0, asset: asset) }
        case (.token(let contract, _, let units), .erc20(let token, let chain))
            where (chainID == nil || chainID == chain) && contract.lowercased() == token.lowercased():
            return units.map { CoinAmount(units: $0, asset: asset) }
        default:
            throw WalletError(.networkMismatch, "the URI is not a request for \(asset.symbol) (\(asset.kind))")
        }
    }

    /// Parses an EIP-681 URI; ENS names, other functions and fractional amounts are refused with a clear error.
    public init(parsing text: String) throws(WalletError) {
        guard text.lowercased().hasPrefix("ethereum:") else { throw WalletError(.badURI, "'\(text.prefix(20))' is not an ethereum: URI") }
        var rest = text.dropFirst("ethereum:".count)
        if rest.hasPrefix("pay-") { rest = rest.dropFirst(4) }
        let queryStart = rest.firstIndex(of: "?") ?? rest.endIndex
        let query = queryStart < rest.endIndex ? rest[rest.index(after: queryStart)...] : ""
        var path = rest[..<queryStart]
        var function: Substring?
        if let slash = path.firstIndex(of: "/") {
            function = path[path.index(after: slash)...]
            path = path[..<slash]
        }
        var chainID: UInt64?
        if let at = path.firstIndex(of: "@") {
            guard let chain = UInt64(path[path.index(after: at)...]), chain > 0 else {
                throw WalletError(.badURI, "chain id '\(path[path.index(after: at)...])' is not a positive integer")
            }
            chainID = chain
            path = path[..<at]
        }
        let target = EthereumAddress.checksummed(try Self.address(path, field: "target address"))
        var params: [String: Substring] = [:]
        for (key, value) in try PercentEncoding.queryPairs(query) {
            guard params.updateValue(value, forKey: key) == nil else { throw WalletError(.badURI, "URI parameter '\(key)' appears twice") }
        }
        switch function {
        case nil:
            self.init(chainID: chainID, request: .native(recipient: target, wei: try params["value"].map { v throws(WalletError) in try Self.integer(v, field: "value") }))
        case "transfer"?:
            guard let to = params["address"] else { throw WalletError(.badURI, "ERC-20 transfer URI has no 'address' (the recipient)") }
            let recipient = EthereumAddress.checksummed(try Self.address(to, field: "address"))
            let units = try params["uint256"].map { v throws(WalletError) in try Self.integer(v, field: "uint256") }
            self.init(chainID: chainID, request: .token(contract: target, recipient: recipient, units: units))
        case let other?:
            throw WalletError(.unsupported, "EIP-681 function '\(other)' is not supported; Till makes and reads only plain payments and 'transfer'")
        }
    }

    private static func address(_ text: Substring, field: String) throws(WalletError) -> [UInt8] {
        guard text.hasPrefix("0x") else {
            throw WalletError(.unsupported, "\(field) '\(text)' is not a 0x address (ENS names are not supported)")
        }
        return try EthereumAddress.parse(String(text))
    }

    /// EIP-681 number: digits with an optional fraction and exponent ("2.014e18") that must resolve to an integer.
    static func integer(_ text: Substring, field: String) throws(WalletError) -> BigUInt {
        let lower = text.lowercased()
        let parts = lower.split(separator: "e", omittingEmptySubsequences: false)
        guard parts.count <= 2, let mantissa = try? DecimalNumber(parsing: String(parts[0])), !parts[0].hasPrefix(" ") else {
            throw WalletError(.badURI, "'\(field)' value '\(text)' is not a number")
        }
        var exponent = 0
        if parts.count == 2 {
            guard let value = Int(parts[1]), (0...80).contains(value) else {
                throw WalletError(.badURI, "'\(field)' value '\(text)' has an exponent that is not an integer between 0 and 80")
            }
            exponent = value
        }
        guard exponent >= mantissa.scale else {
            let shift = BigUInt(10).power(mantissa.scale - exponent)
            guard mantissa.digits % shift == 0 else {
                throw WalletError(.badURI, "'\(field)' value '\(text)' is not a whole number of base units")
            }
            return mantissa.digits / shift
        }
        return mantissa.digits * BigUInt(10).power(exponent - mantissa.scale)
    }
}
