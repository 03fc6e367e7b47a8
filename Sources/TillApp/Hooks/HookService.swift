import Foundation
import TillCore
import TillHooks
import TillHTTP
import TillUI

/// Tells the rest of the shop about sale changes: webhook deliveries into the durable outbox, command hooks
/// (event JSON on stdin), and the receipt printed when a sale is paid. Attached to the runner as a `SaleObserver`.
///
/// With `OutboxLedgerSales` the deliveries are planned before the save and written in the sale's transaction
/// (`plan`); a change saved through another repository is enqueued in `saleSaved`, right after its commit.
public final class HookService: SaleObserver, @unchecked Sendable {
    public let endpoints: [WebhookEndpoint]
    public let commands: [CommandHook]
    public let printers: ReceiptPrinters
    /// Nil when there is no outbox (training): no webhook is ever sent.
    public let dispatcher: WebhookDispatcher?
    let outbox: (any OutboxStore)?
    let shop: ShopInfo
    let timeZone: TimeZone
    let log: FileLog
    let clock: @Sendable () -> Date
    /// Failing endpoints, command hooks and configuration problems on the cashier's notice line (rate-limited).
    public let notices: ProblemNotices
    private let lock = NSLock()
    /// Events planned for a sale whose save is under way (runner thread), keyed by sale id.
    private var planned: [String: [HookEvent]] = [:]
    /// Command hooks, prints and nudged passes still running; each removes itself when done.
    private var work: [UUID: Task<Void, Never>] = [:]
    private var loop: Task<Void, Never>?

    public init(endpoints: [WebhookEndpoint], commands: [CommandHook], printers: ReceiptPrinters, outbox: (any OutboxStore)?,
                shop: ShopInfo, timeZone: TimeZone = .current, log: FileLog, inbox: Inbox? = nil,
                clock: @escaping @Sendable () -> Date = Date.init,
                client: HTTPClient = HTTPClient(), schedule: RetrySchedule = .standard,
                random: @escaping @Sendable () -> Double = { Double.random(in: 0..<1) }) {
        self.endpoints = endpoints
        self.commands = commands
        self.printers = printers
        self.outbox = outbox
        self.shop = shop
        self.timeZone = timeZone
        self.log = log
        self.clock = clock
        notices = ProblemNotices(inbox: inbox, clock: clock)
        dispatcher = outbox.map { WebhookDispatcher(store: $0, endpoints: endpoints, client: client, schedule: schedule, random: random) }
    }

    /// The hook events one saved change raises (`HookEventType.types`), each with a fresh id.
    public static func events(for sale: Sale, effects: [SaleEffect], at time: Date) -> [HookEvent] {
        HookEventType.types(for: effects, sale: sale).map { HookEvent(type: $0, sale: sale, at: time) }
    }

    /// Makes the change's events and returns their webhook deliveries, to be written in the sale's transaction;
    /// `saleSaved` then runs the commands and printers for the same events (same ids).
    public func plan(_ sale: Sale, effects: [SaleEffect], at time: Date) -> [NewDelivery] {
        plan(HookService.events(for: sale, effects: effects, at: time), saleID: sale.id)
    }

    /// Plans events the app raises itself (`refunded`): returns their deliveries for the caller's transaction;
    /// the next `saleSaved` of that sale runs their commands (same ids).
    public func plan(_ events: [HookEvent], saleID: String) -> [NewDelivery] {
        lock.withLock { planned[saleID] = events }
        guard outbox != nil else { return [] }
        return events.flatMap { NewDelivery.forEvent($0, endpoints: endpoints) }
    }

    public func saleSaved(_ sale: Sale, effects: [SaleEffect]) {
        let events: [HookEvent]
        if let ready = lock.withLock({ planned.removeValue(forKey: sale.id) }) {
            events = ready
        } else {
            events = HookService.events(for: sale, effects: effects, at: clock())
            enqueue(events, saleID: sale.id)
        }
        guard !events.isEmpty else { return }
        runCommands(for: events, saleID: sale.id)
        if events.contains(where: { $0.type == .paid }), !printers.isEmpty {
            let printing = printers.print(sale, shop: shop, timeZone: timeZone)
            track { _ = await printing.value }
        }
        // With the loop running, a new delivery goes out now rather than at the next tick.
        let running = lock.withLock { loop != nil }
        if running, events.contains(where: { event in endpoints.contains { $0.events.contains(event.type) } }) {
            track { [weak self] in _ = await self?.deliverDue() }
        }
    }

