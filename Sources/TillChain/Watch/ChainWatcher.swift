import Foundation
import TillCore

/// Polls a chain backend for payments to the open sales' scripts. Per poll it reads the mempool txid list,
/// scans each new block once and fetches only mempool transactions it has not seen, so its cost does not grow
/// with the number of watched scripts. Every event goes to the sink (recorded) before the state moves on.
public actor ChainWatcher: HealthReporting {
    /// Timing and limits.
    public struct Configuration: Sendable {
        /// Time between polls while the backend answers.
        public var pollInterval: Duration
        /// Upper bound of the retry delay while the backend fails (the delay doubles from `pollInterval`).
        public var maxBackoff: Duration
        /// Polls a payment may be missing from the mempool (and from blocks) before it counts as vanished;
        /// more than one because a node that just restarted answers before it reloaded its mempool.
        public var vanishAfterMissingPolls: Int
        /// How many recent block hashes are kept to find the fork point of a reorg.
        public var reorgDepth: Int

        // maxBackoff 4 s: a node back after any outage is seen within 5 s; one cheap call per 4 s is not a burden to a node that is down.
        public init(pollInterval: Duration = .seconds(2), maxBackoff: Duration = .seconds(4),
                    vanishAfterMissingPolls: Int = 2, reorgDepth: Int = 144) {
            self.pollInterval = pollInterval
            self.maxBackoff = maxBackoff
            self.vanishAfterMissingPolls = vanishAfterMissingPolls
            self.reorgDepth = reorgDepth
        }
    }

    let backends: [any ChainBackend]
    let sink: any ChainEventSink
    let store: any ChainCursorStore
    public let configuration: Configuration

    var snapshot = ChainWatchSnapshot()
    var loaded = false
    var scripts: [[UInt8]: WatchedScript] = [:]
    var paymentIndex: [PaymentRef: Int] = [:]
    var spentBy: [OutPoint: [PaymentRef]] = [:]
    var knownMempool: Set<String> = []
    var missingPolls: [PaymentRef: Int] = [:]
    /// Online/offline state and what of it the sink has recorded.
    var health = BackendHealth()
    /// Set while the backends fail; the start of the outage.
    public var offlineSince: Date? { health.offlineSince }
    public var offlineReason: String? { health.offlineReason }
    var consecutiveFailures: Int { health.consecutiveFailures }

    /// `fallback` is asked when `backend` fails.
    public init(backend: any ChainBackend, fallback: (any ChainBackend)? = nil, sink: any ChainEventSink,
                store: any ChainCursorStore, configuration: Configuration = Configuration()) {
        self.backends = [backend] + (fallback.map { [$0] } ?? [])
        self.sink = sink
        self.store = store
        self.configuration = configuration
    }

    /// Starts watching a script (idempotent); persisted so a restart watches it again.
    public func watch(_ script: WatchedScript) async throws {
        try await loadIfNeeded()
        guard scripts[script.scriptPubKey] != script else { return }
        scripts[script.scriptPubKey] = script
        try await save()
    }

    /// Stops watching an address (its sale closed) and forgets its payments.
    public func unwatch(address: String) async throws {
        try await loadIfNeeded()
        scripts = scripts.filter { $0.value.address != address }
        snapshot.payments.removeAll { $0.observation.address == address }
        reindex()
        try await save()
    }

    /// The payments followed now.
    public var payments: [TrackedPayment] { snapshot.payments }

    /// The last processed block.
    public var cursor: ChainTip? { snapshot.cursor }

    /// Polls until the task is cancelled, waiting `pollInterval` after success and a capped, doubling delay
    /// after failures.
    public func run() async {
        while !Task.isCancelled {
            let ok = await pollOnce()
            try? await Task.sleep(for: ok ? configuration.pollInterval : retryDelay())
        }
    }

    /// One poll against the first backend that answers; reports online/offline transitions. Never throws.
    @discardableResult
    public func pollOnce() async -> Bool {
        var reason = "no backend configured"
        for backend in backends {
            do {
                try await poll(backend)
                await reportOnline()
                return true
            } catch let error as ChainBackendError {
                reason = error.message
            } catch {
                reason = "cannot record the chain state: \(error)"
            }
        }
        await reportOffline(reason, at: Date())
        return false
    }

    /// The delay before the next try after `consecutiveFailures` failures.
    func retryDelay() -> Duration {
        health.retryDelay(pollInterval: configuration.pollInterval, maxBackoff: configuration.maxBackoff)
    }



    func loadIfNeeded() async throws {
        guard !loaded else { return }
        let stored = try await store.load()
        guard !loaded else { return }
        if let stored {
            let addedMeanwhile = scripts
            snapshot = stored
            scripts = Dictionary(stored.watched.map { ($0.scriptPubKey, $0) }) { _, last in last }
            scripts.merge(addedMeanwhile) { _, new in new }
        }
        loaded = true
        reindex()
    }

    func save() async throws {
        snapshot.watched = scripts.values.sorted { $0.address < $1.address }
        try await store.save(snapshot)
    }

    /// Rebuilds the lookups from `snapshot.payments`.
    func reindex() {
        paymentIndex = [:]
        spentBy = [:]
        for (index, payment) in snapshot.payments.enumerated() {
            paymentIndex[payment.ref] = index
            guard payment.state == .unconfirmed else { continue }
            for input in payment.inputs { spentBy[input, default: []].append(payment.ref) }
        }
    }
}
