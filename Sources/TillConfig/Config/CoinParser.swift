import TillCore
import TillWallet

/// What coin parsing needs from the rest of the config.
struct CoinContext {
    let currency: FiatCurrency
    let environment: [String: String]
    let absolute: (String) -> String
}

extension ConfigLoader {
    static let publicKeyPrefixes = ["xpub", "ypub", "zpub", "Ypub", "Zpub", "tpub", "upub", "vpub", "Upub", "Vpub", "Ltub", "Mtub", "ttub"]

    static func parseCoins(_ tables: [TableReader], context: CoinContext) -> [CoinSettings] {
        var coins: [CoinSettings] = []
        var seen: [String: String] = [:]
        for table in tables {
            guard let coin = parseCoin(table, context: context) else { continue }
            let key = coin.asset.id.uppercased()
            if let first = seen[key] { table.report("id", "duplicate coin id \"\(coin.asset.id)\" (first used by \(first))"); continue }
            seen[key] = table.path
            coins.append(coin)
        }
        return coins
    }

    private static func parseCoin(_ table: TableReader, context: CoinContext) -> CoinSettings? {
        table.rejectUnknownKeys(ConfigKeys.coin)
        let id = table.nonEmptyString("id", required: true)
        if let id, !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            table.report("id", "\"\(id)\" may use only letters, digits, \"-\" and \"_\" (it names environment variables)")
        }
        let symbol = table.nonEmptyString("symbol") ?? id
        let kindText = table.choice("kind", ["utxo", "evm-native", "erc20"], required: true)
        let networkText = table.nonEmptyString("network", required: true)
        let chainID = table.integer("chain_id", in: 1...Int.max)
        let contract = table.nonEmptyString("contract")
        let decimals = table.integer("decimals", in: 0...77)

        var network: CoinNetwork?, kind: AssetKind?, assetDecimals = 8
        switch kindText {
        case "utxo":
            for key in ["chain_id", "contract", "decimals"] where table.has(key) { table.report(key, "applies only to kind evm-native or erc20") }
            if let networkText {
                if let known = UTXONetwork(rawValue: networkText) { network = .utxo(known) }
                else { table.report("network", "\"\(networkText)\" is not one of: \(UTXONetwork.allCases.map(\.rawValue).joined(separator: ", "))") }
            }
            kind = .utxo
        case "evm-native", "erc20":
            if chainID == nil && !table.has("chain_id") { table.report("chain_id", "missing; EVM coins need the chain id (1 Ethereum, 8453 Base, 11155111 Sepolia, …)") }
            if let networkText, let chainID { network = .evm(name: networkText, chainID: UInt64(chainID)) }
            if kindText == "erc20" {
                if contract == nil { table.report("contract", "missing; an erc20 coin needs its token contract address (0x…)") }
                if decimals == nil && !table.has("decimals") { table.report("decimals", "missing; an erc20 coin needs the token's decimals (6 for USDC)") }
                if let contract, !isEVMAddress(contract) { table.report("contract", "\"\(contract)\" is not an address: expected 0x and 40 hex digits") }
                if let contract, let chainID { kind = .erc20(contract: contract, chainID: UInt64(chainID)) }
                assetDecimals = decimals ?? 0
            } else {
                if table.has("contract") { table.report("contract", "applies only to kind erc20") }
                if let decimals, decimals != 18 { table.report("decimals", "native EVM coins have 18 decimals, not \(decimals)") }
                if let chainID { kind = .evmNative(chainID: UInt64(chainID)) }
                assetDecimals = 18
            }
        default: break
        }

