import Foundation
import TillConfig
import TillCore
import TillStore
import TillStorePostgres
import TillTestSupport

/// Quotes per second with 1, 2 and 4 lanes on one PostgreSQL (every quote allocates under the wallet's row lock
/// and saves its sale in the same transaction), and how long adopting a stopped lane's open sales takes.
func runPostgresBench() async throws {
    let server = try PostgresServer()
    defer { server.destroy() }
    let perLane = 300
    for lanes in [1, 2, 4] {
        let url = server.url(database: try server.createDatabase(prefix: "bench"))
        let location = try PostgresLocation.parse(url, environment: [:])
        let stores = try (0..<lanes).map { try PostgresStore(location: location, lane: "lane-\($0)") }
        let start = ContinuousClock.now
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (number, store) in stores.enumerated() {
                group.addTask { try await onOwnThread { try quote(store, lane: number, count: perLane) } }
            }
            try await group.waitForAll()
        }
        let elapsed = seconds(ContinuousClock.now - start)
        print("postgres: \(lanes) lane\(lanes == 1 ? "" : "s") × \(perLane) quotes in \(String(format: "%.2f", elapsed)) s = "
              + "\(Int(Double(lanes * perLane) / elapsed)) quotes/s")
    }
    // Adoption: one lane stops with 1,000 open sales; another takes them over in one statement.
    let url = server.url(database: try server.createDatabase(prefix: "adopt"))
    let location = try PostgresLocation.parse(url, environment: [:])
    let dead = try PostgresStore(location: location, lane: "dead"), alive = try PostgresStore(location: location, lane: "alive")
    let noon = Date(timeIntervalSince1970: 1_795_608_000)
    try dead.heartbeat(at: noon)
    try quote(dead, lane: 9, count: 1_000)
    try alive.heartbeat(at: noon)
    let started = ContinuousClock.now
    let adopted = try alive.adoptOrphanedSales(at: noon.addingTimeInterval(3_600)).count
    let adoption = seconds(ContinuousClock.now - started)
    print("postgres: adopting \(adopted) open sales of a stopped lane took \(String(format: "%.1f", adoption * 1000)) ms")
}

private func quote(_ store: PostgresStore, lane: Int, count: Int) throws {
    let noon = Date(timeIntervalSince1970: 1_795_608_000)
    let coffee = Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd), category: "Coffee")
    for index in 0..<count {
        let id = "B-\(lane)-\(index)"
        let request = AddressRequest(walletID: "btc", gapLimit: 1_000_000, saleID: id, at: noon)
        _ = try store.saveQuoted(request, reason: "quote",
                                 derive: { DerivedAddress(address: "bc1qbench\($0)", path: "m/84'/0'/0'/0/\($0)") },
                                 isUnusedOnChain: { _ in true }, build: { address in
            var parts = SyntheticSales.Parts(id: id, cashier: "bench", openedAt: noon, lines: [(coffee, 1)])
            parts.status = .awaitingPayment
            parts.asset = .btc
            parts.policy = .defaults(for: .btc)
            parts.quotes = [try SyntheticSales.quote(asset: .btc, fiat: FiatAmount(minor: 450, currency: .usd),
                                                     price: "64123.45", address: address.address, path: address.path,
                                                     at: noon)]
            parts.history = [SaleTransition(from: .building, to: .awaitingPayment, at: noon, reason: "checkout")]
            return (try SyntheticSales.sale(parts), [.notify(.quoted)])
        })
    }
}

private func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

/// Blocking store work on a thread of its own, as a lane's runner would do it.
private func onOwnThread(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
