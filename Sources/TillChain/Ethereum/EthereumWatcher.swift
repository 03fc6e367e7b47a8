import BigInt
import Foundation
import TillCore

/// Watches one EVM chain for payments to sale addresses: native coin (top-level transactions and balance rises,
/// so internal transfers from contracts count) and ERC-20 tokens (one `eth_getLogs` per token per tick for all
/// watched recipients). Reports through `sink` before it advances its cursor.
public actor EthereumWatcher {
    public nonisolated let backend: EthereumRPCBackend
    public nonisolated let settings: EthereumWatcherSettings
    let native: Asset?
    let tokens: [Asset]
    /// The chain's other assets (the native coin, other configured tokens): deposits of these to a watched address
    /// are reported as `wrongAsset`, never as payments.
    let others: [Asset]
    let sink: any EthereumEventSink
    let cursorStore: any EthereumCursorStore
    let clock: @Sendable () -> Date

    /// Normalized address → the address as the sale gave it, and the assets expected there.
    var watched: [String: (display: String, assets: Set<Asset>)] = [:]
    var tracked: [PaymentRef: EthereumTrackedPayment] = [:]
    /// Reported payments whose block left the chain, until found again or vanished.
    var orphans: [PaymentRef: EthereumOrphan] = [:]
    var cursor: EthereumCursor?
    /// The lowest block `rescan(from:)` asked for, scanned again at the next tick.
    var rescanFrom: Int?
    var prepared = false
    /// nil before the first tick.
    public private(set) var isOnline: Bool?
    var offlineSince: Date?
    /// Why the watcher is offline (nil while online).
    public private(set) var offlineReason: String?
    var failures = 0

    /// `native` is the chain's coin (ETH) if it is accepted; `tokens` are ERC-20 assets on the same chain; `others`
    /// are the chain's assets this watcher does not count, whose deposits are reported as `wrongAsset`.
    public init(backend: EthereumRPCBackend, native: Asset?, tokens: [Asset], others: [Asset] = [], settings: EthereumWatcherSettings,
                sink: any EthereumEventSink, cursorStore: any EthereumCursorStore,
                clock: @escaping @Sendable () -> Date = { Date() }) {
        self.backend = backend
        self.native = native
        self.tokens = tokens
        self.others = Self.otherAssets(others, native: native, tokens: tokens)
        self.settings = settings
        self.sink = sink
        self.cursorStore = cursorStore
        self.clock = clock
    }

    /// Starts watching `address` for `asset` (one of the watcher's assets).
    public func watch(_ address: String, for asset: Asset) throws(EthereumRPCError) {
        guard let key = EthereumHex.normalizedAddress(address) else { throw .invalidArgument("\(address) is not an Ethereum address") }
        guard asset == native || tokens.contains(asset) else {
            throw .invalidArgument("\(asset.id) is not watched on chain \(settings.chainID)")
        }
        var entry = watched[key] ?? (display: address, assets: [])
        entry.assets.insert(asset)
        watched[key] = entry
    }

    /// Scans again from block `height` at the next tick, for every address watched by then (sales adopted from a
    /// stopped lane: paid in a block read here before they were watched). Known payments are not reported twice.
    public func rescan(from height: Int) {
        rescanFrom = min(rescanFrom ?? height, max(height, 0))
    }

    /// Stops watching `address` (sale closed) and forgets its payments.
    public func unwatch(_ address: String) {
        guard let key = EthereumHex.normalizedAddress(address) else { return }
        watched[key] = nil
        tracked = tracked.filter { EthereumHex.normalizedAddress($0.value.address) != key }
        orphans = orphans.filter { EthereumHex.normalizedAddress($0.value.address) != key }
    }

    /// The cursor after the last successful tick.
    public var lastCursor: EthereumCursor? { cursor }

    /// Checks the chain id and every token's `decimals()`/`symbol()` against the config.
    public func prepare() async throws(EthereumRPCError) {
        try await backend.requireChain(settings.chainID)
        for token in tokens { try await backend.verifyToken(token) }
        prepared = true
    }

    /// How long `run()` waits before the next tick: the poll interval while online, else capped exponential backoff.
    public var nextDelay: Duration {
        guard failures > 0 else { return settings.pollInterval }
        var delay = settings.initialBackoff
        for _ in 1..<min(failures, 32) where delay < settings.maxBackoff { delay *= 2 }
        return min(delay, settings.maxBackoff)
    }

    /// Ticks until the task is cancelled.
    public func run() async {
        while !Task.isCancelled {
            await tick()
            try? await Task.sleep(for: nextDelay)
        }
    }

    /// One poll: scan new blocks, re-check reported payments, deliver events, then save the cursor.
    /// Failures turn into one `offline` event (until the node is back) and a longer `nextDelay`.
    @discardableResult
    public func tick() async -> Bool {
        do {
            if !prepared { try await prepare() }
            if cursor == nil { cursor = try await cursorStore.loadCursor() }
            if let from = rescanFrom {
                // An empty hash: no reorg check at the new start, as for a rescan at start (EthereumCursorFile).
                if from - 1 < cursor?.blockNumber ?? Int.max { cursor = EthereumCursor(blockNumber: from - 1, blockHash: "") }
                rescanFrom = nil
            }
            var scan = try await scanOnce()
            if isOnline != true { scan.events.insert(.online, at: 0) }
            try await sink.deliver(scan.events)
            try await cursorStore.saveCursor(scan.cursor)
            cursor = scan.cursor
            tracked = scan.tracked.filter { watched[EthereumHex.normalizedAddress($0.value.address) ?? ""] != nil }
            orphans = scan.orphans.filter { watched[EthereumHex.normalizedAddress($0.value.address) ?? ""] != nil }
            isOnline = true
            offlineSince = nil
            offlineReason = nil
            failures = 0
            return true
        } catch {
            failures += 1
            // After any failure the chain id (and the tokens) are checked again: a reconnect may reach another node.
            prepared = false
            let reason = (error as? EthereumRPCError)?.message ?? "event store failed: \(error)"
            // One offline event per outage; a refusal found during it (another chain, a changed token) is told too.
            let refusal: Bool
            switch error as? EthereumRPCError {
            case .wrongChain?, .tokenMismatch?: refusal = true
            default: refusal = false
            }
            if isOnline != false || (refusal && reason != offlineReason) {
                let since = offlineSince ?? clock()
                isOnline = false
                offlineSince = since
                offlineReason = reason
                try? await sink.deliver([.offline(reason: reason, since: since)])
            }
            return false
        }
    }
}
