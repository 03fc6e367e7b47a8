import BigInt
import Foundation
import Testing
import TillChain
import TillCore
import TillTestSupport

/// An `EsploraWatcher` on a fixture server that plays a scripted chain in Esplora's documented response shapes
/// (Blockstream/esplora `API.md`: `/blocks/tip/hash`, `/blocks/tip/height`, `/address/:addr/txs/mempool`,
/// `/address/:addr/txs/chain`, `/tx/:txid/status`), polled by hand so every tick is deterministic.
struct EsploraWatching {
    typealias E = EsploraFixtures
    static let start = Date(timeIntervalSince1970: 1_711_356_310)
    static let merchant = WatchedScript(address: E.merchantAddress, scriptPubKey: E.bytes(E.merchantScript), asset: .btc)

    let server: FixtureHTTPServer
    let watcher: EsploraWatcher
    let recorder: RegtestRecorder
    let store: RegtestCursorStore
    let clock: TestClock

    init(server: FixtureHTTPServer, fallback: FixtureHTTPServer? = nil, primaryURL: URL? = nil,
         store: RegtestCursorStore = RegtestCursorStore(), clock: TestClock = TestClock(EsploraWatching.start),
         configuration: EsploraWatcher.Configuration = .init(pollInterval: .milliseconds(100), maxBackoff: .seconds(1)),
         timeoutSeconds: Int = 5) {
        self.server = server
        self.store = store
        self.clock = clock
        recorder = RegtestRecorder()
        let client = EsploraClient(baseURL: primaryURL ?? server.baseURL.appendingPathComponent("api"), name: "primary",
                                   timeoutSeconds: timeoutSeconds, clock: { clock.now })
        let second = fallback.map {
            EsploraClient(baseURL: $0.baseURL.appendingPathComponent("api"), name: "fallback", timeoutSeconds: timeoutSeconds,
                          clock: { clock.now })
        }
        watcher = EsploraWatcher(client: client, fallback: second, sink: recorder, store: store, configuration: configuration,
                                 clock: { clock.now })
    }

    /// Scripts the tip (hash and height) the server reports now.
    func tip(_ height: Int, _ hash: String, on server: FixtureHTTPServer? = nil) async throws {
        let target = server ?? self.server
        try await target.script("/api/blocks/tip/hash", .text(hash))
        try await target.script("/api/blocks/tip/height", .text(String(height)))
    }

    /// Scripts an address's mempool and first confirmed page.
    func address(_ address: String = E.merchantAddress, mempool: [String] = [], chain: [String] = [],
                 on server: FixtureHTTPServer? = nil) async throws {
        let target = server ?? self.server
        try await target.script("/api/address/\(address)/txs/mempool", .json(E.array(mempool)))
        try await target.script("/api/address/\(address)/txs/chain", .json(E.array(chain)))
    }

    /// Polls once and returns the events recorded by that tick.
    @discardableResult
    func tick(expectOnline: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) async -> [ChainEvent] {
        let before = await recorder.events.count
        let ok = await watcher.pollOnce()
        let reason = await watcher.offlineReason ?? "-"
        #expect(ok == expectOnline, "tick online: \(ok), reason: \(reason)", sourceLocation: sourceLocation)
        return await recorder.events(after: before)
    }

    /// Request targets the server received since `count`.
    func paths(after count: Int = 0, on server: FixtureHTTPServer? = nil) async throws -> [String] {
        Array(try await (server ?? self.server).requests().map(\.path).dropFirst(count))
    }
}

extension [ChainEvent] {
    /// The events without online/offline reports.
    var paymentEvents: [ChainEvent] {
        filter {
            switch $0 {
            case .backendOnline, .backendOffline: return false
            default: return true
            }
        }
    }
}
