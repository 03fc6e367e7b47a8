import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// The session delegate: collects each task's body under its size cap, refuses cross-origin redirects and turns
/// a 401 challenge back into a plain 401 response; hands every task's outcome to its waiting caller once.
///
/// Why a delegate and not a completion handler: a completion handler only sees the body once it is whole, so a
/// 200 MB answer grew the till by 400 MB before anyone could look at it; here the task is cancelled as soon as
/// the body passes the cap.
///
/// Why the 401 handling: FoundationNetworking answers a 401 carrying `WWW-Authenticate` (Bitcoin Core's RPC with a
/// wrong password) with an authentication challenge; with no stored credential it neither retries nor completes
/// the task, so a wrong password looked like a dead node. We always send our own `Authorization` header, so
/// there is nothing better to answer with: the task is cancelled at once and the refusal becomes the response.
final class HTTPSessionDelegate: NSObject, URLSessionDataDelegate, @unchecked Sendable {
    /// Why a task ended early, decided here (or by the deadline) and read by `send`.
    enum Ending: Sendable {
        case refused(HTTPResponse)
        case tooLarge(Int)
        case deadline
        case redirectRefused(String)
    }

    private struct Pending {
        var completion: TaskCompletion
        var cap: Int
        var body = Data()
        var ending: Ending?
    }

    private let lock = NSLock()
    private var pending: [Int: Pending] = [:]

    /// Registers a task before it is resumed.
    func register(_ task: URLSessionTask, cap: Int, completion: TaskCompletion) {
        lock.lock(); defer { lock.unlock() }
        pending[task.taskIdentifier] = Pending(completion: completion, cap: cap)
    }

    /// Marks the task as ended for `reason` (first reason wins) and cancels it.
    func end(_ task: URLSessionTask, _ reason: Ending) {
        mark(task, reason)
        task.cancel()
    }

    /// Marks the task as ended for `reason` (first reason wins) without cancelling it.
    private func mark(_ task: URLSessionTask, _ reason: Ending) {
        lock.lock()
        if pending[task.taskIdentifier] != nil, pending[task.taskIdentifier]?.ending == nil {
            pending[task.taskIdentifier]?.ending = reason
        }
        lock.unlock()
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive response: URLResponse,
                    completionHandler: @escaping (URLSession.ResponseDisposition) -> Void) {
        lock.lock()
        let cap = pending[dataTask.taskIdentifier]?.cap ?? 0
        lock.unlock()
        if response.expectedContentLength > Int64(cap) {
            end(dataTask, .tooLarge(cap))
            completionHandler(.cancel)
            return
        }
        completionHandler(.allow)
    }

    func urlSession(_ session: URLSession, dataTask: URLSessionDataTask, didReceive data: Data) {
        let id = dataTask.taskIdentifier
        lock.lock()
        // No copy of the entry is held: a second reference to the body would make the append below copy it.
        guard pending[id]?.ending == nil, let cap = pending[id]?.cap, let count = pending[id]?.body.count else { lock.unlock(); return }
        guard count + data.count <= cap else {
            pending[id]?.body = Data()
            lock.unlock()
            end(dataTask, .tooLarge(cap))
            return
        }
        // Appended in place: copying the entry out and back would copy the whole body for every chunk.
        pending[id]?.body.append(data)
        lock.unlock()
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, willPerformHTTPRedirection response: HTTPURLResponse,
                    newRequest request: URLRequest, completionHandler: @escaping (URLRequest?) -> Void) {
        // Our headers (an RPC password, an API key) are meant for the origin we were given, never another host.
        guard let from = task.originalRequest?.url, let to = request.url, HTTPClient.sameOrigin(from, to) else {
            // Not cancelled here: FoundationNetworking traps when the task is cancelled inside this callback.
            // Declining delivers the 3xx as the final response, which `send` turns into the refusal.
            mark(task, .redirectRefused(request.url.map(HTTPError.hostText) ?? "?"))
            completionHandler(nil)
            return
        }
        completionHandler(request)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didReceive challenge: URLAuthenticationChallenge,
                    completionHandler: @escaping (URLSession.AuthChallengeDisposition, URLCredential?) -> Void) {
        let failure = challenge.failureResponse as? HTTPURLResponse
        let response = HTTPResponse(status: failure?.statusCode ?? 401, headers: HTTPResponse.lowercased(failure?.allHeaderFields ?? [:]),
                                    body: Data())
        lock.lock()
        if pending[task.taskIdentifier]?.ending == nil { pending[task.taskIdentifier]?.ending = .refused(response) }
        lock.unlock()
        completionHandler(.cancelAuthenticationChallenge, nil)
    }

    func urlSession(_ session: URLSession, task: URLSessionTask, didCompleteWithError error: (any Error)?) {
        lock.lock()
        let entry = pending.removeValue(forKey: task.taskIdentifier)
        lock.unlock()
        guard let entry else { return }
        entry.completion.complete(TaskCompletion.Outcome(body: entry.body, response: task.response, error: error,
                                                         ending: entry.ending))
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

/// Hands a task's outcome to an async caller exactly once, whichever comes first.
final class TaskCompletion: @unchecked Sendable {
    struct Outcome: @unchecked Sendable {
        var body: Data
        var response: URLResponse?
        var error: (any Error)?
        var ending: HTTPSessionDelegate.Ending?
    }
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
