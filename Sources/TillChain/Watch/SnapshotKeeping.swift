import Foundation

/// A UTXO watcher whose progress is a `ChainWatchSnapshot` (the node's and Esplora's): loaded once, saved with the
/// scripts it watches. One copy of the load, because a watch may arrive while the load awaits the store.
protocol SnapshotKeeping: Actor {
    associatedtype ScriptKey: Hashable
    var store: any ChainCursorStore { get }
    var snapshot: ChainWatchSnapshot { get set }
    var loaded: Bool { get set }
    var scripts: [ScriptKey: WatchedScript] { get set }
    /// The key a script is watched under: its scriptPubKey on a node, its address on Esplora.
    static func key(of script: WatchedScript) -> ScriptKey
    /// Rebuilds the lookups from `snapshot.payments`.
    func reindex()
}

extension SnapshotKeeping {
    /// Loads the saved snapshot once; scripts watched while the load awaited are kept.
    func loadIfNeeded() async throws {
        guard !loaded else { return }
        let stored = try await store.load()
        guard !loaded else { return }
        if let stored {
            let addedMeanwhile = scripts
            snapshot = stored
            scripts = Dictionary(stored.watched.map { (Self.key(of: $0), $0) }) { _, last in last }
            scripts.merge(addedMeanwhile) { _, new in new }
        }
        loaded = true
        reindex()
    }

    /// Saves the snapshot with the watched scripts, in address order.
    func saveSnapshot() async throws {
        snapshot.watched = scripts.values.sorted { $0.address < $1.address }
        try await store.save(snapshot)
    }
}
