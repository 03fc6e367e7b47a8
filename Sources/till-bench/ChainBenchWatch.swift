import Foundation
import TillChain
import TillHTTP

/// A `BitcoinNodeWatcher.run()` on the bench node watching one fresh address, with a sink that timestamps what it
/// records and a backend that counts ticks; for the flood and outage areas.
final class BenchWatch: Sendable {
    let watcher: BitcoinNodeWatcher
    let sink: TimedSink
    let backend: TickCountingBackend
    let address: String
    private let running: Task<Void, Never>

    /// Starts watching; with `waitOnline`, returns after the first successful poll.
    /// With `zmq`, the watcher also listens to the node's ZMQ announcements.
    static func start(_ node: BenchNode, configuration: BitcoinNodeWatcher.Configuration = .init(),
                      waitOnline: Bool = true, zmq: Bool = false) async throws -> BenchWatch {
        let backend = TickCountingBackend(node.backend())
        let store = BenchStore()
        let address = try await node.string("getnewaddress")
        let sink = TimedSink()
        let subscriber = zmq ? ZMQSubscriber(endpoint: "tcp://127.0.0.1:\(node.zmqPort)") : nil
        let watcher = BitcoinNodeWatcher(backend: backend, sink: sink, store: store, configuration: configuration, notifications: subscriber)
        try await watcher.watch(WatchedScript(address: address, scriptPubKey: try await node.script(of: address), asset: .btc))
        let watch = BenchWatch(watcher: watcher, backend: backend, address: address, sink: sink)
        if waitOnline { _ = try await watch.sink.waitOnline(after: .now - .seconds(1), timeout: .seconds(600)) }
        if let subscriber {
            while !subscriber.isSubscribed { try await Task.sleep(for: .milliseconds(20)) }
            try await Task.sleep(for: .milliseconds(200))
        }
        return watch
    }

    private init(watcher: BitcoinNodeWatcher, backend: TickCountingBackend, address: String, sink: TimedSink) {
        self.watcher = watcher
        self.backend = backend
        self.address = address
        self.sink = sink
        running = Task { await watcher.run() }
    }

    /// Pays the watched address with `sendtoaddress`; the txid and when the call returned.
    func pay(_ node: BenchNode) async throws -> (txid: String, sent: ContinuousClock.Instant) {
        guard let txid = try await node.call("sendtoaddress", [.string(address), .number("0.01")]).stringValue
        else { throw BenchNodeError("sendtoaddress: no txid") }
        return (txid, .now)
    }

    /// Pays and waits for the sink to record the payment; the detection latency.
    func payAndDetect(_ node: BenchNode, timeout: Duration = .seconds(120)) async throws -> Duration {
        let (txid, sent) = try await pay(node)
        return try await sink.waitPayment(txid, timeout: timeout) - sent
    }

    func stop() { running.cancel() }
}

/// Remembers when each event was recorded.
actor TimedSink: ChainEventSink {
    private(set) var payments: [String: ContinuousClock.Instant] = [:]
    private(set) var online: [ContinuousClock.Instant] = []
    private(set) var offline: [(at: ContinuousClock.Instant, reason: String)] = []
    private(set) var vanished: [String] = []

    func record(_ event: ChainEvent) async throws {
        switch event {
        case .paymentSeen(let observation): payments[observation.ref.txid] = payments[observation.ref.txid] ?? .now
        case .backendOnline: online.append(.now)
        case .backendOffline(let reason, _): offline.append((.now, reason))
        case .vanished(let ref): vanished.append(ref.txid)
        case .confirmationsChanged, .reorged: break
        }
    }

    /// When the payment `txid` was recorded, waiting up to `timeout` for it.
    func waitPayment(_ txid: String, timeout: Duration) async throws -> ContinuousClock.Instant {
        let deadline = ContinuousClock.now + timeout
        while payments[txid] == nil {
            guard .now < deadline else { throw BenchNodeError("payment \(txid.prefix(8)) not detected in \(timeout)") }
            try await Task.sleep(for: .milliseconds(2))
        }
        return payments[txid]!
    }

    /// The first `.backendOnline` recorded after `instant`, waiting up to `timeout` for it.
    func waitOnline(after instant: ContinuousClock.Instant, timeout: Duration) async throws -> ContinuousClock.Instant {
        try await waitFor(timeout, "online") { online.first { $0 > instant } }
    }

    /// The first `.backendOffline` recorded after `instant`, waiting up to `timeout` for it.
    func waitOffline(after instant: ContinuousClock.Instant, timeout: Duration) async throws -> (at: ContinuousClock.Instant, reason: String) {
        try await waitFor(timeout, "offline") { offline.first { $0.at > instant } }
    }

    private func waitFor<T>(_ timeout: Duration, _ what: String, _ found: () -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let value = found() { return value }
            guard .now < deadline else { throw BenchNodeError("watcher not \(what) within \(timeout)") }
            try await Task.sleep(for: .milliseconds(2))
        }
    }
}

/// Forwards to the node and notes the start of every poll (each begins with `mempoolTxids`) with the RPC count then.
final class TickCountingBackend: ChainBackend, @unchecked Sendable {
    private let inner: BitcoinRPCBackend
    private let lock = NSLock()
    private var starts: [(at: ContinuousClock.Instant, calls: Int)] = []

    init(_ inner: BitcoinRPCBackend) { self.inner = inner }

    var name: String { inner.name }

    /// Polls started in `window`: their count, RPC calls per poll (mean, max) and the longest start-to-start gap.
    func ticks(in window: ClosedRange<ContinuousClock.Instant>) -> (count: Int, meanCalls: Double, maxCalls: Int, longestGap: Duration) {
        lock.lock()
        let all = starts + [(ContinuousClock.now, inner.callCount)]
        lock.unlock()
        let pairs = zip(all, all.dropFirst()).filter { window.contains($0.0.at) }
        let calls = pairs.map { $0.1.calls - $0.0.calls }
        return (pairs.count, calls.isEmpty ? 0 : Double(calls.reduce(0, +)) / Double(calls.count), calls.max() ?? 0,
                pairs.map { $0.1.at - $0.0.at }.max() ?? .zero)
    }

    func mempoolTxids() async throws(ChainBackendError) -> [String] {
        noteTick()
        return try await inner.mempoolTxids()
    }

    private func noteTick() {
        lock.lock()
        starts.append((.now, inner.callCount))
        lock.unlock()
    }

    func tip() async throws(ChainBackendError) -> ChainTip { try await inner.tip() }
    func blockHash(at height: Int) async throws(ChainBackendError) -> String { try await inner.blockHash(at: height) }
    func block(hash: String) async throws(ChainBackendError) -> ChainBlock { try await inner.block(hash: hash) }
    func transaction(txid: String) async throws(ChainBackendError) -> ChainTransaction? { try await inner.transaction(txid: txid) }
    func transactions(txids: [String]) async throws(ChainBackendError) -> [ChainTransaction?] {
        try await inner.transactions(txids: txids)
    }
}

/// Milliseconds, for printing.
/// A duration in seconds (the one conversion the benchmark areas share).
func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func millis(_ duration: Duration) -> Double {
    Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
}

/// "mean 123 ms, max 456 ms" of `samples`.
func meanMax(_ samples: [Duration]) -> String {
    let values = samples.map(millis)
    return "mean \(Int(values.reduce(0, +) / Double(max(values.count, 1)))) ms, max \(Int(values.max() ?? 0)) ms"
}
