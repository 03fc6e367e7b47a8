import Foundation
import TillCore

/// Watches sale addresses through Esplora REST servers (mempool.space, blockstream.info, self-hosted electrs,
/// Litecoin's Esplora), which cannot serve whole blocks cheaply. Per tick it reads the tip, then visits the
/// watched addresses round-robin within a request budget: each visit reads the address's mempool list and, when
/// the tip moved since its last visit, its newest page of confirmed transactions. Same outward shape, events and
/// persistence as `BitcoinNodeWatcher`; every event goes to the sink (recorded) before the state moves on.
public actor EsploraWatcher: HealthReporting {
    /// Timing and limits.
    public struct Configuration: Sendable {
        /// Time between polls while a server answers (public servers: keep it at 10 s or more).
        public var pollInterval: Duration
        /// Upper bound of the retry delay while the servers fail (the delay doubles from `pollInterval`).
        public var maxBackoff: Duration
        /// Visits a payment may be missing from its address's mempool and chain lists before `/tx/:txid/status`
        /// is asked and a "not found" makes it vanished; more than one because load-balanced public servers
        /// answer from backends that lag each other.
        public var vanishAfterMissingPolls: Int
        /// Most HTTP requests one tick may send (tip included); addresses beyond it wait for the next ticks.
        /// At least one address is visited per tick whatever the budget.
        public var requestBudget: Int

        public init(pollInterval: Duration = .seconds(10), maxBackoff: Duration = .seconds(300),
                    vanishAfterMissingPolls: Int = 3, requestBudget: Int = 20) {
            self.pollInterval = pollInterval
            self.maxBackoff = maxBackoff
            self.vanishAfterMissingPolls = vanishAfterMissingPolls
            self.requestBudget = requestBudget
        }
    }

    let clients: [EsploraClient]
    let sink: any ChainEventSink
    let store: any ChainCursorStore
    let clock: @Sendable () -> Date
    public nonisolated let configuration: Configuration

    var snapshot = ChainWatchSnapshot()
    var loaded = false
    /// Watched scripts by address (Esplora is asked per address).
    var scripts: [String: WatchedScript] = [:]
    var paymentIndex: [PaymentRef: Int] = [:]
    /// Address → the tip hash at which its confirmed list was last read; not persisted, so a restart reads
    /// every address's chain again and finds payments made while the till was off.
    var chainReadAt: [String: String] = [:]
    /// The address visited last; the next tick continues after it.
    var lastVisited: String?
    var missingPolls: [PaymentRef: Int] = [:]
    var tickRequests = 0
    var dirty = false
    /// HTTP requests the last tick sent (tip included), for the budget figures.
    public private(set) var lastTickRequests = 0
    /// Addresses the last tick visited.
    public internal(set) var lastTickVisits = 0
    /// Online/offline state and what of it the sink has recorded.
    var health = BackendHealth()
    /// Set while the servers fail; the start of the outage.
    public var offlineSince: Date? { health.offlineSince }
    public var offlineReason: String? { health.offlineReason }
    /// A server answered 429: no poll is useful before this time.
    public private(set) var rateLimitedUntil: Date?
    var consecutiveFailures: Int { health.consecutiveFailures }

    /// `fallback` is asked when `client` fails. `clock` is the time for outage and rate-limit decisions.
    public init(client: EsploraClient, fallback: EsploraClient? = nil, sink: any ChainEventSink, store: any ChainCursorStore,
                configuration: Configuration = Configuration(), clock: @escaping @Sendable () -> Date = { Date() }) {
        clients = [client] + (fallback.map { [$0] } ?? [])
        self.sink = sink
        self.store = store
        self.configuration = configuration
        self.clock = clock
    }

    /// Starts watching a script (idempotent); persisted so a restart watches it again.
    public func watch(_ script: WatchedScript) async throws {
        try await loadIfNeeded()
        guard scripts[script.address] != script else { return }
        scripts[script.address] = script
        chainReadAt[script.address] = nil
        try await save()
    }

    /// Nothing to do: Esplora is asked for a newly watched address's whole history (`watch`), mined blocks included.
    public func rescan(from height: Int) async {}

    /// Stops watching an address (its sale closed) and forgets its payments.
    public func unwatch(address: String) async throws {
        try await loadIfNeeded()
        scripts[address] = nil
        chainReadAt[address] = nil
        snapshot.payments.removeAll { $0.observation.address == address }
        reindex()
        try await save()
    }

    /// The payments followed now.
    public var payments: [TrackedPayment] { snapshot.payments }

    /// The tip seen by the last successful tick.
    public var cursor: ChainTip? { snapshot.cursor }

    /// Polls until the task is cancelled, waiting `pollInterval` after success and a capped, doubling delay
    /// (or until a rate limit ends, whichever is later) after failures.
    public func run() async {
        while !Task.isCancelled {
            await pollOnce()
            try? await Task.sleep(for: nextPollDelay)
        }
    }

    /// How long `run()` waits before the next tick.
    public var nextPollDelay: Duration {
        guard consecutiveFailures > 0 else { return configuration.pollInterval }
        let backoff = health.retryDelay(pollInterval: configuration.pollInterval, maxBackoff: configuration.maxBackoff)
        guard let rateLimitedUntil else { return backoff }
        let wait = rateLimitedUntil.timeIntervalSince(clock())
        return wait > 0 ? max(backoff, .milliseconds(Int64((wait * 1000).rounded(.up)))) : backoff
    }

    /// One tick against the first server that answers; reports online/offline transitions. Never throws.
    @discardableResult
    public func pollOnce() async -> Bool {
        var reason = "no Esplora server configured"
        var spent = 0
        for client in clients {
            do {
                try await poll(client)
                lastTickRequests = spent + tickRequests
                await markOnline()
                return true
            } catch let error as EsploraError {
                spent += tickRequests
                if case .rateLimited(_, let until) = error { rateLimitedUntil = max(rateLimitedUntil ?? until, until) }
                reason = error.message
            } catch {
                spent += tickRequests
                reason = "cannot record the chain state: \(error)"
            }
        }
        lastTickRequests = spent
        await reportOffline(reason, at: clock())
        return false
    }

    private func markOnline() async {
        if let until = rateLimitedUntil, until <= clock() { rateLimitedUntil = nil }
        await reportOnline()
    }


    static func key(of script: WatchedScript) -> String { script.address }

    func save() async throws {
        try await saveSnapshot()
        dirty = false
    }

    func reindex() {
        paymentIndex = Dictionary(snapshot.payments.enumerated().map { ($0.element.ref, $0.offset) }) { first, _ in first }
    }
}
