import BigInt
import Foundation
import TillChain
import TillCore

/// JSON-RPC calls per tick with 1, 100 and 1,000 open sales (ETH and a token each), and detection latency:
/// from the transfer's block being mined to the event reaching the sink (one tick after the block; add up to
/// one poll interval in production). Needs the peers venv (`bash .ci/test` installs it).
func runEthereumBench() async throws {
    let node = try BenchEVM()
    defer { node.stop() }
    let client = EthereumRPCClient(url: node.url, timeoutSeconds: 60)
    let accounts = (try await client.call("till_accounts").arrayValue ?? []).compactMap(\.stringValue)
    guard let token = try await client.call("till_deployToken", [.string("USD Coin"), .string("USDC"), .number("6"),
                                                                 .string("0xffffffffffff")]).stringValue, let payer = accounts.first
    else { throw BenchEVMError(description: "token deployment failed") }
    let chainID = UInt64(EthereumHex.quantity(try await client.call("eth_chainId").stringValue ?? "") ?? 0)
    let eth = Asset(id: "ETH", symbol: "ETH", decimals: 18, kind: .evmNative(chainID: chainID))
    let usdc = Asset(id: "USDC", symbol: "USDC", decimals: 6, kind: .erc20(contract: token, chainID: chainID))
    for sales in [1, 100, 1_000] {
        let sink = BenchSink()
        let watcher = EthereumWatcher(backend: EthereumRPCBackend(url: node.url, timeoutSeconds: 60), native: eth, tokens: [usdc],
                                      settings: EthereumWatcherSettings(chainID: chainID, confirmations: 12),
                                      sink: sink, cursorStore: BenchCursor())
        var addresses: [String] = []
        for index in 0..<sales {
            let address = "0x" + String(repeating: "0", count: 32) + String(format: "%08x", index + sales * 10_000 + 1)
            addresses.append(address)
            try await watcher.watch(address, for: eth)
            try await watcher.watch(address, for: usdc)
        }
        await watcher.tick()
        _ = try await client.call("evm_mine", [.number("1")])
        let before = watcher.backend.client.sent
        await watcher.tick()
        let after = watcher.backend.client.sent
        print("ethereum: http requests per tick, \(sales) sales = \(after.httpRequests - before.httpRequests) requests")
        print("ethereum: json-rpc calls per tick, \(sales) sales = \(after.rpcCalls - before.rpcCalls) calls")
        _ = try await client.call("till_tokenTransfer", [.string(token), .string(payer), .string(addresses[sales - 1]), .string("0x2a")])
        let mined = ContinuousClock.now
        await watcher.tick()
        let latency = ContinuousClock.now - mined
        let seen = await sink.count
        print("ethereum: detection latency after the block, \(sales) sales = \(latency.milliseconds) ms (\(seen) payment event)")
    }
}

private extension Duration {
    var milliseconds: Int64 { components.seconds * 1_000 + components.attoseconds / 1_000_000_000_000_000 }
}

private actor BenchSink: EthereumEventSink {
    var count = 0
    func deliver(_ events: [EthereumEvent]) async throws {
        count += events.filter { if case .observed = $0 { return true }; return false }.count
    }
}

private actor BenchCursor: EthereumCursorStore {
    var cursor: EthereumCursor?
    func loadCursor() async throws -> EthereumCursor? { cursor }
    func saveCursor(_ cursor: EthereumCursor) async throws { self.cursor = cursor }
}

private struct BenchEVMError: Error, CustomStringConvertible { let description: String }

/// Tests/Support/eth_rpc_server.py under the peers venv (TILL_PEERS or ./.build/peers).
private final class BenchEVM: @unchecked Sendable {
    let url: URL
    private let process = Process()
    private let input = Pipe()

    init() throws {
        let peers = ProcessInfo.processInfo.environment["TILL_PEERS"] ?? FileManager.default.currentDirectoryPath + "/.build/peers"
        let python = peers + "/venv/bin/python"
        guard FileManager.default.isExecutableFile(atPath: python) else {
            throw BenchEVMError(description: "\(python) not found: run `bash .ci/setup-peers` from the repository root")
        }
        let output = Pipe()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = ["-u", FileManager.default.currentDirectoryPath + "/Tests/Support/eth_rpc_server.py"]
        process.standardInput = input
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var line = Data()
        while !line.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            line.append(chunk)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            process.terminate()
            throw BenchEVMError(description: "eth_rpc_server.py did not start")
        }
        url = URL(string: "http://127.0.0.1:\(port)")!
    }

    func stop() {
        try? input.fileHandleForWriting.close()
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
    }
}
