import Foundation
import Testing
import TillChain
import TillTestSupport

/// A node that lies, floods or drips: the watcher goes offline with a clear reason; nothing crashes, hangs or
/// pins a core, and the next honest answer brings it back.
@Suite struct HostileNodeTests {
    static let tip = String(repeating: "ab", count: 32)
    static let txid = String(repeating: "cd", count: 32)
    static let spent = String(repeating: "ef", count: 32)

    /// A fake node answering the calls a poll makes; `transaction` is the `getrawtransaction` result text.
    static func node(mempool: String = "[\"\(txid)\"]", transaction: FixtureResponse) async throws -> FixtureHTTPServer {
        let server = try await FixtureHTTPServer.start()
        func rpc(_ result: String) -> FixtureResponse { .json(#"{"result":\#(result),"error":null,"id":"till"}"#) }
        try await server.script("/", rpc(mempool), method: "POST", bodyContains: "\"getrawmempool\"")
        try await server.script("/", rpc("\"\(tip)\""), method: "POST", bodyContains: "\"getbestblockhash\"")
        try await server.script("/", rpc(#"{"hash":"\#(tip)","height":500}"#), method: "POST", bodyContains: "\"getblockheader\"")
        try await server.script("/", rpc(#"{"chain":"regtest","blocks":500}"#), method: "POST", bodyContains: "\"getblockchaininfo\"")
        try await server.script("/", rpc("\"0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206\""), method: "POST",
                                bodyContains: "\"getblockhash\"")
        try await server.script("/", transaction, method: "POST", bodyContains: "\"getrawtransaction\"")
        return server
    }

    /// A `getrawtransaction` answer as a one-call batch (the watcher fetches mempool transactions in batches).
    static func transaction(value: String, txid: String = txid) -> FixtureResponse {
        .json(#"[{"id":0,"result":{"txid":"\#(txid)","vin":[{"txid":"\#(spent)","vout":0,"sequence":4294967295}],"vout":[{"n":0,"value":\#(value),"scriptPubKey":{"hex":"76a914000000000000000000000000000000000000000088ac"}}]},"error":null}]"#)
    }

    /// Polls once against `server` and returns the offline reason (nil when the poll succeeded).
    static func poll(_ server: FixtureHTTPServer, timeoutSeconds: Int = 10) async -> String? {
        let backend = BitcoinRPCBackend(url: server.baseURL, credentials: .userPassword(user: "u", password: "p"),
                                        timeoutSeconds: timeoutSeconds)
        let watcher = BitcoinNodeWatcher(backend: backend, sink: RegtestRecorder(), store: RegtestCursorStore())
        guard await watcher.pollOnce() == false else { return nil }
        return await watcher.offlineReason
    }

    @Test(arguments: ["1e9223372036854775807", "1e30000000", "-1e9223372036854775808", "1e-9223372036854775808",
                      "99999999999999999999999", "1" + String(repeating: "0", count: 399)])
    func anAbsurdAmountIsRefusedNotTrapped(_ value: String) async throws {
        let server = try await Self.node(transaction: Self.transaction(value: value))
        defer { server.stop() }
        let reason = await Self.poll(server)
        #expect(reason?.contains("has no exact value") == true, "\(reason ?? "online")")
    }

    @Test func aNonHexTxidIsRefused() async throws {
        let server = try await Self.node(mempool: #"["\#(String(repeating: "zz", count: 32))"]"#,
                                         transaction: Self.transaction(value: "1"))
        defer { server.stop() }
        let reason = await Self.poll(server)
        #expect(reason?.contains("getrawmempool") == true && reason?.contains("64 hex digits") == true, "\(reason ?? "online")")

        let inTransaction = try await Self.node(transaction: Self.transaction(value: "1", txid: String(repeating: "g", count: 64)))
        defer { inTransaction.stop() }
        let second = await Self.poll(inTransaction)
        #expect(second?.contains("64 hex digits") == true, "\(second ?? "online")")
    }

    @Test func deepNestingIsRefused() async throws {
        let deep = String(repeating: "[", count: 200_000) + String(repeating: "]", count: 200_000)
        let server = try await Self.node(transaction: .json(#"{"result":\#(deep),"error":null}"#))
        defer { server.stop() }
        let reason = await Self.poll(server)
        #expect(reason?.contains("nested too deeply") == true, "\(reason ?? "online")")
    }

    @Test func aHugeAnswerIsCutOff() async throws {
        // 200 MB streamed without Content-Length: the till stops reading at its cap.
        let server = try await Self.node(transaction: FixtureResponse(body: String(repeating: " ", count: 1 << 20), repeatCount: 200,
                                                                       sendsLength: false))
        defer { server.stop() }
        let reason = await Self.poll(server, timeoutSeconds: 120)
        #expect(reason?.contains("larger than \(BitcoinRPCBackend.maxResponseBytes) bytes") == true, "\(reason ?? "online")")
    }

    @Test func aDripFeedingNodeIsCutAtTheDeadline() async throws {
        let server = try await Self.node(transaction: FixtureResponse(body: String(repeating: " ", count: 150), dripMs: 200))
        defer { server.stop() }
        let reason = await Self.poll(server, timeoutSeconds: 2)
        #expect(reason?.contains("did not answer in time") == true, "\(reason ?? "online")")
    }

    @Test func anHonestAnswerIsRead() async throws {
        let server = try await Self.node(transaction: Self.transaction(value: "1e-05"))
        defer { server.stop() }
        #expect(await Self.poll(server) == nil)
    }
}
