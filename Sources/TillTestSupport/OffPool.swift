import Foundation

/// Blocking work (a child process to wait for, a lock held across `initdb`) run on a thread of its own, so an async
/// test awaits it instead of holding one of the cooperative pool's threads (two on a 2-core machine), which starved
/// other tests' tasks for over a minute in full runs.
public enum OffPool {
    /// Runs `work` on a new thread and returns its result.
    public static func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread.detachNewThread { continuation.resume(with: Result { try work() }) }
        }
    }
}

extension Processes {
    /// `run` for async callers: the child is waited for off the cooperative pool.
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           stdin: String? = nil, currentDirectory: URL? = nil) async throws -> ProcessOutput {
        try await OffPool.run {
            try run(executable, arguments, environment: environment, stdin: stdin, currentDirectory: currentDirectory)
        }
    }
}

extension PostgresServer {
    /// `shared()` for async callers: the first caller's `initdb` and the others' wait for it happen off the pool.
    public static func shared() async throws -> PostgresServer {
        try await OffPool.run { try shared() }
    }
}
