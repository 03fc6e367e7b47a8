import BigInt
import Foundation
import TillChain
import TillChainTestSupport
import TillCore

/// JSON-RPC calls per tick with 1, 100 and 1,000 open sales (ETH and a token each), and detection latency:
/// from the transfer's block being mined to the event reaching the sink (one tick after the block; add up to
/// one poll interval in production). Needs the peers venv (`bash .ci/test` installs it; `TILL_PEERS` or ./.build/peers).
func runEthereumBench() async throws {
    let node = try await EVMNode.start()
    defer { node.stop() }
    let client = EthereumRPCClient(url: node.url, timeoutSeconds: 60)
    let accounts = (try await client.call("till_accounts").arrayValue ?? []).compactMap(\.stringValue)
    guard let token = try await client.call("till_deployToken", [.string("USD Coin"), .string("USDC"), .number("6"),
                                                                 .string("0xffffffffffff")]).stringValue, let payer = accounts.first
    else { throw EVMNodeError(description: "token deployment failed") }
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

