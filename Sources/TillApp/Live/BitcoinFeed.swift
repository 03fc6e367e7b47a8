import Foundation
import TillChain
import TillCore
import TillStore
import TillUI
import TillWallet

/// A Bitcoin-family coin watched by a node (`BitcoinNodeWatcher`) or Esplora (`EsploraWatcher`): addresses in, sale
/// events out through the inbox.
/// Every chain event is written to SQLite (the observation log) before it is posted.
public final class BitcoinFeed: ChainFeed, ChainEventSink, @unchecked Sendable {
    let asset: Asset
    let network: Network
    let backendName: String
    let store: any SaleStore
    let directory: SaleIndex
    let inbox: Inbox
    let log: FileLog
    private let lock = NSLock()
    private var watcher: (any ScriptWatching)?
    private var task: Task<Void, Never>?
    /// Watches asked for before polling began (nil once polling runs).
    private var deferred: [WatchedScript]?
    /// A rescan asked for before polling began: done after the deferred watches.
    private var deferredRescan: Int?
    /// Watches, unwatches and rescans reach the watcher in the order they were asked for.
    private let serial = SerialTasks()
    /// The watcher's state store, when it is the sales database: observations commit with it.
    public var state: LedgerWatchState?
    /// Payments this feed reported, by ref: a confirmation event posted before the runner applied the payment
    /// (both posted after one commit) still finds its sale by the payment's address.
    private var reported: [PaymentRef: PaymentObservation] = [:]

    public init(asset: Asset, network: Network, backendName: String, store: any SaleStore, directory: SaleIndex, inbox: Inbox, log: FileLog) {
        self.asset = asset
        self.network = network
        self.backendName = backendName
        self.store = store
        self.directory = directory
        self.inbox = inbox
        self.log = log
    }

    /// Starts polling with `watcher` (built with this feed as its sink). With `deferPolling`, polling waits for
    /// `beginPolling()`: the runner first re-watches its open sales, so a block mined while the till was down
    /// cannot be scanned before the address it pays is watched again.
    public func start(_ watcher: any ScriptWatching, deferPolling: Bool = false) {
        lock.lock()
        self.watcher = watcher
        let pollNow = !deferPolling
        if !pollNow { deferred = [] }
        lock.unlock()
        if pollNow { task = Task.detached { await watcher.run() } }
    }

    /// Registers the watches asked for so far, in order, then starts polling (once).
    public func beginPolling() {
        lock.lock()
        guard let watcher, let pending = deferred else { lock.unlock(); return }
        deferred = nil
        let rescanFrom = deferredRescan
        deferredRescan = nil
        lock.unlock()
        let log = self.log
        task = Task.detached {
            for script in pending {
                do { try await watcher.watch(script) } catch { log.error("watch \(script.address) failed: \(error)") }
            }
            if let rescanFrom { await watcher.rescan(from: rescanFrom) }
            await watcher.run()
        }
    }

    /// Has the watcher read the chain again from `height`, after the watches asked for so far.
    public func rescan(from height: Int) {
        lock.lock()
        if deferred != nil { deferredRescan = min(deferredRescan ?? height, height); lock.unlock(); return }
        lock.unlock()
        log.info("\(asset.id): reading the chain again from block \(height) for sales adopted from a stopped lane")
        enqueue { watcher in await watcher.rescan(from: height) }
    }

    /// Runs `work` on the watcher after everything handed to it before.
    private func enqueue(_ work: @escaping @Sendable (any ScriptWatching) async -> Void) {
        guard let watcher = lock.withLock({ watcher }) else { return }
        serial.enqueue { await work(watcher) }
    }

    public func stop() { task?.cancel() }

