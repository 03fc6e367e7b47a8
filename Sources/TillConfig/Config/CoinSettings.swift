import TillCore
import TillWallet

/// One coin the till accepts: its asset, wallet, payment policy and chain backends.
public struct CoinSettings: Sendable, Hashable {
    public var asset: Asset
    public var network: CoinNetwork
    /// The extended public key or output descriptor, as written (TillWallet parses it).
    public var wallet: String
    public var addressType: AddressType
    /// Unused addresses allowed in a row before reuse or a warning (default 20).
    public var gapLimit: Int
    public var policy: PaymentPolicy
    /// EVM only: wait for the chain's `finalized` block instead of counting confirmations.
    public var waitForFinalized: Bool
    public var backend: BackendSettings
    public var fallback: BackendSettings?
}

/// The chain and network a coin lives on.
public enum CoinNetwork: Sendable, Hashable, CustomStringConvertible {
    case utxo(UTXONetwork)
    /// An EVM chain: a free label ("ethereum", "base", "sepolia") and its chain id.
    case evm(name: String, chainID: UInt64)

    public var description: String {
        switch self {
        case .utxo(let network): return network.rawValue
        case .evm(let name, let chainID): return "\(name) (chain id \(chainID))"
        }
    }
}

/// Bitcoin-family networks Till knows.
public enum UTXONetwork: String, Sendable, Hashable, CaseIterable {
    case bitcoin
    case bitcoinTestnet = "bitcoin-testnet"
    case bitcoinSignet = "bitcoin-signet"
    case bitcoinRegtest = "bitcoin-regtest"
    case litecoin
    case litecoinTestnet = "litecoin-testnet"
    case litecoinRegtest = "litecoin-regtest"

    public var isMainnet: Bool { self == .bitcoin || self == .litecoin }
}

/// A chain backend and how to reach it; credentials never appear in `summary`.
public struct BackendSettings: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        case bitcoinRPC = "bitcoin-rpc"
        case esplora
        case ethereumRPC = "ethereum-rpc"
    }

    /// Where the RPC credentials came from.
    public enum CredentialSource: String, Sendable, Hashable {
        case none, file, environment, cookieFile = "cookie file"
    }

    public var kind: Kind
    public var url: String
    public var rpcUser: String?
    public var rpcPassword: SecretText?
    public var cookieFile: String?
    public var credentialSource: CredentialSource
    public var pollIntervalMilliseconds: Int
    /// bitcoin-rpc only: the node's `zmqpubhashtx`/`zmqpubhashblock` address (`tcp://host:port`), so a payment shows as
    /// it reaches the node's mempool; polling stays the source of truth.
    public var zmq: String? = nil

    /// The URL's host and port only (no path, no user info), for reports.
    public var host: String { URLParts(url)?.hostAndPort ?? "(invalid URL)" }

    /// "bitcoin-rpc at 127.0.0.1:8332, poll 2s, credentials from environment".
    public var summary: String {
        var text = "\(kind.rawValue) at \(host), poll \(Durations.describe(milliseconds: pollIntervalMilliseconds))"
        if credentialSource != .none { text += ", credentials from \(credentialSource.rawValue)" }
        if let zmq { text += ", notified by ZMQ at \(zmq)" }
        return text
    }

    /// Default poll: 2 s for a node or EVM RPC, 10 s for a (public) Esplora.
    static func defaultPollMilliseconds(_ kind: Kind) -> Int { kind == .esplora ? 10_000 : 2_000 }
}

/// Scheme, host and port of an http(s) URL, parsed without Foundation's leniency.
struct URLParts {
    let scheme: String
    let host: String
    let port: Int?

    init?(_ text: String) {
        guard let schemeEnd = text.range(of: "://") else { return nil }
        scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        var authority = text[schemeEnd.upperBound...].prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        var hostPart = authority, portPart: Substring?
        if authority.hasPrefix("["), let close = authority.firstIndex(of: "]") {
            hostPart = authority[...close]
            let rest = authority[authority.index(after: close)...]
            if rest.hasPrefix(":") { portPart = rest.dropFirst() }
        } else if let colon = authority.lastIndex(of: ":") {
            hostPart = authority[..<colon]; portPart = authority[authority.index(after: colon)...]
        }
        guard !hostPart.isEmpty, !hostPart.contains(where: \.isWhitespace) else { return nil }
        host = String(hostPart)
        if let portPart {
            guard let value = Int(portPart), (1...65_535).contains(value) else { return nil }
            port = value
        } else { port = nil }
    }

    var hostAndPort: String { port.map { "\(host):\($0)" } ?? host }
}
