import Dispatch
import Foundation
import Logging
import PostgresNIO
import TillConfig
import TillStore

/// One connection to the shop's PostgreSQL, used synchronously, because `SaleStore` is synchronous (as GRDB is).
///
/// Why this bridge and not `async` calls wrapped in a semaphore: postgres-nio's EventLoopFuture API runs entirely on
/// the link's own single-thread event loop, so a caller that blocks for the answer (the runner, possibly on a thread
/// of Swift's cooperative pool) never waits for work that itself needs a cooperative thread: no deadlock on two cores.
/// Every wait has a deadline: a server that stops answering is reported as offline instead of hanging the lane.
/// One connection per lane process, behind a lock: calls are serialised as they are on SQLite's single writer, and a
/// transaction (`transaction`) keeps the connection for its whole body.
final class PostgresLink: @unchecked Sendable {
    let location: PostgresLocation
    /// How long one statement may take before the lane reports the server as unreachable.
    let timeout: TimeInterval
    private let group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    private let lock = NSRecursiveLock()
    private var connection: PostgresConnection?
    private var nextID = 0
    private let logger = Logger(label: "till.postgres", factory: { _ in SwiftLogNoOpLogHandler() })

    init(location: PostgresLocation, timeout: TimeInterval = 10) {
        self.location = location
        self.timeout = timeout
    }

    deinit {
        if let connection, !connection.isClosed { _ = try? wait(connection.close(), "closing the connection") }
        try? group.syncShutdownGracefully()
    }

    /// Runs `body` on the connection (connecting first if needed). A lost connection is dropped, so the next call
    /// connects again: the lane recovers by itself when the server is back.
    @discardableResult
    func withSession<T>(_ operation: String, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            let session = PostgresSession(link: self, connection: try connected(operation))
            return try body(session)
        } catch {
            let mapped = mapped(error, operation: operation)
            if case .cannotOpen = mapped { dropConnection() }
            if connection?.isClosed == true { dropConnection() }
            throw mapped
        }
    }

    /// BEGIN, `body`, COMMIT; ROLLBACK when `body` throws. When it returns, everything is committed.
    @discardableResult
    func transaction<T>(_ operation: String, _ body: (PostgresSession) throws -> T) throws(StoreError) -> T {
        try withSession(operation) { session in
            try session.execute("BEGIN")
            do {
                let result = try body(session)
                try session.execute("COMMIT")
                return result
            } catch {
                if connection?.isClosed == false { _ = try? session.execute("ROLLBACK") }
                throw error
            }
        }
    }

    /// Whether the server answers now (a round trip on the lane's connection).
    func ping() -> Bool { (try? withSession("checking the connection") { try $0.execute("SELECT 1") }) != nil }

    private func connected(_ operation: String) throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        dropConnection()
        var configuration = PostgresConnection.Configuration(
            host: location.host, port: location.port, username: location.user, password: location.password,
            database: location.database, tls: try tls())
        configuration.options.connectTimeout = .seconds(Int64(max(1, min(timeout, 10))))
        // The server gives up on a statement or a lock wait before the client does: the error then names the cause.
        configuration.options.additionalStartupParameters = [
            ("statement_timeout", String(Int(timeout * 800))), ("lock_timeout", String(Int(timeout * 700))),
            ("application_name", "till"),
        ]
        nextID += 1
        do {
            let connection = try wait(PostgresConnection.connect(on: group.next(), configuration: configuration,
                                                                 id: nextID, logger: logger), operation)
            self.connection = connection
            return connection
        } catch let error as StoreError {
            throw error
        } catch {
            throw StoreError.cannotOpen(path: location.redacted, detail: "the server cannot be reached: \(describe(error))")
        }
    }

    private func tls() throws -> PostgresConnection.Configuration.TLS {
        switch location.sslMode {
        case .disable: return .disable
        case .prefer, .require:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = .none  // libpq: prefer/require encrypt but do not check
            let context = try NIOSSLContext(configuration: configuration)
            return location.sslMode == .prefer ? .prefer(context) : .require(context)
        case .verifyCA, .verifyFull:
            var configuration = TLSConfiguration.makeClientConfiguration()
            configuration.certificateVerification = location.sslMode == .verifyCA ? .noHostnameVerification : .fullVerification
            return .require(try NIOSSLContext(configuration: configuration))
        }
    }

    private func dropConnection() {
        guard let connection else { return }
        self.connection = nil
        Self.retire(connection)
    }

    /// Closes without waiting (the server may be gone), keeping the connection alive until the close completes:
    /// postgres-nio requires a connection to be closed before it is released.
    private static func retire(_ connection: PostgresConnection) {
        guard !connection.isClosed else { return }
        connection.close().whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// Blocks for `future` with the link's deadline; a missed deadline closes the connection (the next call
    /// reconnects) and reports the server as unreachable.
    func wait<T: Sendable>(_ future: EventLoopFuture<T>, _ operation: String) throws -> T {
        let done = DispatchSemaphore(value: 0)
        let box = ResultBox<T>()
        future.whenComplete { result in
            box.result = result
            done.signal()
        }
        guard done.wait(timeout: .now() + timeout) == .success else {
            dropConnection()
            throw StoreError.cannotOpen(path: location.redacted,
                                        detail: "no answer within \(Int(timeout)) s while \(operation)")
        }
        return try box.result!.get()
    }

    /// Keeps our own typed errors; a dropped or refused connection is `cannotOpen` (offline), a server error
    /// `database` with PostgreSQL's message.
    func mapped(_ error: any Error, operation: String) -> StoreError {
        if let error = error as? StoreError { return error }
        if let error = error as? PSQLError {
            if let message = error.serverInfo?[.message] {
                let code = error.serverInfo?[.sqlState] ?? ""
                // Class 08 (connection exception) and 57P01–57P03 (the server shutting down or starting): offline.
                if code.hasPrefix("08") || ["57P01", "57P02", "57P03"].contains(code) || connection?.isClosed == true {
                    return .cannotOpen(path: location.redacted, detail: "\(message) (\(code)) while \(operation)")
                }
                return .database(path: location.redacted, operation: operation, detail: "\(message) (\(code))")
            }
            return .cannotOpen(path: location.redacted, detail: "the connection failed while \(operation): \(describe(error))")
        }
        return .database(path: location.redacted, operation: operation, detail: describe(error))
    }

    private func describe(_ error: any Error) -> String {
        if let error = error as? PSQLError { return "\(error.code)" + (error.underlying.map { ": \($0)" } ?? "") }
        return "\(error)"
    }
}

