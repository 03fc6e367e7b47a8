import Foundation
import TillCore

/// Training keeps its sales in memory only: they never reach the real sales history.
public final class InMemorySales: RunnerSales, @unchecked Sendable {
    private let lock = NSLock()
    private var sales: [String: Sale] = [:]
    private var sequence = 0

    public init() {}

    public func save(_ sale: Sale, effects: [SaleEffect]) throws {
        lock.lock(); defer { lock.unlock() }
        sales[sale.id] = sale
    }

    public func openSales() throws -> [Sale] {
        lock.lock(); defer { lock.unlock() }
        return sales.values.filter { !$0.status.isClosed }.sorted { $0.id < $1.id }
    }

    public func reorgWatchedSales() throws -> [Sale] {
        lock.lock(); defer { lock.unlock() }
        return sales.values.filter { $0.status == .paid && $0.watching }.sorted { $0.id < $1.id }
    }

    public func reserveSaleID(at date: Date) throws -> String {
        lock.lock(); defer { lock.unlock() }
        sequence += 1
        return "T-\(String(format: "%04d", sequence))"
    }

    /// A saved sale, for tests.
    public func sale(_ id: String) -> Sale? {
        lock.lock(); defer { lock.unlock() }
        return sales[id]
    }
}
