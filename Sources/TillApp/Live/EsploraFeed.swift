import Foundation
import TillChain
import TillCore
import TillStore
import TillUI
import TillWallet

/// A Bitcoin-family coin watched through Esplora by an `EsploraWatcher`: addresses in, sale events out through
/// the inbox. Every chain event is written to SQLite (the observation log) before it is posted.
public final class EsploraFeed: ChainFeed, ChainEventSink, @unchecked Sendable {
    let network: Network
    let log: FileLog
    /// Records and dispatches events exactly as the node feed does (same events, same SQLite rows); it is
    /// never started, so it watches nothing itself.
    private let recorder: BitcoinFeed
    private let lock = NSLock()
    private var watcher: EsploraWatcher?
    private var task: Task<Void, Never>?

    public init(asset: Asset, network: Network, backendName: String, store: any SaleStore, directory: SaleDirectory, inbox: Inbox, log: FileLog) {
        self.network = network
        self.log = log
        recorder = BitcoinFeed(asset: asset, network: network, backendName: backendName, store: store, directory: directory,
                               inbox: inbox, log: log)
    }

    /// Starts polling with `watcher` (built with this feed as its sink).
    public func start(_ watcher: EsploraWatcher) {
        lock.lock()
        self.watcher = watcher
        lock.unlock()
        task = Task.detached { await watcher.run() }
    }

    public func stop() { task?.cancel() }

    public func watch(address: String, asset: Asset, saleID: String) {
        let script: [UInt8]
        do { script = try AddressEncoding.scriptPubKey(address: address, network: network) } catch {
            log.error("cannot watch \(address): \(error.message)")
            return
        }
        guard let watcher = currentWatcher() else { return }
        let log = self.log
        Task.detached {
            do { try await watcher.watch(WatchedScript(address: address, scriptPubKey: script, asset: asset)) } catch {
                log.error("watch \(address) failed: \(error)")
            }
        }
    }

    public func unwatch(address: String, asset: Asset) {
        guard let watcher = currentWatcher() else { return }
        Task.detached { try? await watcher.unwatch(address: address) }
    }

    /// Records the event in SQLite, then hands it to the runner as a sale event.
    public func record(_ event: ChainEvent) async throws {
        try await recorder.record(event)
    }

    private func currentWatcher() -> EsploraWatcher? {
        lock.lock(); defer { lock.unlock() }
        return watcher
    }
}
