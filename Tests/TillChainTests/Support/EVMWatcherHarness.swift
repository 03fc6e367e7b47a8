import BigInt
import Foundation
import TillChain
import TillChainTestSupport
import TillCore

/// Collects what a watcher delivers (a real sink, as the app's store would be, kept in memory).
actor EVMEventLog: EthereumEventSink {
    private(set) var events: [EthereumEvent] = []
    func deliver(_ events: [EthereumEvent]) async throws { self.events += events }

    /// Events delivered since the last call.
    func drain() -> [EthereumEvent] {
        defer { events = [] }
        return events
    }
}

/// An in-memory cursor store that outlives watchers (a restarted till reads what the previous one saved).
actor EVMCursorMemory: EthereumCursorStore {
    private(set) var cursor: EthereumCursor?
    func loadCursor() async throws -> EthereumCursor? { cursor }
    func saveCursor(_ cursor: EthereumCursor) async throws { self.cursor = cursor }
}

extension EthereumEvent {
    /// The observation, if this is one.
    var observation: PaymentObservation? { if case .observed(let o, _) = self { return o }; return nil }
    var isFinal: Bool { if case .observed(_, let final) = self { return final }; return false }
    var isOffline: Bool { if case .offline = self { return true }; return false }
}

/// A fresh, never-used address (a sale's address in the tests).
func freshEthereumAddress() -> String {
    "0x" + (0..<20).map { _ in String(format: "%02x", UInt8.random(in: 0...255)) }.joined()
}

/// A test asset for a deployed Token.vy.
func tokenAsset(_ contract: String, symbol: String = "USDC", decimals: Int = 6) -> Asset {
    Asset(id: symbol + "-test", symbol: symbol, decimals: decimals, kind: .erc20(contract: contract, chainID: EVMNode.chainID))
}

let testETH = Asset(id: "ETH-test", symbol: "ETH", decimals: 18, kind: .evmNative(chainID: EVMNode.chainID))

/// A watcher on `node` with `confirmations` needed, memory sink and cursor store.
func makeWatcher(_ node: EVMNode, tokens: [Asset] = [], native: Asset? = testETH, confirmations: Int = 3,
                 store: EVMCursorMemory = EVMCursorMemory(), log: EVMEventLog = EVMEventLog(),
                 maxBlockSpan: Int = 1_000) -> EthereumWatcher {
    EthereumWatcher(backend: EthereumRPCBackend(url: node.url, maxBlockSpan: maxBlockSpan, timeoutSeconds: 30),
                    native: native, tokens: tokens,
                    settings: EthereumWatcherSettings(chainID: EVMNode.chainID, confirmations: confirmations,
                                                      initialBackoff: .seconds(1), maxBackoff: .seconds(8)),
                    sink: log, cursorStore: store)
}
