import Foundation
import TillCore
import TillStore
import TillStoreTestSupport

/// Store figures: sales written per second (each a full save in its own transaction, the way the till writes)
/// and the manager's list queries at 100,000 sales in a temporary SQLite file.
func runStoreBench() async throws {
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let database = try TillDatabase(path: directory.appendingPathComponent("till.sqlite").path,
                                    timeZone: TimeZone(identifier: "UTC")!)
    let count = 100_000
    let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    // Spread over a year: ~274 sales a day.
    let spacing = 365.0 * 86_400 / Double(count)
    let sales = try (0..<count).map { number in
        try SyntheticSales.generated(
            number: number, id: String(format: "S-BENCH-%07d", number),
            at: start.addingTimeInterval(Double(number) * spacing),
            address: IndexedAddress(address: "bc1qbench\(number)", path: "m/84'/0'/0'/0/\(number)"))
    }
    try database.upsertProducts(SyntheticSales.products, at: start)

    let writeStart = ContinuousClock.now
    for sale in sales {
        try database.save(sale, effects: StoreSoak.finalEffects(sale), reason: "bench", at: sale.openedAt)
    }
    let writeSeconds = seconds(ContinuousClock.now - writeStart)
    print("store: sales written = \(Int(Double(count) / writeSeconds)) sales/s (\(count) saves, one transaction each)")

    let quoteStart = ContinuousClock.now
    let quoted = 1_000
    for number in 0..<quoted {
        let id = try database.nextSaleID(at: start)
        let request = AddressRequest(walletID: "bench", gapLimit: Int.max / 2, saleID: id, at: start)
        _ = try database.saveQuoted(request, reason: "bench",
                                    derive: { IndexedAddress(address: "bc1qq\($0)", path: "m/84'/0'/0'/0/\($0)") },
                                    isUnusedOnChain: { _ in true }) { address in
            let sale = try SyntheticSales.generated(number: number * 10 + 2, id: id, at: start,
                                                    address: IndexedAddress(address: address.address, path: address.path))
            return (sale, StoreSoak.finalEffects(sale))
        }
    }
    let quoteSeconds = seconds(ContinuousClock.now - quoteStart)
    print("store: id + address allocation + quoted save = \(Int(Double(quoted) / quoteSeconds)) quotes/s")

    let day = start.addingTimeInterval(200 * 86_400)
    try measure("first page (50 newest)") { _ = try database.listSales(.all, after: nil, limit: 50) }
    try measure("second page (keyset)") {
        let first = try database.listSales(.all, after: nil, limit: 50)
        _ = try database.listSales(.all, after: first.next, limit: 50)
    }
    try measure("filtered page (ETH, paid, bob)") {
        _ = try database.listSales(SaleFilter(assetID: "ETH", statuses: [.paid], cashier: "bob"), after: nil, limit: 50)
    }
    try measure("exceptions page (flagged)") {
        _ = try database.listSales(SaleFilter(flaggedOnly: true), after: nil, limit: 50)
    }
    try measure("a day's totals by asset and cashier") {
        _ = try database.totals(SaleFilter(from: day, to: day.addingTimeInterval(86_400), statuses: [.paid]),
                                groupedBy: [.asset, .cashier])
    }
    try measure("a month's totals by day and asset") {
        _ = try database.totals(SaleFilter(from: day, to: day.addingTimeInterval(30 * 86_400)), groupedBy: [.day, .asset])
    }
    try measure("the year's totals by asset") { _ = try database.totals(.all, groupedBy: [.asset]) }
    // After the year: only the sales still inside their late window (or still open) come back.
    let afterYear = start.addingTimeInterval(365 * 86_400)
    try measure("open sales after restart") { _ = try database.openSales(at: afterYear) }
    try measure("reload one sale") { _ = try database.sale(id: "S-BENCH-0050000") }
}

private func measure(_ name: String, repeats: Int = 20, _ body: () throws -> Void) throws {
    try body()  // warm the page cache and the statement cache
    let begin = ContinuousClock.now
    for _ in 0..<repeats { try body() }
    let milliseconds = seconds(ContinuousClock.now - begin) * 1000 / Double(repeats)
    print("store: \(name) at 100,000 sales = \(String(format: "%.2f", milliseconds)) ms")
}

