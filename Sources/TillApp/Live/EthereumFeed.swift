import Foundation
import TillChain
import TillCore
import TillStore
import TillUI

/// An EVM coin (native ETH or one ERC-20 token) watched by an `EthereumWatcher`: addresses in, sale events out
/// through the inbox. Every event is written to SQLite (the observation log) before it is posted.
/// One watcher per coin, so a token whose contract disagrees with the config is refused alone (its coin is shown
/// unavailable with the reason) while ETH and the other tokens on the same chain keep working.
public final class EthereumFeed: ChainFeed, EthereumEventSink, @unchecked Sendable {
    let asset: Asset
    let backendName: String
    /// With `wait_for_finalized`, a final payment counts as fully confirmed whatever its block count.
    let finalizedCountsAs: Int?
    let store: any SaleStore
    let directory: SaleIndex
    let inbox: Inbox
    let log: FileLog
    private let lock = NSLock()
    private var watcher: EthereumWatcher?
    private var task: Task<Void, Never>?
    /// Watches, unwatches and rescans reach the watcher in the order they were asked for.
    private let serial = SerialTasks()
    private let storage: StorageWatch

    public init(asset: Asset, backendName: String, finalizedCountsAs: Int?, store: any SaleStore, directory: SaleIndex,
                inbox: Inbox, log: FileLog) {
        self.asset = asset
        self.backendName = backendName
        self.finalizedCountsAs = finalizedCountsAs
        self.store = store
        self.directory = directory
        self.inbox = inbox
        self.log = log
        storage = StorageWatch(inbox: inbox)
    }

    /// Starts polling with `watcher` (built with this feed as its sink). `resuming` are the addresses of open
    /// sales: they are watched before the first tick, so payments made while the till was down are found; `payments`
    /// are what those sales recorded, followed again so a reorg or double spend while the till was down is seen.
    public func start(_ watcher: EthereumWatcher, resuming addresses: [String], payments: [Payment] = []) {
        lock.lock()
        self.watcher = watcher
        lock.unlock()
        let asset = asset, log = log
        task = Task.detached {
            for address in addresses {
                do { try await watcher.watch(address, for: asset) } catch { log.error("cannot watch \(address): \(error)") }
            }
            await watcher.resume(payments)
            await watcher.run()
        }
    }

    public func stop() { task?.cancel() }

    public func watch(address: String, asset: Asset, saleID: String) {
        guard let watcher = currentWatcher() else { return }
        let log = self.log
        serial.enqueue {
            do { try await watcher.watch(address, for: asset) } catch { log.error("watch \(address) failed: \(error)") }
        }
    }

    public func unwatch(address: String, asset: Asset) {
        guard let watcher = currentWatcher() else { return }
        serial.enqueue { await watcher.unwatch(address) }
    }

    /// Has the watcher scan again from block `height`, after the watches asked for so far.
    public func rescan(from height: Int) {
        guard let watcher = currentWatcher() else { return }
        log.info("\(asset.id): reading the chain again from block \(height) for sales adopted from a stopped lane")
        serial.enqueue { await watcher.rescan(from: height) }
    }

    private func currentWatcher() -> EthereumWatcher? {
        lock.lock(); defer { lock.unlock() }
        return watcher
    }

    /// Records each event in SQLite, then hands it to the runner; a store failure makes the watcher redo the tick.
    public func deliver(_ events: [EthereumEvent]) async throws {
        try storage.guarding { for event in events { try record(event) } }
    }

    func record(_ event: EthereumEvent) throws {
        let now = Date()
        switch event {
        case .observed(let reported, let final):
            let observation = counted(reported, final: final)
            let known = directory.payment(observation.ref) != nil
            try store.recordObservation(ChainObservationRecord(
                at: now, backend: backendName, kind: known ? "confirmations" : "payment", txid: observation.ref.txid,
                output: observation.ref.output, address: observation.address, amountUnits: observation.amount.units,
                height: observation.blockHeight, blockHash: observation.blockHash, confirmations: observation.confirmations))
            if !known { try store.markFunded(address: observation.address, at: now) }
            guard let saleID = directory.sale(forAddress: observation.address) ?? directory.payment(observation.ref)?.saleID else { return }
            inbox.post(.sale(id: saleID, .observed(observation, at: now)))
        case .reorged(let ref, let address):
            try store.recordObservation(ChainObservationRecord(at: now, backend: backendName, kind: "reorg", txid: ref.txid,
                                                               output: ref.output, address: address))
            if let (saleID, _) = directory.payment(ref) { inbox.post(.sale(id: saleID, .reorged(ref, at: now))) }
        case .vanished(let ref, let address):
            try store.recordObservation(ChainObservationRecord(at: now, backend: backendName, kind: "vanished", txid: ref.txid,
                                                               output: ref.output, address: address))
            if let (saleID, _) = directory.payment(ref) { inbox.post(.sale(id: saleID, .vanished(ref, at: now))) }
        case .wrongAsset(let observation):
            // Not a payment: recorded (and the address marked funded) so the manager can refund it.
            try store.recordObservation(ChainObservationRecord(
                at: now, backend: backendName, kind: "wrong-asset", txid: observation.ref.txid, output: observation.ref.output,
                address: observation.address, amountUnits: observation.amount.units, height: observation.blockHeight,
                blockHash: observation.blockHash))
            try store.markFunded(address: observation.address, at: now)
            log.info("\(backendName): \(observation.amount.formatted) (\(observation.amount.asset.id)) reached \(observation.address) in \(observation.ref)")
            guard let saleID = directory.sale(forAddress: observation.address) else { return }
            inbox.post(.sale(id: saleID, .wrongAsset(observation, at: now)))
        case .online:
            log.info("\(backendName) online")
            inbox.post(.coinBackend(assetID: asset.id, .online))
        case .offline(let reason, let since):
            log.error("\(backendName) offline: \(reason)")
            inbox.post(.coinBackend(assetID: asset.id, .offline(reason: reason, since: since)))
        }
    }

    /// In finalized mode the block count is not what decides: a final payment is reported with the full count.
    private func counted(_ observation: PaymentObservation, final: Bool) -> PaymentObservation {
        guard final, let required = finalizedCountsAs, observation.confirmations < required else { return observation }
        return PaymentObservation(ref: observation.ref, address: observation.address, amount: observation.amount,
                                  replaceable: observation.replaceable, confirmations: required,
                                  blockHeight: observation.blockHeight, blockHash: observation.blockHash)
    }
}
