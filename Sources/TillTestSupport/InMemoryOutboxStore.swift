import Foundation
import TillHooks

/// An `OutboxStore` in memory, for the dispatcher tests (the till keeps its outbox in the ledger). Thread-safe.
public final class InMemoryOutboxStore: OutboxStore, @unchecked Sendable {
    private struct State {
        var rows: [Int64: OutboxDelivery] = [:]
        var nextID: Int64 = 1
    }

    // NSLock rather than Mutex: Mutex needs macOS 15 and the package supports macOS 14.
    private let state = Locked(State())

    public init() {}

    @discardableResult
    public func enqueue(_ deliveries: [NewDelivery]) throws -> [OutboxDelivery] {
        state.withLock { state in
            deliveries.map { new in
                let row = OutboxDelivery(id: state.nextID, endpoint: new.endpoint, eventID: new.eventID,
                                         eventType: new.eventType, body: new.body, createdAt: new.createdAt,
                                         nextAttemptAt: new.createdAt, retryFrom: new.createdAt)
                state.rows[row.id] = row
                state.nextID += 1
                return row
            }
        }
    }

    public func due(at time: Date, limit: Int) throws -> [OutboxDelivery] {
        state.withLock { state in
            state.rows.values
                .filter { $0.status == .pending && ($0.nextAttemptAt ?? .distantFuture) <= time }
                .sorted { ($0.nextAttemptAt!, $0.id) < ($1.nextAttemptAt!, $1.id) }
                .prefix(limit).map { $0 }
        }
    }

    public func markDelivered(_ id: Int64, at time: Date, statusCode: Int) throws {
        try update(id) { row in
            row.status = .delivered
            row.attempts += 1
            row.lastAttemptAt = time
            row.lastStatusCode = statusCode
            row.lastError = nil
            row.nextAttemptAt = nil
        }
    }

    public func recordFailure(_ id: Int64, at time: Date, statusCode: Int?, error: String, nextAttemptAt: Date?) throws {
        try update(id) { row in
            row.attempts += 1
            row.lastAttemptAt = time
            row.lastStatusCode = statusCode
            row.lastError = error
            row.nextAttemptAt = nextAttemptAt
            row.status = nextAttemptAt == nil ? .failed : .pending
        }
    }

    public func log(endpoint: String, limit: Int) throws -> [OutboxDelivery] {
        state.withLock { state in
            state.rows.values.filter { $0.endpoint == endpoint }.sorted { $0.id > $1.id }.prefix(limit).map { $0 }
        }
    }

    public func requeue(_ id: Int64, at time: Date) throws {
        try update(id) { row in
            row.status = .pending
            row.nextAttemptAt = time
            row.retryFrom = time
        }
    }

    public func delivery(_ id: Int64) throws -> OutboxDelivery? {
        state.withLock { $0.rows[id] }
    }

    private func update(_ id: Int64, _ change: (inout OutboxDelivery) -> Void) throws {
        let found = state.withLock { state -> Bool in
            guard var row = state.rows[id] else { return false }
            change(&row)
            state.rows[id] = row
            return true
        }
        guard found else { throw OutboxError("no outbox delivery with id \(id)") }
    }
}

/// A value guarded by a lock.
final class Locked<Value>: @unchecked Sendable {
    private var value: Value
    private let lock = NSLock()

    init(_ value: Value) { self.value = value }

    func withLock<T>(_ body: (inout Value) throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body(&value)
    }
}
