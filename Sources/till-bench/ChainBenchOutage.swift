import Foundation
import TillChain

/// Recovery after node outages (issue 12): with `BitcoinNodeWatcher.run()` going, the node is stopped (SIGTERM), kept down
/// 10, 60 and 130 s, and restarted on the same datadir and port. Prints the time from the node answering RPC again
/// to the watcher recording `.backendOnline`, and the detection of a payment sent right after the restart.
/// Goal: online within 5 s of the node coming back. Only by name: `till-bench outage`; TILL_BENCH_OUTAGES="10,60,130".
func runOutageBench() async throws {
    let started = ContinuousClock.now
    try await BenchNode.with { try await outages($0) }
    print("outage: area took \(Int(millis(.now - started) / 1000)) s")
}

private func outages(_ node: BenchNode) async throws {
    let lengths = (ProcessInfo.processInfo.environment["TILL_BENCH_OUTAGES"] ?? "10,60,130")
        .split(separator: ",").compactMap { Int($0.trimmingCharacters(in: .whitespaces)) }
    let configuration = BitcoinNodeWatcher.Configuration()
    print("outage: poll interval = \(secondsText(configuration.pollInterval)) s, maxBackoff = \(secondsText(configuration.maxBackoff)) s "
          + "(defaults); goal: online < 5 s after the node answers")
    let watch = try await BenchWatch.start(node, configuration: configuration)
    defer { watch.stop() }
    for length in lengths {
        // A payment still unconfirmed across the outage: it must not be called vanished after the restart.
        let inFlight = try await watch.payAndDetect(node)
        let vanishedBefore = await watch.sink.vanished.count
        let stopping = ContinuousClock.now
        try await node.halt()
        let exited = ContinuousClock.now
        let offline = try await watch.sink.waitOffline(after: stopping, timeout: .seconds(30))
        try await Task.sleep(until: exited + .seconds(length), clock: .continuous)
        try node.restart()
        let restarted = ContinuousClock.now
        let probe = node.backend()
        var up: ContinuousClock.Instant?
        while up == nil {
            if (try? await probe.blockCount()) != nil { up = .now; break }
            guard ContinuousClock.now - restarted < .seconds(120) else { throw BenchNodeError("node not back in 120 s") }
            try await Task.sleep(for: .milliseconds(20))
        }
        let payment = try await watch.pay(node)
        let online = try await watch.sink.waitOnline(after: restarted, timeout: .seconds(120))
        let seen = try await watch.sink.waitPayment(payment.txid, timeout: .seconds(120))
        // Vanishing needs `vanishAfterMissingPolls` polls without the payment in the mempool: give it three.
        try await Task.sleep(for: configuration.pollInterval * 3)
        let vanished = await watch.sink.vanished.count - vanishedBefore
        let after = watch.backend.ticks(in: restarted...ContinuousClock.now)
        print("outage \(length) s: node stopped in \(secondsText(exited - stopping)) s; watcher offline "
              + "\(Int(millis(offline.at - stopping))) ms after SIGTERM (\(offline.reason))")
        print("outage \(length) s: node answered RPC \(secondsText(up! - restarted)) s after restart; watcher online "
              + "\(Int(millis(online - up!))) ms after that")
        print("outage \(length) s: payment sent right after the restart detected "
              + "\(Int(millis(seen - payment.sent))) ms after sendtoaddress returned (sendtoaddress returned "
              + "\(Int(millis(payment.sent - up!))) ms after the node answered); polls since restart \(after.count)")
        print("outage \(length) s: payment in flight across the outage (detected in \(Int(millis(inFlight))) ms before "
              + "it) vanished events after restart: \(vanished)")
    }
}