        let wallet = table.nonEmptyString("wallet", required: true)?.trimmingCharacters()
        if let wallet, !wallet.contains("("), !publicKeyPrefixes.contains(where: { wallet.hasPrefix($0) }) {
            table.report("wallet", "expected an extended public key (\(publicKeyPrefixes.joined(separator: "/"))) or an output descriptor such as wpkh([fingerprint/84h/0h/0h]xpub…/0/*)")
        }
        var addressType: AddressType?
        if let text = table.choice("address_type", AddressType.allCases.map(\.rawValue)) { addressType = AddressType(rawValue: text) }
        else if !table.has("address_type") {
            addressType = kindText == "utxo" ? wallet.flatMap(AddressType.inferred(fromWallet:)) : .evm
            if addressType == nil, wallet != nil, kindText == "utxo" {
                table.report("address_type", "missing and cannot be inferred from the wallet; set one of \(AddressType.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        if let addressType, let kindText, (addressType == .evm) != (kindText != "utxo") {
            table.report("address_type", "\"\(addressType.rawValue)\" does not fit kind \"\(kindText)\"")
        }

        var policy = kind.map { PaymentPolicy.defaults(for: Asset(id: "", symbol: "", decimals: 0, kind: $0)) } ?? PaymentPolicy()
        if let confirmations = table.integer("confirmations", in: 0...10_000) { policy.requiredConfirmations = confirmations }
        if let limit = table.decimal("zero_conf_limit", unit: "an amount in \(context.currency.code)") {
            do { policy.zeroConfLimit = try FiatAmount(parsing: limit.text, currency: context.currency) }
            catch { table.report("zero_conf_limit", "\(error.message) (an amount in the shop currency \(context.currency.code))") }
        }
        policy.releaseAt = parseReleaseAt(table, confirmations: policy.requiredConfirmations)
        if let expiry = table.duration("expiry", minimumMilliseconds: 60_000) { policy.expirySeconds = expiry / 1_000 }
        if let late = table.duration("late_window") { policy.lateWindowSeconds = late / 1_000 }
        if let reorg = table.duration("reorg_window") { policy.reorgWindowSeconds = reorg / 1_000 }
        if let tolerance = table.decimal("underpayment_tolerance", unit: "a percentage") {
            if let points = basisPoints(tolerance.text) { policy.underpaymentToleranceBasisPoints = points }
            else { table.report("underpayment_tolerance", "\"\(tolerance.text)\" is not a percentage from 0 to 100 with at most 2 decimals (e.g. \"0.5\")") }
        }
        let gapLimit = table.integer("gap_limit", in: 1...10_000) ?? 20
        let waitForFinalized = table.boolean("wait_for_finalized") ?? false
        if waitForFinalized, kindText == "utxo" { table.report("wait_for_finalized", "applies only to EVM coins") }

        let envID = ConfigKeys.environmentName(id ?? "")
        let backend = table.table("backend").flatMap { parseBackend($0, coinKind: kindText, envPrefix: "TILL_\(envID)_", context: context) }
        if !table.has("backend") { table.report("backend", "missing; add [coin.backend] with type and url so the till can watch this coin's payments") }
        let fallback = table.table("fallback").flatMap { parseBackend($0, coinKind: kindText, envPrefix: "TILL_\(envID)_FALLBACK_", context: context) }

        guard let id, let symbol, let network, let kind, let wallet, let addressType, let backend else { return nil }
        if table.has("fallback") && fallback == nil { return nil }
        return CoinSettings(asset: Asset(id: id, symbol: symbol, decimals: assetDecimals, kind: kind), network: network,
                            wallet: wallet, addressType: addressType, gapLimit: gapLimit, policy: policy,
                            waitForFinalized: waitForFinalized, backend: backend, fallback: fallback)
    }

    private static func parseBackend(_ table: TableReader, coinKind: String?, envPrefix: String, context: CoinContext) -> BackendSettings? {
        table.rejectUnknownKeys(ConfigKeys.backend)
        let kind = table.choice("type", BackendSettings.Kind.allCases.map(\.rawValue), required: true).flatMap(BackendSettings.Kind.init)
        if let kind, let coinKind, (kind == .ethereumRPC) != (coinKind != "utxo") {
            table.report("type", "a \(kind.rawValue) backend cannot serve a \(coinKind) coin (utxo: bitcoin-rpc or esplora; EVM: ethereum-rpc)")
        }
        let url = table.nonEmptyString("url", required: true)
        if let url, URLParts(url) == nil { table.report("url", "\"\(url)\" is not an http:// or https:// URL with a host") }
        if let url, url.contains("@") { table.report("url", "must not contain credentials; use rpc_user/rpc_password or the environment") }
        let poll = table.duration("poll_interval", minimumMilliseconds: 100)

        var user = table.nonEmptyString("rpc_user")
        var password = table.string("rpc_password").map(SecretText.init)
        let cookie = table.nonEmptyString("cookie_file").map(context.absolute)
        var source: BackendSettings.CredentialSource = user != nil || password != nil ? .file : (cookie != nil ? .cookieFile : .none)
        // The environment wins, so a deployment can keep credentials out of the file.
        if let value = context.environment[envPrefix + "RPC_USER"], !value.isEmpty { user = value; source = .environment }
        if let value = context.environment[envPrefix + "RPC_PASSWORD"], !value.isEmpty { password = SecretText(value); source = .environment }
        if (user == nil) != (password == nil) {
            table.report(user == nil ? "rpc_user" : "rpc_password", "rpc_user and rpc_password go together (in the file or as \(envPrefix)RPC_USER / \(envPrefix)RPC_PASSWORD)")
        }
        if kind == .bitcoinRPC, user == nil, password == nil, cookie == nil {
            table.report("type", "bitcoin-rpc needs credentials: rpc_user and rpc_password, cookie_file, or \(envPrefix)RPC_USER and \(envPrefix)RPC_PASSWORD in the environment")
        }
        if kind == .esplora, cookie != nil { table.report("cookie_file", "applies only to bitcoin-rpc") }
        let zmq = table.nonEmptyString("zmq")
        if let zmq {
            if kind != nil, kind != .bitcoinRPC { table.report("zmq", "applies only to bitcoin-rpc") }
            if !Self.isZMQEndpoint(zmq) { table.report("zmq", "\"\(zmq)\" is not tcp://host:port (the node's -zmqpubhashtx address)") }
        }
        guard let kind, let url, URLParts(url) != nil, !url.contains("@") else { return nil }
        var settings = BackendSettings(kind: kind, url: url, rpcUser: user, rpcPassword: password, cookieFile: cookie,
                                       credentialSource: source, pollIntervalMilliseconds: poll ?? BackendSettings.defaultPollMilliseconds(kind))
        if let zmq, kind == .bitcoinRPC, Self.isZMQEndpoint(zmq) { settings.zmq = zmq }
        return settings
    }

    /// `tcp://host:port` with a port in 1–65535.
    static func isZMQEndpoint(_ text: String) -> Bool {
        guard text.hasPrefix("tcp://") else { return false }
        let rest = text.dropFirst("tcp://".count)
        guard let colon = rest.lastIndex(of: ":"), colon != rest.startIndex, let port = Int(rest[rest.index(after: colon)...]) else { return false }
        return (1...65_535).contains(port) && !rest[..<colon].contains(where: { $0.isWhitespace || $0 == "/" || $0 == "@" })
    }

    static func isEVMAddress(_ text: String) -> Bool {
        text.hasPrefix("0x") && text.count == 42 && text.dropFirst(2).allSatisfy(\.isHexDigit)
    }

    /// "0.5" (percent) → 50 basis points; nil beyond 2 decimals or above 100 %.
    static func basisPoints(_ text: String) -> Int? {
        guard let rate = ProductRules.parseTaxRate(text), rate.scale <= 2 || rate.description.split(separator: ".").last.map({ $0.count <= 2 }) == true else { return nil }
        let parts = rate.description.split(separator: ".", maxSplits: 1)
        let whole = Int(parts[0]) ?? 0
        let fraction = parts.count == 2 ? String(parts[1]).padding(toLength: 2, withPad: "0", startingAt: 0) : "00"
        guard fraction.count == 2, let cents = Int(fraction) else { return nil }
        return whole * 100 + cents
    }

    /// `release_at = "seen"` or a number of confirmations up to `confirmations`: when the goods can go.
    static func parseReleaseAt(_ table: TableReader, confirmations: Int) -> ReleaseRule? {
        guard let node = table.entries["release_at"] else { return nil }
        let expected = "expected \"seen\" or a number of confirmations from 1 to confirmations (\(confirmations))"
        switch node {
        case .string("seen"): return .seen
        case .integer(let count) where count >= 1 && count <= confirmations: return .confirmations(count)
        case .integer(let count): table.report("release_at", "\(count) is out of range; \(expected)")
        case .string(let text): table.report("release_at", "\"\(text)\" is not valid; \(expected)")
        default: table.report("release_at", "\(expected), found \(node.kindName)")
        }
        return nil
    }
}
