// Prints performance figures; never asserts on time. `till-bench [area …]`, default: every area.
import Foundation

let areas: [(String, () async throws -> Void)] = [
    ("core", runCoreBench),
    ("store", runStoreBench),
    ("durability", runDurabilityBench),
    ("reorg", runReorgWatchBench),
    ("wallet", runWalletBench),
    ("chain", runChainBench),
    ("ethereum", runEthereumBench),
    ("ui", runUIBench),
    ("app", runAppBench),
    ("manager", runManagerBench),
    ("salestab", runSalesTabBench),
    ("postgres", runPostgresBench),
    // Only when asked by name: minutes of real sales and kills.
    ("soak", runSoakBench),
    ("real", runRealTillBench),
]
let wanted = Set(CommandLine.arguments.dropFirst())
for (name, run) in areas where (wanted.isEmpty && name != "soak") || wanted.contains(name) {
    do { try await run() } catch { print("\(name): failed: \(error)") }
}
