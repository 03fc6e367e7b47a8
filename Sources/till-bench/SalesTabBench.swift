import Foundation
import TillApp
import TillCore
import TillManager
import TillStore
import TillStoreTestSupport
import TillUI

/// The manager's sales tab end to end (model keys → service → SQLite → rows): opening, scrolling a year of
/// sales with PgDn, live totals and a sale's details. `TILL_BENCH_SALESTAB_SALES` sets the year's size.
func runSalesTabBench() async throws {
    let count = Int(ProcessInfo.processInfo.environment["TILL_BENCH_SALESTAB_SALES"] ?? "") ?? 100_000
    let directory = FileManager.default.temporaryDirectory.appendingPathComponent("till-bench-salestab-\(UUID().uuidString)")
    defer { try? FileManager.default.removeItem(at: directory) }
    let zone = TimeZone(identifier: "UTC")!
    let database = try TillDatabase(path: directory.appendingPathComponent("till.sqlite").path, timeZone: zone)
    let start = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
    let spacing = 365.0 * 86_400 / Double(count)
    var batch: [Sale] = []
    for number in 0..<count {
        batch.append(try SyntheticSales.generated(number: number, id: String(format: "S-TAB-%07d", number),
                                                  at: start.addingTimeInterval(Double(number) * spacing),
                                                  address: IndexedAddress(address: "bc1qtab\(number)", path: "m/84'/0'/0'/0/\(number)")))
        if batch.count == 10_000 {
            try database.saveAll(batch, reason: "bench", at: start)
            batch.removeAll(keepingCapacity: true)
        }
    }
    try database.saveAll(batch, reason: "bench", at: start)

    let accounts = Accounts(store: database, iterations: 1_000)
    try accounts.addUser(name: "mia", role: .manager, pin: "4321", approval: nil, at: start)
    let access = ManagerAccess()
    access.visit = try accounts.login(name: "mia", pin: "4321", at: start)
    let inbox = Inbox()
    let service = ManagerService(store: database, access: access, accounts: accounts, inbox: inbox,
                                 log: FileLog(path: directory.appendingPathComponent("till.log").path), timeZone: zone,
                                 currency: .usd, assets: Asset.builtIn, dataDirectory: directory)
    var model = TillModel(shop: ShopInfo(name: "Bench", currency: .usd), cashier: "mia", training: false,
                          catalog: Catalog(currency: .usd, products: SyntheticSales.products), coins: [],
                          now: start.addingTimeInterval(365 * 86_400), size: TextSize(columns: 120, rows: 40))
    model.timeZone = zone
    model.screen = .manager
    model.manager.approver = "mia"
    let label = "\(count) sales"

    /// Feeds effects to the service and its answers back to the model, as the runner does.
    func run(_ effects: [TillEffect]) -> Int {
        var pending = effects, queries = 0
        while !pending.isEmpty {
            let effect = pending.removeFirst()
            guard case .manager(let managerEffect) = effect else { continue }
            queries += 1
            for event in service.perform(managerEffect) { pending += model.handle(event) }
        }
        return queries
    }

    /// Asks for totals and waits for them to come back through the inbox, as they do off the runner thread.
    func totals(_ filter: SalesFilter, _ grouping: SalesGrouping) throws -> Double {
        try benchTime {
            _ = service.perform(.sales(.loadTotals(filter, grouping)))
            // Only this request's answer counts (earlier filter changes post theirs too).
            while !inbox.drain().contains(where: {
                if case .manager(.sales(.totals(filter, grouping, _))) = $0 { true } else { false }
            }) {
                Thread.sleep(forTimeInterval: 0.001)
            }
        }
    }

    let open = try benchTime { _ = run(model.handle(.key(.character("c")))) }
    print("salestab: coin filter, first page on screen (totals follow off the runner thread) at \(label) = "
          + "\(benchFormat(open * 1000)) ms")
    _ = run(model.handle(.key(.character("r"))))
    // Let the totals these filter changes asked for arrive, so they do not answer the measured requests below.
    while !inbox.drain().contains(where: {
        if case .manager(.sales(.totals(SalesFilter(), .day, _))) = $0 { true } else { false }
    }) { try await Task.sleep(nanoseconds: 1_000_000) }

    var keys = 0, pageLoads = 0
    let scroll = try benchTime {
        while model.manager.sales.next != nil || model.manager.sales.selection < model.manager.sales.rows.count - 1 {
            pageLoads += run(model.handle(.key(.pageDown)))
            keys += 1
            if keys > 2 * count { break }
        }
    }
    print("salestab: PgDn through all \(label) = \(benchFormat(scroll)) s, \(keys) keys, \(pageLoads) page loads, "
          + "\(benchFormat(scroll * 1000 / Double(max(1, keys)))) ms per key")
    for grouping in SalesGrouping.allCases {
        let seconds = try totals(SalesFilter(), grouping)
        print("salestab: live totals of the year by \(grouping.rawValue) at \(label) = \(benchFormat(seconds * 1000)) ms")
    }
    let month = try totals(SalesFilter(from: "2026-07-01", to: "2026-07-31"), .day)
    print("salestab: live totals of a month by day at \(label) = \(benchFormat(month * 1000)) ms")
    let details = try benchTime { _ = service.perform(.sales(.loadDetails(saleID: "S-TAB-0000042"))) }
    print("salestab: one sale's details at \(label) = \(benchFormat(details * 1000)) ms")
}

private func benchTime(_ body: () throws -> Void) throws -> Double {
    let begin = ContinuousClock.now
    try body()
    let elapsed = ContinuousClock.now - begin
    return Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
}

private func benchFormat(_ value: Double) -> String { String(format: "%.2f", value) }