/// The result of a future, handed from the event loop to the waiting thread (the semaphore orders the accesses).
private final class ResultBox<T>: @unchecked Sendable {
    var result: Result<T, any Error>?
}

/// The connection during one `withSession` body: statements with positional parameters ($1, $2, …).
struct PostgresSession {
    let link: PostgresLink
    let connection: PostgresConnection

    /// Runs `sql` and returns all its rows.
    @discardableResult
    func query(_ sql: String, _ values: [any SQLValue] = []) throws -> [PostgresRandomAccessRow] {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { value.bind(into: &bindings) }
        let result = try link.wait(connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger),
                                   "running \(sql.prefix(60))")
        return result.rows.map { $0.makeRandomAccess() }
    }

    /// Runs `sql` for its effect; returns the affected row count.
    @discardableResult
    func execute(_ sql: String, _ values: [any SQLValue] = []) throws -> Int {
        var bindings = PostgresBindings(capacity: values.count)
        for value in values { value.bind(into: &bindings) }
        let result = try link.wait(connection.query(PostgresQuery(unsafeSQL: sql, binds: bindings), logger: logger),
                                   "running \(sql.prefix(60))")
        return result.metadata.rows ?? 0
    }

    private var logger: Logger { Logger(label: "till.postgres", factory: { _ in SwiftLogNoOpLogHandler() }) }
}

/// A value that can be a statement parameter: text, 64-bit integers, booleans, bytes, text arrays, and NULL.
protocol SQLValue {
    func bind(into bindings: inout PostgresBindings)
}

extension String: SQLValue { func bind(into bindings: inout PostgresBindings) { bindings.append(self) } }
extension Int: SQLValue { func bind(into bindings: inout PostgresBindings) { bindings.append(Int64(self)) } }
extension Int64: SQLValue { func bind(into bindings: inout PostgresBindings) { bindings.append(self) } }
extension Bool: SQLValue { func bind(into bindings: inout PostgresBindings) { bindings.append(self) } }
extension Array: SQLValue where Element == String {
    func bind(into bindings: inout PostgresBindings) { bindings.append(self) }
}
extension Data: SQLValue { func bind(into bindings: inout PostgresBindings) { bindings.append(ByteBuffer(bytes: self)) } }
extension Optional: SQLValue where Wrapped: SQLValue {
    func bind(into bindings: inout PostgresBindings) {
        switch self {
        case .some(let value): value.bind(into: &bindings)
        case .none: bindings.appendNull()
        }
    }
}

/// A row of a result, read by column name.
typealias PostgresRowReader = PostgresRandomAccessRow

extension PostgresRandomAccessRow {
    /// The column's value; a type mismatch or NULL in a NOT NULL read throws, naming the column.
    func get<T: PostgresDecodable>(_ column: String, _ type: T.Type = T.self) throws -> T {
        try self[column].decode(T.self)
    }
}
