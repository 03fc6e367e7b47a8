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
    ("postgres-manager", runPostgresManagerBench),
    ("bytes", runBytesBench),
    // Only when asked by name: minutes of real sales and kills.
    ("soak", runSoakBench),
    ("store-soak", runStoreSoakBench),
    ("real", runRealTillBench),
    // Only by name too: minutes of flooded mempools and node outages on a real regtest node (issue 12).
    ("flood", runFloodBench),
    ("outage", runOutageBench),
]
/// Areas left out of the default run.
let onlyByName: Set = ["postgres-manager", "bytes", "soak", "store-soak", "real", "flood", "outage"]
let wanted = Set(CommandLine.arguments.dropFirst())
for (name, run) in areas where (wanted.isEmpty && !onlyByName.contains(name)) || wanted.contains(name) {
    do { try await run() } catch { print("\(name): failed: \(error)") }
}