    /// One dispatcher pass at the clock's time; every outcome is logged.
    @discardableResult
    public func deliverDue() async -> [DeliveryOutcome] {
        guard let dispatcher else { return [] }
        let outcomes = await dispatcher.deliverDue(now: clock())
        for outcome in outcomes { logOutcome(outcome) }
        return outcomes
    }

    /// A pass right away when the loop runs (a manager re-sent a delivery); otherwise the next start delivers it.
    public func deliverSoon() {
        guard lock.withLock({ loop != nil }) else { return }
        track { [weak self] in _ = await self?.deliverDue() }
    }

    /// Logs what `till config check` found and shows the first problem on the notice line (the rest are in the log).
    public func reportConfigurationProblems(_ problems: [String]) {
        var seen = Set<String>()
        let unique = problems.filter { seen.insert($0).inserted }
        guard let first = unique.first else { return }
        for problem in unique { log.write("warning", "till.toml: \(problem)") }
        let more = unique.count > 1 ? " (+\(unique.count - 1) more: run `till config check`)" : ""
        notices.report("till.toml", "till.toml: \(first)\(more)", .warning)
    }

    /// Starts the background loop that delivers due webhooks every `interval`.
    public func start(interval: Duration = .seconds(3)) {
        guard dispatcher != nil else { return }
        lock.withLock {
            guard loop == nil else { return }
            loop = Task.detached { [weak self] in
                while !Task.isCancelled {
                    guard let self else { return }
                    await self.deliverDue()
                    try? await Task.sleep(for: interval)
                }
            }
        }
    }

    /// Stops the loop (pending deliveries stay in the outbox for the next start).
    public func stop() {
        lock.withLock {
            loop?.cancel()
            loop = nil
        }
    }

    /// Waits for the command hooks, prints and passes started so far (tests, and a clean quit).
    public func settle() async {
        while true {
            let pending = lock.withLock { Array(work.values) }
            if pending.isEmpty { return }
            for task in pending { await task.value }
        }
    }

    private func enqueue(_ events: [HookEvent], saleID: String) {
        guard let outbox else { return }
        let deliveries = events.flatMap { NewDelivery.forEvent($0, endpoints: endpoints) }
        guard !deliveries.isEmpty else { return }
        do { try outbox.enqueue(deliveries) } catch {
            log.error("webhooks for sale \(saleID) could not be queued: \(error)")
        }
    }

    private func runCommands(for events: [HookEvent], saleID: String) {
        let log = log, notices = notices
        for event in events {
            for command in commands where command.events.contains(event.type) {
                track {
                    guard let outcome = await command.run(event) else { return }
                    let line = "hook \"\(command.name)\" for \(event.type.payloadType) of \(saleID) (\(event.id)): \(outcome.message)"
                    let subject = "hook \"\(command.name)\""
                    if outcome.succeeded {
                        log.info(line)
                        notices.recovered(subject, "\(subject) runs again")
                    } else {
                        log.error(line)
                        notices.report(subject, "\(subject) failed for \(event.type.payloadType) of \(saleID): \(outcome.message)")
                    }
                }
            }
        }
    }

    /// Runs `body` in a detached task that `settle` can wait for.
    private func track(_ body: @escaping @Sendable () async -> Void) {
        let id = UUID()
        // Created under the lock, so the task's own removal (which takes the lock) always follows its insertion.
        lock.withLock {
            work[id] = Task.detached { [weak self] in
                await body()
                self?.finished(id)
            }
        }
    }

    private func finished(_ id: UUID) {
        lock.withLock { _ = work.removeValue(forKey: id) }
    }

    private func logOutcome(_ outcome: DeliveryOutcome) {
        let subject = "webhook \(outcome.eventID) to \"\(outcome.endpoint)\""
        let endpoint = "webhook \"\(outcome.endpoint)\""
        switch outcome.result {
        case .delivered(let status):
            log.info("\(subject): delivered (HTTP \(status))")
            notices.recovered(endpoint, "\(endpoint) delivers again")
        case .willRetry(_, let error, let next):
            log.error("\(subject): \(error); retry at \(HookPayload.iso8601(next))")
            notices.report(endpoint, "\(endpoint) is failing (\(error)); the till keeps retrying — see the manager's Webhooks tab")
        case .gaveUp(_, let error):
            log.error("\(subject): \(error); gave up, re-send it from the manager screen")
            notices.report(endpoint + " gave up", "\(endpoint) gave up on \(outcome.eventID): \(error) — re-send it from the manager's Webhooks tab")
        case .storeFailed(let why):
            log.error("webhook outbox: \(why)")
            notices.report("webhook outbox", "webhook outbox: \(why)")
        }
    }
}
