import Foundation
import TillChain
import TillCore
import TillStore
import TillWallet

/// A Bitcoin-family watcher's state (cursor, recent block hashes, watched scripts, followed payments) in the sales
/// database, committed in ONE transaction with the observations the watcher produced since its last save.
///
/// The feed stages each observation here instead of writing it; the watcher's next `save` writes the observations,
/// the funded marks and the rows that changed (never the whole state), and only then are the sale events posted.
/// A kill before that commit loses both (the restarted watcher scans the same blocks and mempool again); a kill
/// after it keeps both (the restart replays the observations into their sales, `ObservationReplay`).
public final class LedgerWatchState: ChainCursorStore, @unchecked Sendable {
    let backendID: String
    let database: any LedgerStore
    /// `chain-<COIN>.json` of earlier versions: imported once into the database, then removed.
    let legacyFile: URL?
    private let lock = NSLock()
    private var savedCursor: ChainTip?
    private var savedBlocks: [Int: String] = [:]
    private var savedScripts: [String: WatchedScript] = [:]
    private var savedPayments: [String: TrackedPayment] = [:]
    private var pending = WatcherCommit()
    private var posts: [@Sendable () -> Void] = []
    /// Names a failing database on the screen (set by the feed that owns this state).
    var storage: StorageWatch?

    public init(backendID: String, database: any LedgerStore, legacyFile: URL? = nil) {
        self.backendID = backendID
        self.database = database
        self.legacyFile = legacyFile
    }

    /// Queues an observation (and the address it funded) for the next commit; `post` runs after that commit.
    func stage(_ observation: ChainObservationRecord, funded: String? = nil, post: (@Sendable () -> Void)? = nil) {
        lock.withLock {
            pending.observations.append(observation)
            if let funded { pending.funded.append(funded) }
            if let post { posts.append(post) }
        }
    }

    public func load() async throws -> ChainWatchSnapshot? {
        let (cursor, rows) = try database.watcherState(backendID: backendID)
        if rows.isEmpty, let legacyFile, let data = try? Data(contentsOf: legacyFile) {
            let snapshot = try JSONDecoder().decode(ChainWatchSnapshot.self, from: data)
            try await save(snapshot)
            try? FileManager.default.removeItem(at: legacyFile)
            return snapshot
        }
        guard cursor != nil || !rows.isEmpty else { return nil }
        var snapshot = ChainWatchSnapshot(cursor: cursor.map { ChainTip(height: $0.height, hash: $0.blockHash) })
        let decoder = JSONDecoder()
        for row in rows {
            switch row.kind {
            case Self.block:
                if let height = Int(row.key) { snapshot.recentHashes[height] = String(decoding: row.value, as: UTF8.self) }
            case Self.script: snapshot.watched.append(try decoder.decode(WatchedScript.self, from: row.value))
            case Self.payment: snapshot.payments.append(try decoder.decode(TrackedPayment.self, from: row.value))
            default: continue
            }
        }
        // The watcher's order of payments is the order it first saw them.
        snapshot.payments.sort { ($0.blockHeight ?? .max, $0.ref.txid, $0.ref.output) < ($1.blockHeight ?? .max, $1.ref.txid, $1.ref.output) }
        lock.withLock { remember(snapshot) }
        return snapshot
    }

    public func save(_ snapshot: ChainWatchSnapshot) async throws {
        let write = { try self.lock.withLock({ try self.commit(snapshot) }) }
        for post in try (storage.map { try $0.guarding(write) } ?? write()) { post() }
    }

    /// Writes the staged observations and the rows that changed since the last commit; returns the posts now due.
    private func commit(_ snapshot: ChainWatchSnapshot) throws -> [@Sendable () -> Void] {
        var commit = pending
        let encoder = JSONEncoder()
        if snapshot.cursor != savedCursor, let cursor = snapshot.cursor {
            commit.cursor = ChainCursor(backendID: backendID, height: cursor.height, blockHash: cursor.hash)
        }
        for (height, hash) in snapshot.recentHashes where savedBlocks[height] != hash {
            commit.upserts.append(WatcherStateRow(kind: Self.block, key: String(height), value: Data(hash.utf8)))
        }
        for height in savedBlocks.keys where snapshot.recentHashes[height] == nil {
            commit.removals.append((Self.block, String(height)))
        }
        var scripts: [String: WatchedScript] = [:]
        for script in snapshot.watched {
            let key = script.scriptPubKey.hex
            scripts[key] = script
            guard savedScripts[key] != script else { continue }
            commit.upserts.append(WatcherStateRow(kind: Self.script, key: key, value: try encoder.encode(script)))
        }
        for key in savedScripts.keys where scripts[key] == nil { commit.removals.append((Self.script, key)) }
        var payments: [String: TrackedPayment] = [:]
        for payment in snapshot.payments {
            let key = "\(payment.ref.txid):\(payment.ref.output)"
            payments[key] = payment
            guard savedPayments[key] != payment else { continue }
            commit.upserts.append(WatcherStateRow(kind: Self.payment, key: key, value: try encoder.encode(payment)))
        }
        for key in savedPayments.keys where payments[key] == nil { commit.removals.append((Self.payment, key)) }
        // On a throw the staged observations stay queued: the next save commits them with the state that has them.
        try database.commitWatcher(backendID: backendID, commit, at: Date())
        savedCursor = snapshot.cursor
        savedBlocks = snapshot.recentHashes
        savedScripts = scripts
        savedPayments = payments
        pending = WatcherCommit()
        let ready = posts
        posts = []
        return ready
    }

    private func remember(_ snapshot: ChainWatchSnapshot) {
        savedCursor = snapshot.cursor
        savedBlocks = snapshot.recentHashes
        savedScripts = Dictionary(snapshot.watched.map { ($0.scriptPubKey.hex, $0) }) { _, last in last }
        savedPayments = Dictionary(snapshot.payments.map { ("\($0.ref.txid):\($0.ref.output)", $0) }) { _, last in last }
    }

    static let block = "block", script = "script", payment = "payment"

}

extension BitcoinFeed {
    /// Keeps the watcher's state in `database` with the observations (importing an old `chain-<COIN>.json`).
    func stateInDatabase(_ database: any LedgerStore, coinID: String, dataDirectory: URL) -> LedgerWatchState {
        let state = LedgerWatchState(backendID: coinID, database: database,
                                     legacyFile: dataDirectory.appendingPathComponent("chain-\(coinID).json"))
        state.storage = StorageWatch(inbox: inbox)
        self.state = state
        return state
    }
}
