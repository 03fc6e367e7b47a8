import Foundation
import TillChain
import TillConfig
import TillCore
import TillStore

/// Keeps an Ethereum watcher's cursor in SQLite only (`chain_cursor`); `file` is the JSON side file of earlier
/// versions, read once if the database has no cursor yet and removed at the next save (no second source of truth).
/// After a restart it rewinds to just before the oldest payment of an open sale (or of a paid one in its reorg window),
/// so that payment is found again and its confirmations keep counting, or its reorg is seen (the watcher's list of
/// reported payments lives in memory only).
public struct EthereumCursorFile: EthereumCursorStore {
    let file: URL
    let backendID: String
    let store: any SaleStore
    /// The lowest block holding a payment of a still-open sale, when the till starts.
    let rescanFrom: Int?

    public init(file: URL, backendID: String, store: any SaleStore, rescanFrom: Int?) {
        self.file = file
        self.backendID = backendID
        self.store = store
        self.rescanFrom = rescanFrom
    }

    public func loadCursor() async throws -> EthereumCursor? {
        let saved: EthereumCursor
        if let stored = try store.chainCursor(backendID: backendID) {
            saved = EthereumCursor(blockNumber: stored.height, blockHash: stored.blockHash)
        } else {
            guard let data = try? Data(contentsOf: file) else { return nil }
            saved = try JSONDecoder().decode(EthereumCursor.self, from: data)
        }
        guard let rescanFrom, rescanFrom <= saved.blockNumber else { return saved }
        // No hash: the watcher does not check a block it is told to rescan from.
        return EthereumCursor(blockNumber: rescanFrom - 1, blockHash: "")
    }

    public func saveCursor(_ cursor: EthereumCursor) async throws {
        try store.saveChainCursor(ChainCursor(backendID: backendID, height: cursor.blockNumber, blockHash: cursor.blockHash), at: Date())
        try? FileManager.default.removeItem(at: file)
    }
}

extension EthereumFeed {
    /// Builds and starts the feed of an `evm-native` or `erc20` coin served by `ethereum-rpc`. The watcher checks the
    /// chain id and the token's `decimals()`/`symbol()` on its first tick; a mismatch is reported as the coin's
    /// offline reason (and logged), and the watcher keeps retrying with backoff instead of crashing the till.
    /// `configured` are every coin's assets: those on the same chain (and the chain's native coin) are the
    /// wrong-asset deposits this coin's watcher reports.
    static func started(coin: CoinSettings, dataDirectory: URL, store: any LedgerStore, directory: SaleIndex, inbox: Inbox,
                        log: FileLog, now: Date, configured: [Asset] = []) throws -> EthereumFeed {
        let chainID: UInt64, native: Asset?, tokens: [Asset]
        switch coin.asset.kind {
        case .evmNative(let id): (chainID, native, tokens) = (id, coin.asset, [])
        case .erc20(_, let id): (chainID, native, tokens) = (id, nil, [coin.asset])
        case .utxo: throw TillAppError("\(coin.asset.id) is not an EVM coin")
        }
        guard let url = URL(string: coin.backend.url) else { throw TillAppError("backend URL of \(coin.asset.id) is not a URL") }
        let required = coin.policy.requiredConfirmations
        let feed = EthereumFeed(asset: coin.asset, backendName: "\(coin.asset.id) \(coin.backend.host)",
                                finalizedCountsAs: coin.waitForFinalized ? max(required, 1) : nil,
                                store: store, directory: directory, inbox: inbox, log: log)

        // Paid sales in their reorg window count as open here: their payments must be found again to be followed.
        let open = try store.openSales(at: now) + store.reorgWatchedSales()
        // The runner fills the directory when it restores these sales, which may be after the first tick.
        for sale in open { directory.update(sale) }
        let quotes = open.filter(\.watching).flatMap(\.quotes).filter { $0.asset == coin.asset }
        let heights = open.flatMap(\.payments).filter { $0.amount.asset == coin.asset && $0.counts }.compactMap(\.blockHeight)
        let cursor = EthereumCursorFile(file: dataDirectory.appendingPathComponent("chain-\(coin.asset.id).json"),
                                        backendID: coin.asset.id, store: store, rescanFrom: heights.min())
        let interval = Duration.milliseconds(coin.backend.pollIntervalMilliseconds)
        let watcher = EthereumWatcher(
            backend: EthereumRPCBackend(url: url), native: native, tokens: tokens,
            others: wrongAssets(chainID: chainID, configured: configured),
            settings: EthereumWatcherSettings(chainID: chainID, confirmations: max(required, 1), useFinalized: coin.waitForFinalized,
                                              pollInterval: interval, initialBackoff: min(interval * 2, .seconds(2))),
            sink: feed, cursorStore: cursor)
        feed.start(watcher, resuming: Array(Set(quotes.map(\.address))).sorted(),
                   payments: open.filter(\.watching).flatMap(\.payments).filter { $0.amount.asset == coin.asset })
        return feed
    }
}