    public func watch(address: String, asset: Asset, saleID: String) {
        let script: [UInt8]
        do { script = try AddressEncoding.scriptPubKey(address: address, network: network) } catch {
            log.error("cannot watch \(address): \(error.message)")
            return
        }
        let watched = WatchedScript(address: address, scriptPubKey: script, asset: asset)
        lock.lock()
        if deferred != nil { deferred?.append(watched); lock.unlock(); return }
        lock.unlock()
        let log = self.log
        enqueue { watcher in
            do { try await watcher.watch(watched) } catch {
                log.error("watch \(address) failed: \(error)")
            }
        }
    }

    public func unwatch(address: String, asset: Asset) {
        lock.withLock { reported = reported.filter { $0.value.address != address } }
        enqueue { watcher in try? await watcher.unwatch(address: address) }
    }

    /// Records the event in SQLite, then hands it to the runner as a sale event. With `state`, the record is
    /// staged and committed with the watcher's next save (one transaction), and the event is posted after it.
    public func record(_ event: ChainEvent) async throws {
        let now = Date()
        let directory = self.directory, inbox = self.inbox
        switch event {
        case .paymentSeen(let observation):
            lock.withLock { reported[observation.ref] = observation }
            try journal(ChainObservationRecord(
                at: now, backend: backendName, kind: "payment", txid: observation.ref.txid, output: observation.ref.output,
                address: observation.address, amountUnits: observation.amount.units, height: observation.blockHeight,
                blockHash: observation.blockHash, confirmations: observation.confirmations), funded: observation.address) {
                guard let saleID = directory.sale(forAddress: observation.address) else { return }
                inbox.post(.sale(id: saleID, .observed(observation, at: now)))
            }
        case .confirmationsChanged(let ref, let confirmations, let height, let hash):
            let seen = lock.withLock { reported[ref] }
            try journal(ChainObservationRecord(at: now, backend: backendName, kind: "confirmations", txid: ref.txid,
                                               output: ref.output, height: height, blockHash: hash, confirmations: confirmations)) {
                let saleID: String, payment: PaymentObservation
                if let (known, recorded) = directory.payment(ref) {
                    saleID = known
                    payment = PaymentObservation(ref: ref, address: recorded.address, amount: recorded.amount,
                                                 replaceable: recorded.replaceable)
                } else if let seen = seen, let owner = directory.sale(forAddress: seen.address) {
                    (saleID, payment) = (owner, seen)
                } else { return }
                let observation = PaymentObservation(ref: ref, address: payment.address, amount: payment.amount, replaceable: payment.replaceable,
                                                     confirmations: confirmations, blockHeight: height, blockHash: hash)
                inbox.post(.sale(id: saleID, .observed(observation, at: now)))
            }
        case .reorged(let ref):
            try journal(ChainObservationRecord(at: now, backend: backendName, kind: "reorg", txid: ref.txid, output: ref.output)) {
                if let (saleID, _) = directory.payment(ref) { inbox.post(.sale(id: saleID, .reorged(ref, at: now))) }
            }
        case .vanished(let ref):
            try journal(ChainObservationRecord(at: now, backend: backendName, kind: "vanished", txid: ref.txid, output: ref.output)) {
                if let (saleID, _) = directory.payment(ref) { inbox.post(.sale(id: saleID, .vanished(ref, at: now))) }
            }
        case .backendOnline:
            inbox.post(.coinBackend(assetID: asset.id, .online))
        case .backendOffline(let reason, let since):
            log.error("\(backendName) offline: \(reason)")
            inbox.post(.coinBackend(assetID: asset.id, .offline(reason: reason, since: since)))
        }
    }

    /// Stages the record with the watcher state (committed and posted at its next save), or, without a state store,
    /// writes it now and posts.
    private func journal(_ record: ChainObservationRecord, funded: String? = nil, post: @escaping @Sendable () -> Void) throws {
        if let state {
            state.stage(record, funded: funded, post: post)
            return
        }
        try store.recordObservation(record)
        if let funded { try store.markFunded(address: funded, at: record.at) }
        post()
    }
}
