import Foundation
import TillHTTP

/// An Esplora REST client (Blockstream/esplora `API.md`; mempool.space, blockstream.info, self-hosted electrs,
/// Litecoin's Esplora). Amounts are satoshis. After HTTP 429 it sends nothing until `Retry-After` has passed.
public struct EsploraClient: Sendable {
    /// Esplora's page size for `/address/:addr/txs/chain[/:last_seen_txid]`.
    public static let chainPageSize = 25
    /// Shown in messages ("mempool.space"); defaults to the host.
    public let name: String
    private let baseURL: URL
    private let timeoutSeconds: Int
    private let maxChainPages: Int
    private let clock: @Sendable () -> Date
    private let http: ThrottledHTTP
    private let identity: BitcoinChainIdentity?
    private let identityCheck = IdentityCheck()

    /// `baseURL` includes the API prefix ("https://mempool.space/api"). `maxChainPages` bounds paging
    /// (40 × 25 = 1,000 confirmed transactions, far more than a sale address sees). `clock` gives the
    /// time for rate-limit decisions; tests inject their own. With `identity`, the server's genesis block
    /// (`/block-height/0`) is checked before the first request and again after every failure (a reconnect may reach
    /// another server); a mismatch fails every request with `.wrongChain`.
    public init(baseURL: URL, name: String? = nil, timeoutSeconds: Int = 10, defaultBackoffSeconds: Int = 60,
                maxChainPages: Int = 40, identity: BitcoinChainIdentity? = nil,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.baseURL = baseURL
        self.identity = identity
        self.name = name ?? baseURL.host ?? "esplora"
        self.timeoutSeconds = timeoutSeconds
        self.maxChainPages = maxChainPages
        self.clock = clock
        http = ThrottledHTTP(defaultBackoff: TimeInterval(defaultBackoffSeconds))
    }

    /// `GET /blocks/tip/height` (plain-text integer).
    public func tipHeight() async throws(EsploraError) -> Int {
        let path = "/blocks/tip/height"
        let text = try await get(path).bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let height = Int(text), height >= 0 else {
            throw .malformed(endpoint: endpoint(path), reason: "expected a block height, got \"\(text.prefix(40))\"")
        }
        return height
    }

    /// `GET /blocks/tip/hash` (plain-text hex).
    public func tipHash() async throws(EsploraError) -> String { try await hashText("/blocks/tip/hash") }

    /// `GET /block-height/:height`: the hash of the block at `height` in the best chain (reorg checks).
    public func blockHash(atHeight height: Int) async throws(EsploraError) -> String {
        guard height >= 0 else { throw .invalidArgument("block height \(height) is negative") }
        return try await hashText("/block-height/\(height)")
    }

    /// `GET /address/:addr/txs/mempool`: unconfirmed transactions touching the address (up to 50).
    public func mempoolTransactions(_ address: String) async throws(EsploraError) -> [EsploraTransaction] {
        try await transactions("/address/\(try checked(address))/txs/mempool")
    }

    /// One page (25, newest first) of `GET /address/:addr/txs/chain[/:last_seen_txid]`.
    public func chainTransactions(_ address: String, after lastSeenTxid: String? = nil) async throws(EsploraError) -> [EsploraTransaction] {
        var path = "/address/\(try checked(address))/txs/chain"
        if let lastSeenTxid {
            guard ChainHash.isValid(lastSeenTxid) else { throw .invalidArgument("\"\(lastSeenTxid)\" is not a txid (64 hex digits)") }
            path += "/\(lastSeenTxid)"
        }
        return try await transactions(path)
    }

    /// Mempool transactions then every confirmed page (newest first), up to `maxChainPages` pages.
    public func addressTransactions(_ address: String) async throws(EsploraError) -> [EsploraTransaction] {
        var all = try await mempoolTransactions(address)
        var lastSeen: String?
        for _ in 0..<maxChainPages {
            let page = try await chainTransactions(address, after: lastSeen)
            all += page
            // A short page is the last; an unchanged cursor would loop forever on a misbehaving server.
            guard page.count >= EsploraClient.chainPageSize, let last = page.last?.txid, last != lastSeen else { break }
            lastSeen = last
        }
        return all
    }

