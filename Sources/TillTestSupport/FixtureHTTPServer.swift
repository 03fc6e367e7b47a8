import Foundation
#if canImport(Glibc)
import Glibc
#endif
import TillHTTP

/// One scripted answer of the fixture server; played in order, the last one repeats.
public struct FixtureResponse: Encodable, Sendable {
    public var status: Int
    public var headers: [String: String]
    public var body: String
    /// The server waits this long before answering (timeouts).
    public var delayMs: Int
    /// Close the connection without any response.
    public var drop: Bool
    /// Send the body one byte at a time, this many milliseconds apart (a drip-feeding server); 0 sends it at once.
    public var dripMs: Int
    /// Send the body this many times over, streamed (a huge answer without building it in memory); at least 1.
    public var repeatCount: Int
    /// False: a streamed body (drip or repeat) goes without `Content-Length`, ended by closing the connection.
    public var sendsLength: Bool

    public init(status: Int = 200, headers: [String: String] = [:], body: String = "", delayMs: Int = 0, drop: Bool = false,
                dripMs: Int = 0, repeatCount: Int = 1, sendsLength: Bool = true) {
        self.sendsLength = sendsLength
        self.status = status
        self.headers = headers
        self.body = body
        self.delayMs = delayMs
        self.drop = drop
        self.dripMs = dripMs
        self.repeatCount = repeatCount
    }

    /// A JSON body with `Content-Type: application/json`.
    public static func json(_ body: String, status: Int = 200, headers: [String: String] = [:], delayMs: Int = 0) -> FixtureResponse {
        FixtureResponse(status: status, headers: headers.merging(["Content-Type": "application/json"]) { old, _ in old },
                        body: body, delayMs: delayMs)
    }

    /// A plain-text body (`Content-Type: text/plain`).
    public static func text(_ body: String, status: Int = 200, headers: [String: String] = [:], delayMs: Int = 0) -> FixtureResponse {
        FixtureResponse(status: status, headers: headers.merging(["Content-Type": "text/plain"]) { old, _ in old },
                        body: body, delayMs: delayMs)
    }

    enum CodingKeys: String, CodingKey {
        case status, headers, body, drop
        case delayMs = "delay_ms"
        case dripMs = "drip_ms"
        case repeatCount = "repeat"
        case sendsLength = "length"
    }
}

/// A request the fixture server received (control requests excluded).
public struct FixtureRequest: Decodable, Sendable, Equatable {
    public let method: String
    /// The full request target, query included ("/simple/price?ids=bitcoin").
    public let path: String
    /// Header names in lower case.
    public let headers: [String: String]
    public let body: String
}

/// Why the fixture server could not be started or scripted.
public struct FixtureServerError: Error, CustomStringConvertible {
    public let description: String
}

/// Runs `Tests/Support/fixture_http_server.py` with the system `python3` on a free port of 127.0.0.1.
/// Each test starts its own, so tests run in parallel; the server exits with `stop()`, on deinit, or when
/// the test process dies (it watches its stdin).
public final class FixtureHTTPServer: @unchecked Sendable {
    /// `http://127.0.0.1:<port>`.
    public let baseURL: URL
    public let port: Int
    private let process: SpawnedChild
    private let lock = NSLock()

    /// The script's path in the repository.
    public static var scriptURL: URL {
        TestPeers.repositoryRoot.appendingPathComponent("Tests/Support/fixture_http_server.py")
    }

    /// Starts a server and waits until it has printed its port. The wait blocks a Dispatch thread, not one
    /// of Swift concurrency's few cooperative threads, so many tests can start servers in parallel.
    public static func start() async throws -> FixtureHTTPServer {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try FixtureHTTPServer() })
            }
        }
    }

    private init() throws {
        let python = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : Processes.which("python3")
        guard let python else { throw FixtureServerError(description: "python3 not found: run `bash .ci/setup`") }
        process = try Spawn.piped(python, ["-u", FixtureHTTPServer.scriptURL.path], stdinPipe: true, stdoutPipe: true)
        let text = (process.readLine() ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            process.stop()
            throw FixtureServerError(description: "fixture server did not print its port (got \"\(text)\")")
        }
        self.port = port
        baseURL = URL(string: "http://127.0.0.1:\(port)")!
    }

    /// Scripts `method path`: the responses are played in order and the last one repeats.
    /// With `prefix`, any request target starting with `path` matches (exact scripts win).
    /// With `bodyContains`, only requests whose body contains that text match (a JSON-RPC method: `"getrawmempool"`).
    public func script(_ path: String, _ responses: [FixtureResponse], method: String = "GET", prefix: Bool = false,
                       bodyContains: String = "") async throws {
        struct Script: Encodable {
            let method: String, path: String, match: String, responses: [FixtureResponse], body_contains: String
        }
        let body = try JSONEncoder().encode(Script(method: method, path: path, match: prefix ? "prefix" : "exact", responses: responses,
                                                   body_contains: bodyContains))
        _ = try await control("POST", "/__script", body: body)
    }

    /// Scripts a single response for `method path`.
    public func script(_ path: String, _ response: FixtureResponse, method: String = "GET", prefix: Bool = false,
                       bodyContains: String = "") async throws {
        try await script(path, [response], method: method, prefix: prefix, bodyContains: bodyContains)
    }

    /// Every request received so far, oldest first.
    public func requests() async throws -> [FixtureRequest] {
        try JSONDecoder().decode([FixtureRequest].self, from: try await control("GET", "/__requests", body: nil))
    }

    /// Forgets all scripts and the request log.
    public func reset() async throws {
        _ = try await control("POST", "/__reset", body: nil)
    }

    /// Terminates the server (idempotent).
    public func stop() {
        lock.lock()
        defer { lock.unlock() }
        process.stop()
    }

    deinit { stop() }

    private func control(_ method: String, _ path: String, body: Data?) async throws -> Data {
        let response = try await HTTPClient().send(HTTPRequest(url: baseURL.appendingPathComponent(String(path.dropFirst())),
                                                               method: method, body: body, timeoutSeconds: 10))
        guard response.status == 200 else {
            throw FixtureServerError(description: "fixture server refused \(method) \(path): \(response.bodyText)")
        }
        return response.body
    }
}
