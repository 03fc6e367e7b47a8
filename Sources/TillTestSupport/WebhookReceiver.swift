import Foundation
import TillHTTP

/// The receiver could not be started.
public struct ReceiverError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// Runs `Tests/Support/webhook_receiver.py` (an independent Standard Webhooks verifier) on a free port.
public final class WebhookReceiver: @unchecked Sendable {
    public struct Attempt: Decodable, Equatable, Sendable { public let id: String?; public let timestamp: String?; public let status: Int }
    public struct Log: Decodable, Sendable {
        public let accepted: [String]
        public let duplicates: [String]
        public let rejected: Int
        public let failed: Int
        public let attempts: [Attempt]
        public let bodies: [String: String]
    }

    public let url: URL
    private let process: SpawnedChild

    public static func start(secret: String, failFirst: Int = 0) async throws -> WebhookReceiver {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                continuation.resume(with: Result { try WebhookReceiver(secret: secret, failFirst: failFirst) })
            }
        }
    }

    private init(secret: String, failFirst: Int) throws {
        guard let python = Processes.which("python3") else {
            throw ReceiverError("python3 not found: run `bash .ci/setup`")
        }
        let script = TestPeers.repositoryRoot.appendingPathComponent("Tests/Support/webhook_receiver.py").path
        // Its stdin is a pipe it watches: the receiver exits when the test process dies.
        process = try Spawn.piped(python, ["-u", script, "--secret", secret, "--fail", String(failFirst)],
                                  stdinPipe: true, stdoutPipe: true)
        let text = (process.readLine() ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
        guard let port = Int(text) else {
            process.stop()
            throw ReceiverError("webhook receiver did not print its port (got \"\(text)\")")
        }
        url = URL(string: "http://127.0.0.1:\(port)/till/events")!
    }

    public func log() async throws -> Log {
        let response = try await HTTPClient().send(HTTPRequest(url: URL(string: "/__log", relativeTo: url)!.absoluteURL))
        return try JSONDecoder().decode(Log.self, from: response.body)
    }

    /// The next `count` valid webhooks get 500.
    public func failNext(_ count: Int) async throws {
        _ = try await HTTPClient().send(HTTPRequest(url: URL(string: "/__fail", relativeTo: url)!.absoluteURL, method: "POST",
                                                    body: Data("{\"count\": \(count)}".utf8)))
    }

    public func stop() { process.stop() }

    deinit { stop() }
}
