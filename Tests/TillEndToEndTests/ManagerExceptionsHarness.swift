import BigInt
import Foundation
@testable import TillApp
import TillConfig
import TillCore
import TillHooks
import TillManager
import TillStore
import TillStoreTestSupport
import TillTestSupport
import TillUI

/// A till's manager service on a real SQLite file in Berlin time, with the hooks as the launcher wires them
/// (webhook outbox in the same file, a command hook that appends each event's JSON to a file), and a
/// manager "mia" whose login opens the manager visit.
struct ManagerTill: @unchecked Sendable {
    static let zone = TimeZone(identifier: "Europe/Berlin")!
    /// 2026-11-25 12:00:00 UTC (13:00 in Berlin).
    static let noon = Date(timeIntervalSince1970: 1_795_608_000)
    static func at(_ minutes: Double) -> Date { noon.addingTimeInterval(minutes * 60) }
    static let coffee = Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd), category: "Coffee")

    let directory: TemporaryDirectory
    let store: TillDatabase
    let accounts: Accounts
    let access = ManagerAccess()
    let inbox = Inbox()
    let log: FileLog
    let hooks: HookService
    let service: ManagerService
    /// Where the command hook appends the JSON of every event it is given, one per line.
    let commandOutput: URL

    init(printer: Bool = false) throws {
        directory = try TemporaryDirectory(prefix: "till-manager-service")
        store = try TillDatabase(path: directory.file("till.sqlite").path, timeZone: Self.zone)
        // Few iterations keep the test fast; the count is stored per user, so logins use it.
        accounts = Accounts(store: store, iterations: 1_000)
        log = FileLog(path: directory.file("till.log").path)
        commandOutput = directory.file("hook-events.jsonl")
        let printers = printer
            ? [PrinterConfiguration(name: "counter", destination: .textFile(path: directory.file("printed.txt").path), columns: 32)]
            : []
        let receiptPrinters = ReceiptPrinters(printers, inbox: inbox, log: log)
        hooks = HookService(
            endpoints: [WebhookEndpoint(name: "shop", url: URL(string: "http://127.0.0.1:9/hooks")!,
                                        secret: try WebhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"), timeoutSeconds: 2)],
            commands: [CommandHook(name: "journal", arguments: ["/bin/sh", "-c", "cat >> '\(commandOutput.path)'; echo >> '\(commandOutput.path)'"],
                                   events: [.refunded, .voided, .paid], timeoutSeconds: 5)],
            printers: receiptPrinters, outbox: WebhookOutbox(database: store), shop: ShopInfo(name: "Corner Café", currency: .usd),
            timeZone: Self.zone, log: log)
        service = ManagerService(store: store, access: access, accounts: accounts, inbox: inbox, log: log, timeZone: Self.zone,
                                 currency: .usd, assets: [.btc, .eth], dataDirectory: directory.url)
        service.hooks = hooks
        if printer { service.printers = receiptPrinters }
        try accounts.addUser(name: "mia", role: .manager, pin: "4321", approval: nil, at: Self.noon)
        try accounts.addUser(name: "carl", role: .cashier, pin: "1234",
                             approval: try accounts.authorize(try accounts.login(name: "mia", pin: "4321", at: Self.noon),
                                                              for: .changeUsers, at: Self.noon), at: Self.noon)
        access.visit = try accounts.login(name: "mia", pin: "4321", at: Self.noon)
    }

    /// Saves a sale of `coffees` flat whites in `status`, paid `paid` base units (nil: no payment).
    @discardableResult
    func sale(_ id: String, cashier: String = "carl", at: Date, status: SaleStatus, coffees: Int = 1, asset: Asset = .btc,
              price: String = "50000", paid: BigUInt? = nil, flags: Set<SaleFlag> = []) throws -> Sale {
        var parts = SyntheticSales.Parts(id: id, cashier: cashier, openedAt: at, lines: [(Self.coffee, coffees)])
        parts.status = status
        parts.flags = flags
        var cart = Cart(currency: .usd)
        cart.add(Self.coffee, quantity: coffees)
        let quote = try SyntheticSales.quote(asset: asset, fiat: cart.total, price: price, address: "addr-\(id)",
                                             path: "m/84'/0'/0'/0/7", at: at)
        parts.asset = asset
        parts.policy = .defaults(for: asset)
        parts.quotes = [quote]
        if let paid {
            parts.payments = [SyntheticSales.payment(txid: "tx-\(id)", address: quote.address, amount: CoinAmount(units: paid, asset: asset),
                                                     at: at.addingTimeInterval(60), confirmations: 6, height: 900_000)]
        }
        parts.history = [SaleTransition(from: .building, to: .awaitingPayment, at: at, reason: "checkout")]
        if status != .awaitingPayment {
            parts.history.append(SaleTransition(from: .awaitingPayment, to: status, at: at.addingTimeInterval(60), reason: "test"))
        }
        let sale = try SyntheticSales.sale(parts)
        try store.save(sale, effects: [], reason: "fixture", at: at)
        return sale
    }

    /// The runner as the launcher builds it (hooked repository, hooks as observer, this manager service),
    /// with the open sales restored (the newest pending one on screen, the rest in the background).
    func runner() throws -> TillRunner {
        let model = TillModel(shop: ShopInfo(name: "Corner Café", currency: .usd), cashier: "carl", training: false,
                              catalog: try CatalogFile.sample(), coins: [], now: Self.noon, size: TextSize(columns: 80, rows: 24))
        let runner = TillRunner(model: model, sales: OutboxLedgerSales(store: store, hooks: hooks), quotes: try TrainingQuoteMaker(shopName: "x"),
                                feeds: [:], inbox: inbox, log: log, receipts: ReceiptWriter(directory: directory.file("receipts")))
        runner.observers = [hooks]
        runner.manager = service
        runner.restore()
        return runner
    }

    /// What the runner does with a manager effect, at a fixed time: perform it and dispatch every answer.
    @discardableResult
    func perform(_ effect: ExceptionsTabEffect, at time: Date, through runner: TillRunner? = nil) -> [TillEvent] {
        let events = service.performExceptions(effect, at: time)
        for event in events { runner?.dispatch(event) }
        return events
    }

    /// The message of the tab's answer (`acted` or `failed`).
    static func outcome(_ events: [TillEvent]) -> (ok: Bool, message: String)? {
        for case .manager(.exceptions(let event)) in events {
            switch event {
            case .acted(let message): return (true, message)
            case .failed(let message): return (false, message)
            case .loaded, .appended: continue
            }
        }
        return nil
    }

    /// Every webhook delivery queued for the endpoint, oldest first.
    func deliveries() throws -> [OutboxDelivery] { try WebhookOutbox(database: store).log(endpoint: "shop", limit: 100).reversed() }

    /// The events the command hook received (after `hooks.settle()`).
    func commandEvents() throws -> [String] {
        guard let text = try? String(contentsOf: commandOutput, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").map(String.init)
    }

    /// Waits (up to 10 s) for inbox events matching `match`, collecting everything drained.
    func waitForInbox(_ match: (TillEvent) -> Bool) async -> [TillEvent] {
        var seen: [TillEvent] = []
        for _ in 0..<200 {
            seen += inbox.drain()
            if seen.contains(where: match) { return seen }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return seen
    }
}
