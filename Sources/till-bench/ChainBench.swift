import Foundation
import TillChain
import TillCore
#if canImport(Glibc)
import Glibc
#endif

/// Chain watcher figures on a real regtest node: detection latency, and RPC calls and CPU per poll tick with
/// 1, 100 and 1,000 watched scripts. Starts (and always stops) its own node from TILL_PEERS or .build/peers.
func runChainBench() async throws {
    try await BenchNode.with { node in
        try await benchTicks(node)
        try await benchLatency(node)
    }
}

private func benchTicks(_ node: BenchNode) async throws {
    for count in [1, 100, 1_000] {
        let sink = BenchSink(), backend = node.backend()
        let watcher = BitcoinNodeWatcher(backend: backend, sink: sink, store: BenchStore())
        let paid = try await node.string("getnewaddress")
        let paidScript = try await node.script(of: paid)
        try await watcher.watch(WatchedScript(address: paid, scriptPubKey: paidScript, asset: .btc))
        for index in 1..<count {
            // Distinct P2PKH scripts nobody pays: the watch set grows, the chain traffic does not.
            let hash = (0..<20).map { UInt8(truncatingIfNeeded: index &* 31 &+ $0 &* 7 &+ count) }
            try await watcher.watch(WatchedScript(address: "bench-\(index)", scriptPubKey: [0x76, 0xA9, 0x14] + hash + [0x88, 0xAC],
                                                  asset: .btc))
        }
        guard await watcher.pollOnce() else { throw BenchNodeError("first poll failed: \(await watcher.offlineReason ?? "")") }
        let idle = try await measure(watcher, backend, rounds: 10) {}
        let mempool = try await measure(watcher, backend, rounds: 10) { _ = try await node.call("sendtoaddress", [.string(paid), .number("0.001")]) }
        let block = try await measure(watcher, backend, rounds: 10) { _ = try await node.call("generatetoaddress", [.number("1"), .string(paid)]) }
        for (name, figures) in [("idle", idle), ("new mempool tx", mempool), ("new block", block)] {
            print("chain: rpc calls per tick (\(name), \(count) watched) = \(figures.calls) calls")
            print("chain: cpu per tick (\(name), \(count) watched) = \(String(format: "%.2f", figures.cpuMilliseconds)) ms")
        }
    }
}

private func measure(_ watcher: BitcoinNodeWatcher, _ backend: BitcoinRPCBackend, rounds: Int,
                     before: () async throws -> Void) async throws -> (calls: Double, cpuMilliseconds: Double) {
    var calls = 0, cpu = 0.0
    for _ in 0..<rounds {
        try await before()
        let startCalls = backend.callCount, startCPU = cpuSeconds()
        guard await watcher.pollOnce() else { throw BenchNodeError("poll failed: \(await watcher.offlineReason ?? "")") }
        calls += backend.callCount - startCalls
        cpu += cpuSeconds() - startCPU
    }
    return (Double(calls) / Double(rounds), cpu * 1000 / Double(rounds))
}

private func benchLatency(_ node: BenchNode) async throws {
    let sink = BenchSink()
    let watcher = BitcoinNodeWatcher(backend: node.backend(), sink: sink, store: BenchStore())
    let address = try await node.string("getnewaddress")
    try await watcher.watch(WatchedScript(address: address, scriptPubKey: try await node.script(of: address), asset: .btc))
    let running = Task { await watcher.run() }
    defer { running.cancel() }
    try await Task.sleep(for: .seconds(1))
    var samples: [Double] = []
    for round in 0..<5 {
        let before = await sink.paymentCount
        _ = try await node.call("sendtoaddress", [.string(address), .number("0.01")])
        let sent = ContinuousClock.now
        while await sink.paymentCount == before {
            guard ContinuousClock.now - sent < .seconds(30) else { throw BenchNodeError("payment \(round) not detected in 30 s") }
            try await Task.sleep(for: .milliseconds(5))
        }
        let recorded = await sink.lastPaymentAt!
        samples.append(Double((recorded - sent).components.attoseconds) / 1e15 + Double((recorded - sent).components.seconds) * 1000)
        try await Task.sleep(for: .milliseconds(700 + round * 300))
    }
    print("chain: detection latency (2 s poll, mean of 5) = \(Int(samples.reduce(0, +) / Double(samples.count))) ms")
    print("chain: detection latency (2 s poll, max of 5) = \(Int(samples.max() ?? 0)) ms")
}

private func cpuSeconds() -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    return Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
}

/// Counts payments and remembers when the last one was recorded.
private actor BenchSink: ChainEventSink {
    var paymentCount = 0
    var lastPaymentAt: ContinuousClock.Instant?

    func record(_ event: ChainEvent) async throws {
        if case .paymentSeen = event {
            paymentCount += 1
            lastPaymentAt = .now
        }
    }
}

/// The watcher state in memory (no disk in the timings).
actor BenchStore: ChainCursorStore {
    var snapshot: ChainWatchSnapshot?
    func load() async throws -> ChainWatchSnapshot? { snapshot }
    func save(_ snapshot: ChainWatchSnapshot) async throws { self.snapshot = snapshot }
}
