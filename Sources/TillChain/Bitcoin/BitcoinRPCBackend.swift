import Foundation
import TillHTTP

/// How to log in to a node's JSON-RPC.
public enum BitcoinRPCCredentials: Sendable, Hashable {
    case userPassword(user: String, password: String)
    /// The node's `.cookie` file (`__cookie__:<secret>`), read again on every call because the node
    /// writes a new one each time it starts.
    case cookieFile(URL)
}

/// A Bitcoin Core-style node over JSON-RPC (HTTP basic auth). Counts its calls for the benchmark.
public final class BitcoinRPCBackend: ChainBackend {
    public let name: String
    private let url: URL
    private let credentials: BitcoinRPCCredentials
    private let timeoutSeconds: Int
    private let client = HTTPClient()
    private let counter = CallCounter()
    private let identity: BitcoinChainIdentity?
    private let identityCheck = IdentityCheck()

    /// `url` is the RPC endpoint (`http://127.0.0.1:18443/`); `timeoutSeconds` bounds every call. With `identity`,
    /// the node's chain and genesis block are checked before the first call and again after every failure (a
    /// reconnect may reach another node); a mismatch fails every call with `.wrongChain`.
    public init(url: URL, credentials: BitcoinRPCCredentials, timeoutSeconds: Int = 10, identity: BitcoinChainIdentity? = nil) {
        self.identity = identity
        self.url = url
        self.credentials = credentials
        self.timeoutSeconds = timeoutSeconds
        self.name = "node " + HTTPError.hostText(url).replacingOccurrences(of: "http://", with: "")
    }

    /// A verbose mainnet block (`getblock <hash> 2`) is tens of megabytes; nothing the till asks for is larger.
    public static let maxResponseBytes = 64 * 1024 * 1024

    /// RPC calls made so far (all methods).
    public var callCount: Int { counter.value }

    /// Calls `method` with `params` and returns its `result`, once the node is known to serve the configured chain.
    public func call(_ method: String, _ params: [JSONValue] = []) async throws(ChainBackendError) -> JSONValue {
        if let identity, !identityCheck.isChecked { try await verify(identity) }
        do {
            return try await rawCall(method, params)
        } catch {
            if case .rpcError = error {} else { identityCheck.set(false) }
            throw error
        }
    }

    /// `getblockchaininfo.chain` and `getblockhash 0` against the expected network.
    private func verify(_ identity: BitcoinChainIdentity) async throws(ChainBackendError) {
        let info = try await rawCall("getblockchaininfo", [])
        let genesis = try string(await rawCall("getblockhash", [.number("0")]), "getblockhash")
        if let reason = identity.mismatch(chain: info["chain"]?.stringValue, genesis: genesis) {
            throw .wrongChain(backend: name, reason: reason)
        }
        identityCheck.set(true)
    }

    private func rawCall(_ method: String, _ params: [JSONValue]) async throws(ChainBackendError) -> JSONValue {
        let body = JSONValue.object(["jsonrpc": .string("1.0"), "id": .string("till"), "method": .string(method),
                                     "params": .array(params)])
        let (status, json) = try await post(body, method: method)
        return try result(of: json, method: method, status: status)
    }

    /// Sends `calls` as one JSON-RPC batch (an array of requests); each call's result or error, in order.
    func batch(_ calls: [(method: String, params: [JSONValue])]) async throws(ChainBackendError) -> [Result<JSONValue, ChainBackendError>] {
        guard let first = calls.first else { return [] }
        if let identity, !identityCheck.isChecked { try await verify(identity) }
        let body = JSONValue.array(calls.enumerated().map { index, call in
            .object(["jsonrpc": .string("1.0"), "id": .number(String(index)), "method": .string(call.method), "params": .array(call.params)])
        })
        let status: Int, json: JSONValue
        do {
            (status, json) = try await post(body, method: first.method)
        } catch {
            identityCheck.set(false)
            throw error
        }
        guard let answers = json.arrayValue else {
            identityCheck.set(false)
            throw (try? result(of: json, method: first.method, status: status)).map { _ in
                ChainBackendError.garbage(backend: name, method: first.method, reason: "a batch answered with one object")
            } ?? .httpStatus(backend: name, method: first.method, status: status)
        }
        var byID: [Int: JSONValue] = [:]
        for answer in answers {
            guard let id = answer["id"]?.intValue, calls.indices.contains(id) else {
                throw .garbage(backend: name, method: first.method, reason: "a batch answer without a known id")
            }
            byID[id] = answer
        }
        return calls.enumerated().map { index, call in
            guard let answer = byID[index] else {
                return .failure(.garbage(backend: name, method: call.method, reason: "no answer in the batch"))
            }
            do throws(ChainBackendError) {
                return .success(try result(of: answer, method: call.method, status: 200))
            } catch {
                return .failure(error)
            }
        }
    }

