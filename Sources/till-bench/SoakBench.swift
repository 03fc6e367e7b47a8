import Foundation
import TillChainTestSupport
import TillEndToEndSupport
import TillTestSupport

/// `till-bench soak [--rounds N] [--seed S] [--till PATH]`: the kill -9 soak of the end-to-end tests, longer, with
/// its figures (rounds, kills by moment, payments sent / recorded / lost). Needs the regtest node and tmux.
func runSoakBench() async throws {
    let arguments = CommandLine.arguments
    func value(_ name: String) -> String? {
        guard let index = arguments.firstIndex(of: name), arguments.indices.contains(index + 1) else { return nil }
        return arguments[index + 1]
    }
    let rounds = value("--rounds").flatMap(Int.init) ?? 200
    let seed = value("--seed").flatMap(UInt64.init) ?? UInt64(Date().timeIntervalSince1970)
    let binary = value("--till") ?? TestPeers.repositoryRoot.appendingPathComponent(".build/debug/till").path
    print("soak: \(rounds) rounds, seed \(seed), till \(binary)")
    let started = ContinuousClock.now
    let figures = try await RegtestNode.with { node in
        var soak = try KillSoak(node: node, binary: binary, seed: seed, log: { print("  \($0)") })
        return try await soak.run(rounds: rounds)
    }
    print("soak: \(figures)")
    for failure in figures.failures { print("soak: FAILURE \(failure)") }
    print("soak: \(ContinuousClock.now - started) in all")
}
