import Foundation
import GRDB
import TillCore
import TillStore
import TillStoreTestSupport

/// `till-bench store-soak [PATH]`. With PATH: the child of the store's kill -9 test (`KillTests`): writes sales into
/// the database at PATH until it is killed, printing the number of finished iterations after each one. Without:
/// iterations per second in a temporary database.
func runStoreSoakBench() async throws {
    let arguments = CommandLine.arguments
    if let index = arguments.firstIndex(of: "store-soak"), arguments.indices.contains(index + 1) {
        do { try StoreSoak.run(databasePath: arguments[index + 1]) } catch {
            FileHandle.standardError.write(Data("till-bench store-soak: \(error)\n".utf8))
            exit(1)
        }
        return
    }
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: directory) }
    let iterations = 1_000
    let started = ContinuousClock.now
    try StoreSoak.run(databasePath: directory.appendingPathComponent("till.sqlite").path, iterations: iterations,
                      report: { _ in })
    let elapsed = ContinuousClock.now - started
    print("store-soak: \(Int(Double(iterations) / (elapsed / .seconds(1)))) iterations/s "
          + "(\(iterations) × sale id, quote with its address, final state)")
}

/// The loop of the store soak, like the till writes: each iteration is three transactions: a sale id; the quote
/// with its newly allocated address; the final state with its effects. Also the effects of the store benchmarks.
enum StoreSoak {
    /// The wallet the soak allocates from.
    static let walletID = "soak"

    /// Effects written with the quote (two outbox rows).
    static func quoteEffects(_ sale: Sale) -> [SaleEffect] {
        guard let quote = sale.currentQuote else { return [] }
        return [.watch(address: quote.address, asset: quote.asset), .notify(.quoted)]
    }

    /// Effects written with the final state (three outbox rows; paid sales also take stock).
    static func finalEffects(_ sale: Sale) -> [SaleEffect] {
        guard let quote = sale.currentQuote else { return [] }
        let unwatch = SaleEffect.unwatch(address: quote.address, asset: quote.asset)
        switch sale.status {
        case .paid:
            let changes = sale.cart.lines.map { StockChange(productID: $0.product.id, delta: -$0.quantity) }
            return [.notify(.paid), .adjustStock(changes), unwatch]
        case .cancelled: return [.notify(.cancelled), .notify(.rejected("soak")), unwatch]
        default: return [.notify(.expired), .notify(.rejected("soak")), unwatch]
        }
    }

    /// Runs the loop; `report` gets the number of finished iterations after each one is committed.
    static func run(databasePath: String, iterations: Int? = nil,
                    report: (Int) -> Void = { FileHandle.standardOutput.write(Data("\($0)\n".utf8)) }) throws {
        let database = try TillDatabase(path: databasePath, timeZone: TimeZone(identifier: "UTC")!)
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        try database.upsertProducts(SyntheticSales.products, at: start)
        // Carry on after a kill: every sale row ever begun counts, finished or not.
        var number = try database.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM sales") ?? 0 }
        var done = 0
        while iterations.map({ done < $0 }) ?? true {
            let at = start.addingTimeInterval(TimeInterval(number * 90))
            let id = try database.nextSaleID(at: at)
            let request = AddressRequest(walletID: walletID, chain: 0, gapLimit: Int.max / 2, saleID: id, at: at)
            let final = try SyntheticSales.generated(
                number: number, id: id, at: at,
                address: IndexedAddress(address: "soak-\(number)", path: "m/84'/1'/0'/0/\(number)"))
            _ = try database.saveQuoted(request, reason: "quote ready",
                                        derive: { IndexedAddress(address: "bcrt1soak\($0)", path: "m/84'/1'/0'/0/\($0)") },
                                        isUnusedOnChain: { _ in true },
                                        build: { address in
                let quoted = try awaiting(final, address: address)
                return (quoted, quoteEffects(quoted))
            })
            // The final state carries the allocated address, as the state machine would.
            guard let stored = try database.sale(id: id), let quote = stored.currentQuote else {
                throw StoreError.saleNotFound(id: id)
            }
            let finished = try SyntheticSales.generated(
                number: number, id: id, at: at,
                address: IndexedAddress(address: quote.address, path: quote.derivationPath ?? ""))
            try database.save(finished, effects: finalEffects(finished), reason: "final", at: at)
            number += 1
            done += 1
            report(number)
        }
    }

    /// `final` as it looked while awaiting payment at `address`: its first quote and first transition only.
    static func awaiting(_ final: Sale, address: AllocatedAddress) throws -> Sale {
        guard let quote = final.currentQuote else { return final }
        var parts = SyntheticSales.Parts(id: final.id, cashier: final.cashier, openedAt: final.openedAt,
                                         lines: final.cart.lines.map { ($0.product, $0.quantity) })
        parts.status = .awaitingPayment
        parts.asset = final.asset
        parts.policy = final.policy
        parts.quotes = [Quote(address: address.address, derivationPath: address.path, amount: quote.amount,
                              fiat: quote.fiat, rate: quote.rate, uri: quote.uri, createdAt: quote.createdAt,
                              expiresAt: quote.expiresAt)]
        parts.history = Array(final.history.prefix(1))
        return try SyntheticSales.sale(parts)
    }
}
