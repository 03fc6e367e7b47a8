import Foundation
import GRDB
import TillCore
import TillStore
import TillStoreTestSupport

/// What `synchronous = FULL` costs per sale: the same saves (one transaction each, as the till writes) with the
/// till's FULL and with GRDB's WAL default NORMAL, in a temporary SQLite file on the data disk's file system.
func runDurabilityBench() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = try TillDatabase(path: directory.appendingPathComponent("till.sqlite").path, timeZone: TimeZone(identifier: "UTC")!)
    let start = Date(timeIntervalSince1970: 1_767_225_600)
    try database.upsertProducts(SyntheticSales.products, at: start)
    let count = 2_000
    let sales = try (0..<(2 * count)).map { number in
        try SyntheticSales.generated(number: number, id: String(format: "S-SYNC-%07d", number), at: start,
                                     address: IndexedAddress(address: "bc1qsync\(number)", path: "m/84'/0'/0'/0/\(number)"))
    }
    func perSale(_ batch: ArraySlice<Sale>) throws -> Double {
        let begin = ContinuousClock.now
        for sale in batch { try database.save(sale, effects: StoreSoak.finalEffects(sale), reason: "bench", at: start) }
        let elapsed = (ContinuousClock.now - begin).components
        return (Double(elapsed.seconds) * 1e6 + Double(elapsed.attoseconds) / 1e12) / Double(batch.count)
    }
    let mode = try database.synchronousMode()
    let full = try perSale(sales[0..<count])
    try await database.pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = NORMAL") }
    let normal = try perSale(sales[count..<(2 * count)])
    print("durability: synchronous = FULL (mode \(mode)): \(Int(full)) µs per sale save; NORMAL: \(Int(normal)) µs; "
          + "FULL costs \(Int(full - normal)) µs per save (\(count) saves each)")
}
