import Foundation
import TillChain

/// Detection latency with a flooded mempool on the real regtest node (issue 12): bursts of 0, 1,000 and 10,000
/// unrelated transactions just before each payment, a large mempool already there when the watcher starts, and a
/// trickle of about 7 a second. Goal: detection within one poll interval + 100 ms. Only by name: `till-bench flood`;
/// TILL_BENCH_FLOOD_LARGE sets the large mempool (default 50,000).
func runFloodBench() async throws {
    let started = ContinuousClock.now
    try await BenchNode.with { try await floodScenarios($0) }
    print("flood: area took \(Int(millis(.now - started) / 1000)) s")
}

private let rounds = 5
private let poll = BitcoinNodeWatcher.Configuration().pollInterval
private let trickleRate = 7

private func floodScenarios(_ node: BenchNode) async throws {
    let large = ProcessInfo.processInfo.environment["TILL_BENCH_FLOOD_LARGE"].flatMap { Int($0) } ?? 50_000
    let bursts = [0, 1_000, 10_000]
    let funds = FloodFunds(node: node)
    var started = ContinuousClock.now
    // The trickle runs about rounds × (poll + pause) seconds; 2,000 outputs leave room.
    try await funds.prepare(count: bursts.reduce(0, +) * rounds + large + 2_000)
    print("flood: \(await funds.remaining) spendable outputs made in \(secondsText(.now - started)) s")
    print("flood: poll interval = \(secondsText(poll)) s; goal: detection < \(Int(millis(poll)) + 100) ms")
    for burst in bursts {
        let watch = try await BenchWatch.start(node)
        started = .now
        var latencies: [Duration] = [], burstTimes: [Duration] = []
        for round in 0..<rounds {
            let before = ContinuousClock.now
            try await funds.flood(burst)
            burstTimes.append(.now - before)
            latencies.append(try await watch.payAndDetect(node))
            try await Task.sleep(for: .milliseconds(700 + round * 300))
        }
        watch.stop()
        if burst > 0 {
            let mean = millis(burstTimes.reduce(.zero, +)) / Double(rounds)
            print("flood: making a burst of \(burst) took \(Int(mean)) ms (\(Int(Double(burst) * 1000 / mean)) tx/s)")
        }
        report("after a burst of \(burst)", latencies, watch, from: started)
        // The 10,000 bursts stay: they are most of the large mempool next.
        if burst != bursts.last { try await mine(node) }
    }
    try await largeMempool(node, funds, target: large)
    try await mine(node)
    try await trickle(node, funds)
}

/// A mempool of `target` unrelated transactions before the watcher starts: its first poll, a payment sent as it
/// starts, then payments once it is online.
private func largeMempool(_ node: BenchNode, _ funds: FloodFunds, target: Int) async throws {
    let missing = target - (try await mempoolSize(node))
    if missing > 0 {
        let before = ContinuousClock.now
        try await funds.flood(missing)
        print("flood: topping the mempool up by \(missing) took \(secondsText(.now - before)) s")
    }
    let size = try await mempoolSize(node)
    let started = ContinuousClock.now
    let watch = try await BenchWatch.start(node, waitOnline: false)
    let first = try await watch.pay(node)
    let online = try await watch.sink.waitOnline(after: started, timeout: .seconds(900))
    let seen = try await watch.sink.waitPayment(first.txid, timeout: .seconds(900))
    print("flood: first poll over a mempool of \(size) took \(secondsText(online - started)) s; a payment sent as the watcher "
          + "started was detected \(Int(millis(seen - first.sent))) ms after sendtoaddress returned")
    let steady = ContinuousClock.now
    var latencies: [Duration] = []
    for round in 0..<rounds {
        latencies.append(try await watch.payAndDetect(node))
        try await Task.sleep(for: .milliseconds(700 + round * 300))
    }
    watch.stop()
    report("\(size) in the mempool at start, once online", latencies, watch, from: steady)
    // The same mempool with the node's ZMQ announcements: polling goes on, but a payment no longer waits for it.
    let notified = try await BenchWatch.start(node, zmq: true)
    let notifiedStart = ContinuousClock.now
    latencies = []
    for round in 0..<rounds {
        latencies.append(try await notified.payAndDetect(node))
        try await Task.sleep(for: .milliseconds(700 + round * 300))
    }
    notified.stop()
    report("\(size) in the mempool, with ZMQ", latencies, notified, from: notifiedStart)
    try await fetchCosts(node)
}

/// What one tick pays for a big mempool: the full txid list every time, and each batch of new transactions.
private func fetchCosts(_ node: BenchNode) async throws {
    let backend = node.backend()
    var list: [Duration] = [], batch: [Duration] = [], count = 0
    for _ in 0..<3 {
        var started = ContinuousClock.now
        let txids = try await backend.mempoolTxids()
        list.append(.now - started)
        count = txids.count
        started = .now
        _ = try await backend.transactions(txids: Array(txids.prefix(100)))
        batch.append(.now - started)
    }
    print("flood: with \(count) in the mempool, getrawmempool (fetch + parse) = \(meanMax(list)); "
          + "one batch of 100 verbose transactions = \(meanMax(batch))")
}

/// Payments while unrelated transactions arrive at `trickleRate` a second.
private func trickle(_ node: BenchNode, _ funds: FloodFunds) async throws {
    let watch = try await BenchWatch.start(node)
    let started = ContinuousClock.now
    let sender = Task { () -> Int in
        var sent = 0
        while !Task.isCancelled {
            do { try await funds.sendOne() } catch { break }
            sent += 1
            try? await Task.sleep(until: started + .milliseconds(1000 * sent / trickleRate), clock: .continuous)
        }
        return sent
    }
    var latencies: [Duration] = []
    for round in 0..<rounds {
        latencies.append(try await watch.payAndDetect(node))
        try await Task.sleep(for: .milliseconds(700 + round * 300))
    }
    sender.cancel()
    let sent = await sender.value
    watch.stop()
    let rate = Double(sent) / (millis(.now - started) / 1000)
    report("trickle of \(String(format: "%.1f", rate)) tx/s", latencies, watch, from: started)
}

private func report(_ name: String, _ latencies: [Duration], _ watch: BenchWatch, from start: ContinuousClock.Instant) {
    let ticks = watch.backend.ticks(in: start...ContinuousClock.now)
    let each = latencies.map { String(Int(millis($0))) }.joined(separator: ", ")
    print("flood: detection latency (\(name), \(latencies.count) payments) = \(meanMax(latencies)) [\(each)]")
    print("flood: rpc calls per tick (\(name)) = mean \(String(format: "%.1f", ticks.meanCalls)), max \(ticks.maxCalls) "
          + "over \(ticks.count) ticks; longest tick start to start \(Int(millis(ticks.longestGap))) ms")
}

private func mempoolSize(_ node: BenchNode) async throws -> Int {
    guard let size = try await node.call("getmempoolinfo")["size"]?.intValue else { throw BenchNodeError("getmempoolinfo: no size") }
    return size
}

/// Mines one block, which empties the mempool (no watcher runs then, so none fetches the big block).
private func mine(_ node: BenchNode) async throws {
    _ = try await node.call("generatetoaddress", [.number("1"), .string(try await node.string("getnewaddress"))])
}

/// "12.3" seconds, for printing.
func secondsText(_ duration: Duration) -> String { String(format: "%.1f", millis(duration) / 1000) }
