import Foundation

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

    /// `url` is the RPC endpoint (`http://127.0.0.1:18443/`); `timeoutSeconds` bounds every call.
    public init(url: URL, credentials: BitcoinRPCCredentials, timeoutSeconds: Int = 10) {
        self.url = url
        self.credentials = credentials
        self.timeoutSeconds = timeoutSeconds
        self.name = "node " + HTTPError.hostText(url).replacingOccurrences(of: "http://", with: "")
    }

    /// A verbose mainnet block (`getblock <hash> 2`) is tens of megabytes; nothing the till asks for is larger.
    public static let maxResponseBytes = 64 * 1024 * 1024

    /// RPC calls made so far (all methods).
    public var callCount: Int { counter.value }

    /// Calls `method` with `params` and returns its `result`.
    public func call(_ method: String, _ params: [JSONValue] = []) async throws(ChainBackendError) -> JSONValue {
        counter.increment()
        let body = JSONValue.object(["jsonrpc": .string("1.0"), "id": .string("till"), "method": .string(method),
                                     "params": .array(params)])
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
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(response.body))
        } catch {
            if response.status != 200 { throw .httpStatus(backend: name, method: method, status: response.status) }
            throw .garbage(backend: name, method: method, reason: error.message)
        }
        if let error = json["error"], !error.isNull {
            throw .rpcError(backend: name, method: method, code: error["code"]?.intValue ?? 0,
                            message: error["message"]?.stringValue ?? error.text)
        }
        guard response.status == 200 else { throw .httpStatus(backend: name, method: method, status: response.status) }
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
