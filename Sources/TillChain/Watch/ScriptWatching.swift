/// What a feed needs from any UTXO watcher (node or Esplora): scripts in, polling until cancelled.
public protocol ScriptWatching: Actor {
    func watch(_ script: WatchedScript) async throws
    func unwatch(address: String) async throws
    /// Reads the chain again from block `height` for the scripts watched now (sales adopted from a stopped lane).
    func rescan(from height: Int) async
    func run() async
}

extension BitcoinNodeWatcher: ScriptWatching, SnapshotKeeping {}
extension EsploraWatcher: ScriptWatching, SnapshotKeeping {}
