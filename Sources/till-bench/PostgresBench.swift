import Foundation
import TillConfig
import TillCore
import TillStore
import TillStorePostgres
import TillStoreTestSupport
import TillTestSupport

/// Quotes per second with 1, 2 and 4 lanes on one PostgreSQL (every quote allocates under the wallet's row lock
/// and saves its sale in the same transaction), and how long adopting a stopped lane's open sales takes.
func runPostgresBench() async throws {
    let server = try PostgresServer()
    defer { server.destroy() }
    let keys = try TemporaryDirectory(prefix: "till-bench-pg-key")
    let key = keys.url.path
    let perLane = 300
    for lanes in [1, 2, 4] {
        let url = server.url(database: try server.createDatabase(prefix: "bench"))
        let location = try PostgresLocation.parse(url, environment: [:])
        let stores = try (0..<lanes).map { try PostgresStore(location: location, lane: "lane-\($0)", keyDirectory: key) }
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
    let dead = try PostgresStore(location: location, lane: "dead", keyDirectory: key)
    let alive = try PostgresStore(location: location, lane: "alive", keyDirectory: key)
    let noon = Date(timeIntervalSince1970: 1_795_608_000)
    try dead.heartbeat(at: noon)
    try quote(dead, lane: 9, count: 1_000)
    try alive.heartbeat(at: noon)
    let started = ContinuousClock.now
    let adopted = try alive.adoptOrphanedSales(at: noon.addingTimeInterval(3_600)).sales.count
    let adoption = seconds(ContinuousClock.now - started)
    print("postgres: adopting \(adopted) open sales of a stopped lane took \(String(format: "%.1f", adoption * 1000)) ms")
    try runPostgresManagerQueries(server)
    withExtendedLifetime(keys) {}
}

/// The manager screen's queries on a generated ledger copied into PostgreSQL (TILL_BENCH_PG_SALES, default 100,000:
/// copying a million takes long on two cores; the SQLite figures are `till-bench manager`).
private func runPostgresManagerQueries(_ server: PostgresServer) throws {
    let count = Int(ProcessInfo.processInfo.environment["TILL_BENCH_PG_SALES"] ?? "") ?? 100_000
    let zone = TimeZone(identifier: "UTC")!
    let source = try ManagerBenchData.open(count: count, timeZone: zone)
    let url = server.url(database: try server.createDatabase(prefix: "manager"))
    // The copy needs the till's own key: the lane keeps its key where the SQLite ledger keeps its own.
    let store = try PostgresStore(location: try PostgresLocation.parse(url, environment: [:]), lane: "main",
                                  keyDirectory: source.installSecret.directory, timeZone: zone)
    let started = ContinuousClock.now
    try LedgerCopy.copy(from: source, to: store)
    print("postgres: copied \(count) sales from SQLite in \(String(format: "%.1f", seconds(ContinuousClock.now - started))) s")
    try server.psql("ANALYZE", database: URLComponents(string: url)!.path.trimmingCharacters(in: ["/"]))
    let july = SaleFilter(from: Date(timeIntervalSince1970: 1_782_864_000), to: Date(timeIntervalSince1970: 1_785_542_400))
    let queries: [(String, () throws -> Void)] = [
        ("first page (50, all sales)", { _ = try store.listSales(.all, after: nil, limit: 50) }),
        ("first page, coin ETH + paid", {
            _ = try store.listSales(SaleFilter(assetID: "ETH", statuses: [.paid]), after: nil, limit: 50) }),
        ("totals of all sales by day", { _ = try store.totals(.all, groupedBy: [.day]) }),
        ("totals of July by coin", { _ = try store.totals(july, groupedBy: [.asset]) }),
        ("totals of all sales by day+coin+cashier", { _ = try store.totals(.all, groupedBy: [.day, .asset, .cashier]) }),
        ("a sale's details (reload)", { _ = try store.sale(id: "S-20260720-0100") }),
    ]
    for (name, query) in queries {
        var runs: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            try query()
            runs.append(seconds(ContinuousClock.now - start) * 1000)
        }
        print("postgres: \(name) at \(count) sales: median \(String(format: "%.1f", runs.sorted()[2])) ms, "
              + "max \(String(format: "%.1f", runs.max() ?? 0)) ms")
    }
}

private func quote(_ store: PostgresStore, lane: Int, count: Int) throws {
    let noon = Date(timeIntervalSince1970: 1_795_608_000)
    let coffee = Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd), category: "Coffee")
    for index in 0..<count {
        let id = "B-\(lane)-\(index)"
        let request = AddressRequest(walletID: "btc", gapLimit: 1_000_000, saleID: id, at: noon)
        _ = try store.saveQuoted(request, reason: "quote",
                                 derive: { IndexedAddress(address: "bc1qbench\($0)", path: "m/84'/0'/0'/0/\($0)") },
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


/// Blocking store work on a thread of its own, as a lane's runner would do it.
private func onOwnThread(_ body: @escaping @Sendable () throws -> Void) async throws {
    try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
        Thread { continuation.resume(with: Result { try body() }) }.start()
    }
}
