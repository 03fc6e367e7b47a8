import Foundation
import Testing
import TillChainTestSupport
import TillTestSupport
@testable import TillChain

/// Proving an address unused before the till hands it out again: Esplora's address history (fixture server with
/// Esplora's documented shapes) and the node's `scantxoutset`.
@Suite struct EsploraAddressHistoryTests {
    typealias E = EsploraFixtures

    private func client(_ server: FixtureHTTPServer) -> EsploraClient {
        EsploraClient(baseURL: server.baseURL.appendingPathComponent("api"), name: "esplora", timeoutSeconds: 5)
    }

    @Test func noMempoolAndNoChainTransactionsIsUnused() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let address = E.merchantAddress
        try await server.script("/api/address/\(address)/txs/mempool", .json("[]"))
        try await server.script("/api/address/\(address)/txs/chain", .json("[]"))
        #expect(try await client(server).hasNoTransactions(address))
        #expect(try await server.requests().map(\.path) == ["/api/address/\(address)/txs/mempool", "/api/address/\(address)/txs/chain"])
    }

    @Test func aMempoolTransactionMeansUsedWithoutAskingTheChain() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let address = E.merchantAddress
        try await server.script("/api/address/\(address)/txs/mempool", .json(E.array([E.transaction(0, sats: 120_000)])))
        try await server.script("/api/address/\(address)/txs/chain", .json("[]"))
        #expect(try await client(server).hasNoTransactions(address) == false)
        #expect(try await server.requests().map(\.path) == ["/api/address/\(address)/txs/mempool"])
    }

    @Test func aConfirmedTransactionMeansUsed() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let address = E.merchantAddress
        try await server.script("/api/address/\(address)/txs/mempool", .json("[]"))
        try await server.script("/api/address/\(address)/txs/chain", .json(E.array([E.transaction(1, sats: 5_000, height: 839_990)])))
        #expect(try await client(server).hasNoTransactions(address) == false)
    }

    @Test func anOutageIsAnErrorNotAnAnswer() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let address = E.merchantAddress
        try await server.script("/api/address/\(address)/txs/mempool", .text("upstream down", status: 502))
        await #expect(throws: EsploraError.self) { try await client(server).hasNoTransactions(address) }
    }
}

/// `scantxoutset` on the node: Bitcoin SV 1.0.13 (our regtest node) has no such call; Bitcoin Core's documented
/// answer shape is read from the fixture server.
@Suite struct NodeUnspentScanTests {
    @Test func theRegtestNodeHasNoScanTxOutSet() async throws {
        try await RegtestNode.with { node in
            let address = try await node.newAddress()
            let error = await #expect(throws: ChainBackendError.self) { try await node.rpc.unspentOutputCount(address: address) }
            #expect(error == .rpcError(backend: node.rpc.name, method: "scantxoutset", code: BitcoinRPCBackend.methodNotFound,
                                       message: "Method not found"))
        }
    }

    /// Bitcoin Core's `scantxoutset start` result (RPC help, protocols §B).
    static func scan(unspents: Int, success: Bool = true) -> String {
        let unspent = """
        {"txid":"\(String(repeating: "ab", count: 32))","vout":0,"scriptPubKey":"0014c0cebcd6c3d3ca8c75dc5ec62ebe55330ef910e2",\
        "desc":"addr(bcrt1qcr8te4kr609gcawutmrza0j4xv80jy8zx2f0cq)#abcdefgh","amount":0.00120000,"coinbase":false,"height":120}
        """
        let list = Array(repeating: unspent, count: unspents).joined(separator: ",")
        return """
        {"result":{"success":\(success),"txouts":210,"height":130,"bestblock":"\(String(repeating: "00", count: 32))",\
        "unspents":[\(list)],"total_amount":\(unspents == 0 ? "0.00000000" : "0.00120000")},"error":null,"id":"till"}
        """
    }

    @Test(arguments: [0, 1, 2])
    func unspentOutputsAreCounted(count: Int) async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script("/", .json(Self.scan(unspents: count)), method: "POST")
        let backend = BitcoinRPCBackend(url: server.baseURL.appendingPathComponent("/"),
                                        credentials: .userPassword(user: "u", password: "p"), timeoutSeconds: 5)
        #expect(try await backend.unspentOutputCount(address: "bcrt1qcr8te4kr609gcawutmrza0j4xv80jy8zx2f0cq") == count)
        let sent = try #require(try await server.requests().first?.body)
        #expect(sent.contains("\"scantxoutset\"") && sent.contains("addr(bcrt1qcr8te4kr609gcawutmrza0j4xv80jy8zx2f0cq)"))
    }

    @Test func anUnfinishedScanProvesNothing() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script("/", .json(Self.scan(unspents: 0, success: false)), method: "POST")
        let backend = BitcoinRPCBackend(url: server.baseURL.appendingPathComponent("/"),
                                        credentials: .userPassword(user: "u", password: "p"), timeoutSeconds: 5)
        await #expect(throws: ChainBackendError.self) { try await backend.unspentOutputCount(address: "bcrt1qcr8te4kr609gcawutmrza0j4xv80jy8zx2f0cq") }
    }
}
