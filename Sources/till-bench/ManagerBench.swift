import Foundation
import TillCore
import TillManager
import TillStore
import TillStoreTestSupport

/// Manager figures at a large history (`TILL_BENCH_MANAGER_SALES`, default 1,000,000 generated sales over 2026):
/// the sales screen opening, each filter, a deep page, the exceptions page, a day's Z report and a month's
/// export, as p50/p95 over several runs; plus PIN hashing and audit verification. The generated database is kept
/// in `TILL_BENCH_DIR` (default .build/bench) for the next run.
func runManagerBench() async throws {
    try runPINBench()
    let count = Int(ProcessInfo.processInfo.environment["TILL_BENCH_MANAGER_SALES"] ?? "") ?? 1_000_000
    let zone = TimeZone(identifier: "UTC")!
    let database = try ManagerBenchData.open(count: count, timeZone: zone)
    let label = "\(count) sales"

    let lastDay = try LocalDay(parsing: "2026-12-31", timeZone: zone)
    let day = try LocalDay(parsing: "2026-07-20", timeZone: zone)
    let july = SaleFilter(from: try LocalDay(parsing: "2026-07-01", timeZone: zone).start,
                          to: try LocalDay(parsing: "2026-08-01", timeZone: zone).start)
    let byEverything: Set<TotalsGrouping> = [.day, .asset, .cashier]
    func screen(_ filter: SaleFilter) throws {
        _ = try database.listSales(filter, after: nil, limit: 50)
        _ = try database.totals(filter, groupedBy: [.day])
        _ = try database.totals(filter, groupedBy: [.asset])
        _ = try database.totals(filter, groupedBy: [.cashier])
    }
    let screens: [(String, SaleFilter)] = [
        ("open sales screen, all sales (page + totals by day, coin, cashier)", .all),
        ("open sales screen, today (page + totals by day, coin, cashier)",
         SaleFilter(from: lastDay.start, to: lastDay.end)),
        ("filter a month (July)", july),
        ("filter coin ETH", SaleFilter(assetID: "ETH")),
        ("filter status expired", SaleFilter(statuses: [.expired])),
        ("filter cashier bob", SaleFilter(cashier: "bob")),
        ("filter July + ETH + paid + bob", SaleFilter(from: july.from, to: july.to, assetID: "ETH", statuses: [.paid],
                                                       cashier: "bob")),
    ]
    for (name, filter) in screens { try measure(name, label) { try screen(filter) } }
    try measure("first page only (50, all sales)", label) { _ = try database.listSales(.all, after: nil, limit: 50) }
    try measure("totals of all sales by day+coin+cashier", label) { _ = try database.totals(.all, groupedBy: byEverything) }
    var deep: SaleCursor?
    for _ in 0..<499 { deep = try database.listSales(.all, after: deep, limit: 50).next }
    try measure("page 500 (keyset, all sales)", label) { _ = try database.listSales(.all, after: deep, limit: 50) }
    try measure("exceptions page (50 unresolved)", label) { _ = try ExceptionQueue(store: database).page(limit: 50) }
    try measure("a sale's details (reload)", label) { _ = try database.sale(id: "S-20260720-0100") }
    let reports = ZReports(store: database, timeZone: zone, currency: .usd)
    try measure("a day's Z report (compute + text)", label) { _ = try reports.text(for: day, at: day.end) }

    let export = SalesExport(store: database, timeZone: zone, assets: [.btc, .ltc, .eth, GeneratedCatalog.usdc])
    for kind in ExportFormat.allCases {
        var bytes = 0, summary: ExportSummary?
        try measure("a month's \(kind.rawValue) export", label, runs: 3) {
            bytes = 0
            summary = try export.write(july, format: kind) { bytes += $0.utf8.count }
        }
        print("manager: a month's \(kind.rawValue) export wrote \(summary?.sales ?? 0) sales, "
              + "\(summary?.payments ?? 0) payments, \(bytes / 1024) KiB")
    }
    try runAuditBench(database)
}

/// The generated database, cached between runs (named after the count and the generator's version).
enum ManagerBenchData {
    static let version = 1

    static func open(count: Int, timeZone: TimeZone) throws -> TillDatabase {
        let directory = ProcessInfo.processInfo.environment["TILL_BENCH_DIR"] ?? ".build/bench"
        let path = "\(directory)/manager-\(count)-v\(version).sqlite"
        let cached = FileManager.default.fileExists(atPath: path)
        let ready = path + ".complete"
        if cached && !FileManager.default.fileExists(atPath: ready) {
            for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
        }
        var database: TillDatabase?
        let opening = try time { database = try TillDatabase(path: path, timeZone: timeZone) }
        guard let database else { throw StoreError.cannotOpen(path: path, detail: "not opened") }
        if FileManager.default.fileExists(atPath: ready) {
            print("manager: opened the cached \(count) sales (\(path)) in \(format(opening * 1000)) ms (migrations)")
            return database
        }
        let generator = SalesGenerator(.init(count: count, firstDay: Date(timeIntervalSince1970: 1_767_225_600)),
                                       timeZone: timeZone)
        let load = try time {
            try database.storeGenerated(generator) { written in
                if written % 100_000 == 0 { print("manager: … \(written) sales generated") }
            }
        }
        _ = FileManager.default.createFile(atPath: ready, contents: Data())
        print("manager: generated and stored \(count) sales in \(format(load)) s "
              + "(\(Int(Double(count) / load)) sales/s, 10,000 per transaction)")
        return database
    }
}

private func runPINBench() throws {
    let tuned = try PINHasher.tunedIterations(target: .milliseconds(100))
    print("manager: PBKDF2-SHA256 iterations for ~100 ms = \(tuned)")
    let salt = PINHasher.newSalt()
    let check = try time { _ = try PINHasher.matches(pin: "1234", salt: salt, iterations: PINHasher.recommendedIterations,
                                                     expected: "") }
    print("manager: one PIN check at \(PINHasher.recommendedIterations) iterations = \(format(check * 1000)) ms")
}

private func runAuditBench(_ database: TillDatabase) throws {
    let log = AuditLog(store: database)
    let start = Date(timeIntervalSince1970: 1_767_225_600)
    for number in 0..<10_000 {
        try log.append(.configChanged, actor: "bench", details: "entry \(number)", at: start)
    }
    var checked = 0
    let verify = try time { checked = try log.verify().entriesChecked }
    print("manager: audit verify of \(checked) entries = \(format(verify * 1000)) ms")
}

/// Runs `body` once to warm the caches, then `runs` times; prints p50 and p95 in milliseconds.
private func measure(_ name: String, _ label: String, runs: Int = 21, _ body: () throws -> Void) throws {
    try body()
    var samples: [Double] = []
    for _ in 0..<runs { samples.append(try time(body) * 1000) }
    samples.sort()
    let p50 = samples[samples.count / 2]
    let p95 = samples[min(samples.count - 1, Int((Double(samples.count) * 0.95).rounded(.up)) - 1)]
    print("manager: \(name) at \(label) = p50 \(format(p50)) ms, p95 \(format(p95)) ms")
}

private func time(_ body: () throws -> Void) throws -> Double {
    let begin = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - begin
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

private func format(_ value: Double) -> String { String(format: "%.2f", value) }
