import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The session delegate that turns a 401 authentication challenge back into a plain 401 response.
///
/// Why: FoundationNetworking answers a 401 carrying `WWW-Authenticate` (Bitcoin Core's RPC with a wrong password)
/// with an authentication challenge; with no session delegate and no stored credential it neither retries nor
/// completes the task, so the request hung until its timeout and a wrong password looked like a dead node.
/// We always send our own `Authorization` header, so there is nothing better to answer the challenge with:
/// the task is cancelled at once and the refusal is kept here until `send` collects it as the response.
final class ChallengeRefusal: NSObject, URLSessionTaskDelegate, @unchecked Sendable {
    private let lock = NSLock()
    private var refused: [Int: HTTPResponse] = [:]

    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        let failure = challenge.failureResponse as? HTTPURLResponse
        let response = HTTPResponse(status: failure?.statusCode ?? 401, headers: HTTPResponse.lowercased(failure?.allHeaderFields ?? [:]),
                                    body: Data())
        lock.lock()
        refused[task.taskIdentifier] = response
        lock.unlock()
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    /// The refusal recorded for the task, if its cancellation came from a challenge (taken out once).
    func takeRefusal(taskIdentifier: Int) -> HTTPResponse? {
        lock.lock(); defer { lock.unlock() }
        return refused.removeValue(forKey: taskIdentifier)
    }
}

extension HTTPResponse {
    /// Header names lower-cased, values as text.
    static func lowercased(_ fields: [AnyHashable: Any]) -> [String: String] {
        var headers: [String: String] = [:]
        for (name, value) in fields {
            if let name = name as? String, let value = value as? String { headers[name.lowercased()] = value }
        }
        return headers
    }
}

/// Hands a data task's completion to an async caller exactly once, whichever comes first.
final class TaskCompletion: @unchecked Sendable {
    typealias Outcome = (data: Data?, response: URLResponse?, error: (any Error)?)
    private let lock = NSLock()
    private var continuation: CheckedContinuation<Outcome, Never>?
    private var early: Outcome?

    func wait(_ continuation: CheckedContinuation<Outcome, Never>) {
        lock.lock()
        if let early {
            lock.unlock()
            continuation.resume(returning: early)
            return
        }
        self.continuation = continuation
        lock.unlock()
    }

    func complete(_ outcome: Outcome) {
        lock.lock()
        guard let continuation else {
            early = outcome
            lock.unlock()
            return
        }
        self.continuation = nil
        lock.unlock()
        continuation.resume(returning: outcome)
    }
}
