import Foundation
import TillHTTP
import Synchronization

/// One JSON-RPC method call (for batches).
public struct EthereumRPCCall: Sendable {
    public let method: String
    public let params: [JSONValue]

    public init(_ method: String, _ params: [JSONValue] = []) {
        self.method = method
        self.params = params
    }
}

/// How many HTTP requests and JSON-RPC calls a client has sent (benchmarks and tests read it).
public struct EthereumRPCCounts: Sendable, Equatable {
    public var httpRequests = 0
    public var rpcCalls = 0
}

/// JSON-RPC 2.0 over HTTP POST: single calls and batches, answers matched by id, typed errors.
public final class EthereumRPCClient: Sendable {
    /// Scheme, host and port only, for messages (never the path, which may hold an API key).
    public let endpoint: String
    private let url: URL
    private let timeoutSeconds: Int
    private let http = HTTPClient()
    private let counts = Mutex(EthereumRPCCounts())

    public init(url: URL, timeoutSeconds: Int = 10) {
        self.url = url
        self.timeoutSeconds = timeoutSeconds
        endpoint = "\(url.scheme ?? "http")://\(url.host ?? "?")" + (url.port.map { ":\($0)" } ?? "")
    }

    /// Requests and calls sent so far.
    public var sent: EthereumRPCCounts { counts.withLock { $0 } }

    /// One call; its `result` (may be `null`).
    public func call(_ method: String, _ params: [JSONValue] = []) async throws(EthereumRPCError) -> JSONValue {
        let answer = try await post(.object(["jsonrpc": .string("2.0"), "id": .number("1"), "method": .string(method),
                                             "params": .array(params)]), method: method, calls: 1)
        return try result(of: answer, method: method)
    }

    /// Several calls in one HTTP request; results in the order of `calls`. Any error fails the whole batch:
    /// callers retry on the next tick, so partial results would only complicate them.
    public func batch(_ calls: [EthereumRPCCall]) async throws(EthereumRPCError) -> [JSONValue] {
        guard !calls.isEmpty else { return [] }
        if calls.count == 1 { return [try await call(calls[0].method, calls[0].params)] }
        let requests = calls.enumerated().map { index, call in
            JSONValue.object(["jsonrpc": .string("2.0"), "id": .number(String(index)), "method": .string(call.method),
                              "params": .array(call.params)])
        }
        let label = "batch of \(calls.count) (\(calls[0].method)…)"
        let answer = try await post(.array(requests), method: label, calls: calls.count)
        guard let items = answer.arrayValue else {
            // A node that rejects a whole batch answers with one error object.
            if answer["error"] != nil { _ = try result(of: answer, method: label) }
            throw .malformed(endpoint: endpoint, method: label, reason: "expected an array of answers")
        }
        var byID: [Int: JSONValue] = [:]
        for item in items { if let id = item["id"]?.intValue { byID[id] = item } }
        var results: [JSONValue] = []
        for (index, call) in calls.enumerated() {
            guard let item = byID[index] else {
                throw .malformed(endpoint: endpoint, method: call.method, reason: "no answer with id \(index) in the batch")
            }
            results.append(try result(of: item, method: call.method))
        }
        return results
    }

    private func result(of answer: JSONValue, method: String) throws(EthereumRPCError) -> JSONValue {
        if let error = answer["error"], !error.isNull {
            let code = error["code"]?.intValue ?? 0
            let text = error["message"]?.stringValue ?? error.text
            throw .rpc(endpoint: endpoint, method: method, code: code, message: String(text.prefix(300)))
        }
        guard let result = answer["result"] else {
            throw .malformed(endpoint: endpoint, method: method, reason: "neither result nor error in the answer")
        }
        return result
    }

    private func post(_ body: JSONValue, method: String, calls: Int) async throws(EthereumRPCError) -> JSONValue {
        counts.withLock { $0.httpRequests += 1; $0.rpcCalls += calls }
        let request = HTTPRequest(url: url, method: "POST", headers: ["Content-Type": "application/json"],
                                  body: Data(body.text.utf8), timeoutSeconds: timeoutSeconds)
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            switch error {
            case .timedOut: throw .timedOut(endpoint: endpoint)
            case .unreachable(_, let why), .failed(_, let why): throw .unreachable(endpoint: endpoint, reason: why)
            }
        }
        guard response.status == 200 else { throw .httpStatus(endpoint: endpoint, status: response.status) }
        do {
            return try JSONParser.parse(Array(response.body))
        } catch {
            throw .malformed(endpoint: endpoint, method: method, reason: "\(error.message) in \"\(response.bodyText.prefix(60))\"")
        }
    }
}
