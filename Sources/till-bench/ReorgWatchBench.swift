import Foundation
import GRDB
import TillCore
import TillStore
import TillStoreTestSupport

/// Reorg-watch figures: what the `reorg_watch` triggers cost each save (the same sales saved with and without
/// them), and the restart query that finds paid sales still in their reorg window among 100,000 sales.
func runReorgWatchBench() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-reorg-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let count = 100_000, watched = 300
    let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    let spacing = 365.0 * 86_400 / Double(count)
    let sales = try (0..<count).map { number in
        try SyntheticSales.generated(number: number, id: String(format: "S-REORG-%07d", number),
                                     at: start.addingTimeInterval(Double(number) * spacing),
                                     address: IndexedAddress(address: "bc1qreorg\(number)", path: "m/84'/0'/0'/0/\(number)"))
    }
    var rates: [String: Int] = [:]
    for withTriggers in [true, false] {
        let database = try TillDatabase(path: directory.appendingPathComponent("\(withTriggers).sqlite").path,
                                        timeZone: TimeZone(identifier: "UTC")!)
        if !withTriggers {
            try execute(database, "DROP TRIGGER reorg_watch_on_insert; DROP TRIGGER reorg_watch_on_update")
        }
        let sample = sales.prefix(20_000)
        let begin = ContinuousClock.now
        for sale in sample { try database.save(sale, effects: [], reason: "bench", at: sale.openedAt) }
        rates[withTriggers ? "with" : "without"] = Int(Double(sample.count) / seconds(ContinuousClock.now - begin))
    }
    print("reorg: saves with the reorg_watch triggers = \(rates["with"] ?? 0) sales/s")
    print("reorg: saves without them = \(rates["without"] ?? 0) sales/s")

    let database = try TillDatabase(path: directory.appendingPathComponent("query.sqlite").path, timeZone: TimeZone(identifier: "UTC")!)
    for sale in sales { try database.save(sale, effects: [], reason: "bench", at: sale.openedAt) }
    // Synthetic sales are never watched; mark the newest paid ones as a day of paid sales still in their window.
    try execute(database, """
        INSERT INTO reorg_watch (sale_id) SELECT id FROM sales WHERE status = 'paid' ORDER BY opened_at DESC LIMIT \(watched)
        """)
    _ = try database.reorgWatchedSales()
    let repeats = 20
    let begin = ContinuousClock.now
    for _ in 0..<repeats { _ = try database.reorgWatchedSales() }
    let milliseconds = seconds(ContinuousClock.now - begin) * 1000 / Double(repeats)
    print("reorg: paid sales in their window after restart (\(watched) of \(count)) = \(String(format: "%.2f", milliseconds)) ms")
}

/// Raw SQL for the bench's setup (GRDB's blocking write, outside any async context).
private func execute(_ database: TillDatabase, _ sql: String) throws {
    try database.pool.write { db in try db.execute(sql: sql) }
}