    /// POSTs a JSON-RPC body; the HTTP status and the parsed answer. A 401 and transport failures throw.
    private func post(_ body: JSONValue, method: String) async throws(ChainBackendError) -> (Int, JSONValue) {
        counter.increment()
        var request = HTTPRequest(url: url, method: "POST", headers: ["Content-Type": "application/json"],
                                  body: Data(body.text.utf8), timeoutSeconds: timeoutSeconds,
                                  maxResponseBytes: Self.maxResponseBytes)
        let (user, password) = try login()
        request.setBasicAuth(user: user, password: password)
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            switch error {
            case .timedOut: throw .timedOut(backend: name)
            case .unreachable(_, let why): throw .unreachable(backend: name, reason: why)
            case .failed(_, let why): throw .unreachable(backend: name, reason: why)
            }
        }
        // 403 is not a password problem (Bitcoin Core sends it for an address outside `rpcallowip`): it stays a status.
        if response.status == 401 { throw .authFailed(backend: name) }
        do {
            return (response.status, try JSONParser.parse(Array(response.body)))
        } catch {
            if response.status != 200 { throw .httpStatus(backend: name, method: method, status: response.status) }
            throw .garbage(backend: name, method: method, reason: error.message)
        }
    }

    /// One JSON-RPC answer object: its `result`, or its `error` as a typed error.
    private func result(of json: JSONValue, method: String, status: Int) throws(ChainBackendError) -> JSONValue {
        if let error = json["error"], !error.isNull {
            throw .rpcError(backend: name, method: method, code: error["code"]?.intValue ?? 0,
                            message: error["message"]?.stringValue ?? error.text)
        }
        guard status == 200 else { throw .httpStatus(backend: name, method: method, status: status) }
        guard let result = json["result"] else { throw .garbage(backend: name, method: method, reason: "no result") }
        return result
    }

    private func login() throws(ChainBackendError) -> (String, String) {
        switch credentials {
        case .userPassword(let user, let password): return (user, password)
        case .cookieFile(let file):
            guard let text = try? String(contentsOf: file, encoding: .utf8),
                  let colon = text.firstIndex(of: ":") else {
                throw .unreachable(backend: name, reason: "cannot read the cookie file \(file.path) (is the node running?)")
            }
            let secret = text[text.index(after: colon)...].trimmingCharacters(in: .whitespacesAndNewlines)
            return (String(text[..<colon]), secret)
        }
    }

    public func tip() async throws(ChainBackendError) -> ChainTip {
        // Hash first, then its height from the block header, so the pair is consistent even while blocks arrive.
        let hash = try await string(call("getbestblockhash"), "getbestblockhash")
        let header = try await call("getblockheader", [.string(hash)])
        guard let height = header["height"]?.intValue else {
            throw .garbage(backend: name, method: "getblockheader", reason: "no height")
        }
        return ChainTip(height: height, hash: hash)
    }

    /// `getblockcount`: the height of the best block.
    public func blockCount() async throws(ChainBackendError) -> Int {
        let result = try await call("getblockcount")
        guard let height = result.intValue else { throw .garbage(backend: name, method: "getblockcount", reason: "not an integer") }
        return height
    }

    public func blockHash(at height: Int) async throws(ChainBackendError) -> String {
        try string(await call("getblockhash", [.number(String(height))]), "getblockhash")
    }

    public func block(hash: String) async throws(ChainBackendError) -> ChainBlock {
        let result = try await call("getblock", [.string(hash), .number("2")])
        do {
            return try BitcoinJSON.block(result)
        } catch {
            throw .garbage(backend: name, method: "getblock", reason: error.reason)
        }
    }

    public func mempoolTxids() async throws(ChainBackendError) -> [String] {
        let result = try await call("getrawmempool")
        guard let items = result.arrayValue else { throw .garbage(backend: name, method: "getrawmempool", reason: "not a list") }
        var txids: [String] = []
        txids.reserveCapacity(items.count)
        for item in items {
            guard let txid = item.stringValue, ChainHash.isValid(txid) else {
                throw .garbage(backend: name, method: "getrawmempool", reason: "a txid is not 64 hex digits")
            }
            txids.append(txid)
        }
        return txids
    }

    public func transaction(txid: String) async throws(ChainBackendError) -> ChainTransaction? {
        let result: JSONValue
        do {
            result = try await call("getrawtransaction", [.string(txid), .number("1")])
        } catch {
            // -5: "No such mempool or blockchain transaction" — gone, not an outage.
            if case .rpcError(_, _, -5, _) = error { return nil }
            throw error
        }
        do {
            return try BitcoinJSON.transaction(result)
        } catch {
            throw .garbage(backend: name, method: "getrawtransaction", reason: error.reason)
        }
    }

    private func string(_ value: JSONValue, _ method: String) throws(ChainBackendError) -> String {
        guard let text = value.stringValue, ChainHash.isValid(text) else {
            throw .garbage(backend: name, method: method, reason: "expected a block hash")
        }
        return text
    }
}

/// A thread-safe counter (the backend is shared between tasks).
final class CallCounter: @unchecked Sendable {
    private let lock = NSLock()
    private var count = 0

    func increment() { lock.lock(); count += 1; lock.unlock() }
    var value: Int { lock.lock(); defer { lock.unlock() }; return count }
}