    /// `GET /tx/:txid/status`.
    public func transactionStatus(_ txid: String) async throws(EsploraError) -> EsploraTxStatus {
        let path = "/tx/\(try checkedTxid(txid))/status"
        return try EsploraDecoder(endpoint: endpoint(path)).status(try await json(path))
    }

    /// `GET /tx/:txid`.
    public func transaction(_ txid: String) async throws(EsploraError) -> EsploraTransaction {
        let path = "/tx/\(try checkedTxid(txid))"
        return try EsploraDecoder(endpoint: endpoint(path)).transaction(try await json(path))
    }

    // MARK: - Plumbing

    private func endpoint(_ path: String) -> String { "\(name) \(path)" }

    private func transactions(_ path: String) async throws(EsploraError) -> [EsploraTransaction] {
        try EsploraDecoder(endpoint: endpoint(path)).transactions(try await json(path))
    }

    private func hashText(_ path: String) async throws(EsploraError) -> String {
        try hashOf(try await get(path), path: path)
    }

    private func hashOf(_ response: HTTPResponse, path: String) throws(EsploraError) -> String {
        let text = response.bodyText.trimmingCharacters(in: .whitespacesAndNewlines)
        guard ChainHash.isValid(text) else {
            throw .malformed(endpoint: endpoint(path), reason: "expected a 64-digit hex block hash, got \"\(text.prefix(40))\"")
        }
        return text.lowercased()
    }

    private func json(_ path: String) async throws(EsploraError) -> JSONValue {
        let response = try await get(path)
        do { return try JSONParser.parse(Array(response.body)) } catch {
            throw .malformed(endpoint: endpoint(path), reason: error.message)
        }
    }

    /// GETs `path` under the base URL once the server is known to serve the configured chain.
    private func get(_ path: String) async throws(EsploraError) -> HTTPResponse {
        if let identity, !identityCheck.isChecked {
            let genesisPath = "/block-height/0"
            let genesis = try hashOf(try await checkedGet(genesisPath), path: genesisPath)
            if let reason = identity.mismatch(chain: nil, genesis: genesis) { throw .wrongChain(backend: name, reason: reason) }
            identityCheck.set(true)
        }
        do { return try await checkedGet(path) } catch {
            switch error {
            case .notFound, .invalidArgument, .malformed: break
            default: identityCheck.set(false)
            }
            throw error
        }
    }

    /// GETs `path` under the base URL; only 2xx comes back, everything else is a typed error.
    private func checkedGet(_ path: String) async throws(EsploraError) -> HTTPResponse {
        let url = URL(string: baseURL.absoluteString.trimmingSuffix("/") + path)!
        let response: HTTPResponse
        do {
            response = try await http.get(url, timeoutSeconds: timeoutSeconds, now: clock())
        } catch {
            switch error {
            case .rateLimited(let until): throw .rateLimited(backend: name, until: until)
            case .timedOut: throw .timedOut(endpoint: endpoint(path))
            case .unreachable(let why), .failed(let why): throw .unreachable(endpoint: endpoint(path), reason: why)
            }
        }
        switch response.status {
        case 200..<300: return response
        case 404: throw .notFound(endpoint: endpoint(path), detail: response.excerpt)
        case 500...: throw .serverError(endpoint: endpoint(path), status: response.status)
        default: throw .unexpectedStatus(endpoint: endpoint(path), status: response.status, detail: response.excerpt)
        }
    }

    /// Addresses are base58 or bech32: letters and digits only, so nothing can escape the URL path.
    private func checked(_ address: String) throws(EsploraError) -> String {
        guard !address.isEmpty, address.count <= 100, address.unicodeScalars.allSatisfy({ $0.isASCII && CharacterSet.alphanumerics.contains($0) })
        else { throw .invalidArgument("\"\(address.prefix(100))\" is not an address (expected letters and digits only)") }
        return address
    }

    private func checkedTxid(_ txid: String) throws(EsploraError) -> String {
        guard ChainHash.isValid(txid) else { throw .invalidArgument("\"\(txid.prefix(80))\" is not a txid (64 hex digits)") }
        return txid.lowercased()
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String {
        var text = self
        while text.hasSuffix(suffix) { text.removeLast(suffix.count) }
        return text
    }
}
