import Foundation
import TillCore

/// Watches a Bitcoin-family node (`bitcoin-rpc`; Esplora has `EsploraWatcher`, EVM chains `EthereumWatcher`).
/// Polls the node for payments to the open sales' scripts. Per poll it reads the mempool txid list,
/// scans each new block once and fetches only mempool transactions it has not seen, so its cost does not grow
/// with the number of watched scripts. Every event goes to the sink (recorded) before the state moves on.
public actor BitcoinNodeWatcher: HealthReporting {
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
        /// Mempool transactions fetched per poll at most. The rest (a mainnet mempool of 50,000 at start) is a
        /// backlog worked through in later polls, after each poll's newcomers, so a new payment is never behind it.
        public var mempoolFetchesPerPoll: Int

        // maxBackoff 4 s: a node back after any outage is seen within 5 s; one cheap call per 4 s is not a burden to a node that is down.
        public init(pollInterval: Duration = .seconds(2), maxBackoff: Duration = .seconds(4),
                    vanishAfterMissingPolls: Int = 2, reorgDepth: Int = 144, mempoolFetchesPerPoll: Int = 2_000) {
            self.pollInterval = pollInterval
            self.maxBackoff = maxBackoff
            self.vanishAfterMissingPolls = vanishAfterMissingPolls
            self.reorgDepth = reorgDepth
            self.mempoolFetchesPerPoll = max(100, mempoolFetchesPerPoll)
        }
    }

    let backends: [any ChainBackend]
    /// The node's ZMQ announcements, when configured: new transactions are fetched at once, a block ends the wait.
    let notifications: ZMQSubscriber?
    let sink: any ChainEventSink
    let store: any ChainCursorStore
    public let configuration: Configuration

    var snapshot = ChainWatchSnapshot()
    var loaded = false
    var scripts: [[UInt8]: WatchedScript] = [:]
    var paymentIndex: [PaymentRef: Int] = [:]
    var spentBy: [OutPoint: [PaymentRef]] = [:]
    var knownMempool: Set<String> = []
    /// Mempool txids listed but not fetched yet (over one poll's budget), oldest first.
    var mempoolBacklog: [String] = []
    /// A block was announced over ZMQ since the last poll began: the wait before the next one ends at once.
    var blockAnnounced = false
    /// How many listed mempool transactions wait to be fetched in later polls.
    public var mempoolBacklogCount: Int { mempoolBacklog.count }
    var missingPolls: [PaymentRef: Int] = [:]
    /// The lowest height `rescan(from:)` asked for, read again at the next poll.
    var rescanFrom: Int?
    /// Online/offline state and what of it the sink has recorded.
    var health = BackendHealth()
    /// Set while the backends fail; the start of the outage.
    public var offlineSince: Date? { health.offlineSince }
    public var offlineReason: String? { health.offlineReason }
    var consecutiveFailures: Int { health.consecutiveFailures }

    /// `fallback` is asked when `backend` fails.
    public init(backend: any ChainBackend, fallback: (any ChainBackend)? = nil, sink: any ChainEventSink,
                store: any ChainCursorStore, configuration: Configuration = Configuration(), notifications: ZMQSubscriber? = nil) {
        self.backends = [backend] + (fallback.map { [$0] } ?? [])
        self.notifications = notifications
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

    /// Reads the blocks from `height` again at the next poll, for every script watched by then: a sale adopted from
    /// a stopped lane may have been paid in a block read here before its script was watched, or in one that lane
    /// read (its payment is followed only once its block is read here). What is already known is not reported again.
    public func rescan(from height: Int) async {
        rescanFrom = min(rescanFrom ?? height, max(height, 1))
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

    /// Polls until the task is cancelled: a poll starts every `pollInterval` (its own duration is not added to the
    /// wait, which put a busy mempool's detection at interval + poll time), with a capped, doubling delay after failures.
    public func run() async {
        notifications?.start()
        defer { notifications?.stop() }
        let clock = ContinuousClock()
        while !Task.isCancelled {
            let started = clock.now
            let ok = await pollOnce()
            guard ok else { try? await Task.sleep(for: retryDelay()); continue }
            // A poll longer than the interval is followed by a short breather, not by another at once.
            let next = max(started + configuration.pollInterval, clock.now + .milliseconds(50))
            await waitForNextPoll(until: next, clock: clock)
        }
    }

    /// Sleeps until `deadline`; with ZMQ, looks at announced transactions at once (every 20 ms) and polls early for
    /// a new block. The work stays in this loop, so it never interleaves with a poll.
    private func waitForNextPoll(until deadline: ContinuousClock.Instant, clock: ContinuousClock) async {
        guard notifications != nil else { try? await Task.sleep(until: deadline, clock: clock); return }
        while clock.now < deadline, !Task.isCancelled {
            await handleAnnouncements()
            if blockAnnounced { blockAnnounced = false; return }
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Looks at what ZMQ announced: transactions now, a block by ending the wait. Also called between a poll's
    /// mempool batches, so a payment is not held behind a large backlog.
    func handleAnnouncements() async {
        guard let notices = notifications?.drain(), !notices.isEmpty else { return }
        if notices.contains(where: { if case .block = $0 { true } else { false } }) { blockAnnounced = true }
        let txids = notices.compactMap { if case .transaction(let txid) = $0 { txid } else { nil } }
        if !txids.isEmpty { await lookAtAnnounced(txids) }
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



    static func key(of script: WatchedScript) -> [UInt8] { script.scriptPubKey }

    func save() async throws { try await saveSnapshot() }

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
