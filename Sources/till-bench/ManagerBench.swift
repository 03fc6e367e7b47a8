import Foundation
import TillCore
import TillManager
import TillStore

/// Manager figures at a large history: list pages, a filtered page, the exceptions queue, a day's Z report and a
/// month's export, over `TILL_BENCH_MANAGER_SALES` (default 1,000,000) generated sales spread over a year; plus the
/// PIN hash tuning.
func runManagerBench() async throws {
    let tuned = try PINHasher.tunedIterations(target: .milliseconds(100))
    print("manager: PBKDF2-SHA256 iterations for ~100 ms = \(tuned)")
    let salt = PINHasher.newSalt()
    let check = try time { _ = try PINHasher.matches(pin: "1234", salt: salt, iterations: PINHasher.recommendedIterations,
                                                     expected: "") }
    print("manager: one PIN check at \(PINHasher.recommendedIterations) iterations = \(format(check * 1000)) ms")

    let count = Int(ProcessInfo.processInfo.environment["TILL_BENCH_MANAGER_SALES"] ?? "") ?? 1_000_000
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let zone = TimeZone(identifier: "UTC")!
    let database = try TillDatabase(path: directory.appendingPathComponent("till.sqlite").path, timeZone: zone)
    let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    let spacing = 365.0 * 86_400 / Double(count)
    let load = try time {
        var batch: [Sale] = []
        batch.reserveCapacity(10_000)
        for number in 0..<count {
            batch.append(try SyntheticSales.generated(
                number: number, id: String(format: "S-BENCH-%07d", number),
                at: start.addingTimeInterval(Double(number) * spacing),
                address: DerivedAddress(address: "bc1qbench\(number)", path: "m/84'/0'/0'/0/\(number)")))
            if batch.count == 10_000 {
                try database.saveAll(batch, reason: "bench", at: start)
                batch.removeAll(keepingCapacity: true)
            }
        }
        try database.saveAll(batch, reason: "bench", at: start)
    }
    print("manager: generated and stored \(count) sales in \(format(load)) s (10,000 per transaction)")
    let label = String(count)

    let day = try LocalDay(parsing: "2026-07-20", timeZone: zone)
    try measure("sales list first page (50)", label) { _ = try database.listSales(.all, after: nil, limit: 50) }
    try measure("filtered page (ETH, paid, bob)", label) {
        _ = try database.listSales(SaleFilter(assetID: "ETH", statuses: [.paid], cashier: "bob"), after: nil, limit: 50)
    }
    try measure("filtered page (one day, expired)", label) {
        _ = try database.listSales(SaleFilter(from: day.start, to: day.end, statuses: [.expired]), after: nil, limit: 50)
    }
    try measure("live totals of a day by asset", label) {
        _ = try database.totals(SaleFilter(from: day.start, to: day.end), groupedBy: [.asset])
    }
    try measure("exceptions queue first page", label) {
        _ = try ExceptionQueue(store: database).page(limit: 50)
    }
    let reports = ZReports(store: database, timeZone: zone, currency: .usd)
    try measure("a day's Z report (compute + text)", label) { _ = try reports.text(for: day, at: day.end) }

    var bytes = 0
    let export = SalesExport(store: database, timeZone: zone)
    let month = SaleFilter(from: try LocalDay(parsing: "2026-07-01", timeZone: zone).start,
                           to: try LocalDay(parsing: "2026-08-01", timeZone: zone).start)
    var summary: ExportSummary?
    for kind in ExportFormat.allCases {
        bytes = 0
        let seconds = try time { summary = try export.write(month, format: kind) { bytes += $0.utf8.count } }
        print("manager: a month's \(kind.rawValue) export at \(label) sales = \(format(seconds * 1000)) ms "
              + "(\(summary?.sales ?? 0) sales, \(summary?.payments ?? 0) payments, \(bytes / 1024) KiB)")
    }

    let log = AuditLog(store: database)
    for number in 0..<10_000 {
        try log.append(.configChanged, actor: "bench", details: "entry \(number)", at: start)
    }
    let verify = try time { _ = try log.verify() }
    print("manager: audit verify of 10,000 entries = \(format(verify * 1000)) ms")
}

private func measure(_ name: String, _ label: String, repeats: Int = 10, _ body: () throws -> Void) throws {
    try body()  // warm the caches
    let seconds = try time { for _ in 0..<repeats { try body() } }
    print("manager: \(name) at \(label) sales = \(format(seconds * 1000 / Double(repeats))) ms")
}

private func time(_ body: () throws -> Void) throws -> Double {
    let begin = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - begin
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

private func format(_ value: Double) -> String { String(format: "%.2f", value) }
