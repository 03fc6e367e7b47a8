import BigInt
import Foundation
import Testing
import TillChain
import TillChainTestSupport
import TillCore
import TillTestSupport

@Suite("Ethereum JSON-RPC backend against eth-tester")
struct EthereumBackendTests {
    @Test("Transfer topic and selectors equal keccak256 as computed by eth-utils")
    func constantsMatchEthUtils() throws {
        let python = try TestPeers.require(TestPeers.python, what: "the peers venv")
        let script = """
        from eth_utils import keccak, function_signature_to_4byte_selector as sel
        print("0x" + keccak(text="Transfer(address,address,uint256)").hex())
        for s in ["decimals()", "symbol()", "balanceOf(address)"]: print("0x" + sel(s).hex())
        """
        let out = try Processes.run(python.path, ["-c", script])
        #expect(out.status == 0, "\(out.stderr)")
        #expect(out.stdout.split(separator: "\n").map(String.init) == [EthereumHex.transferTopic, EthereumHex.decimalsSelector,
                                                                         EthereumHex.symbolSelector, EthereumHex.balanceOfSelector])
    }

    @Test("chain id is read and a wrong one refused with a clear message")
    func chainID() async throws {
        let node = try await EVMNode.start()
        let backend = EthereumRPCBackend(url: node.url)
        #expect(try await backend.chainID() == EVMNode.chainID)
        try await backend.requireChain(EVMNode.chainID)
        await #expect(throws: EthereumRPCError.wrongChain(endpoint: node.client.endpoint, expected: 1, actual: EVMNode.chainID)) {
            try await backend.requireChain(1)
        }
    }

    @Test("token decimals and symbol are read; a mismatch with the config is refused")
    func tokenVerification() async throws {
        let node = try await EVMNode.start()
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000)
        let backend = EthereumRPCBackend(url: node.url)
        #expect(try await backend.tokenInfo(contract: token) == EthereumTokenInfo(decimals: 6, symbol: "USDC"))
        try await backend.verifyToken(tokenAsset(token))
        do {
            try await backend.verifyToken(tokenAsset(token, decimals: 18))
            Issue.record("decimals 18 accepted for a 6-decimal token")
        } catch {
            #expect(error == .tokenMismatch(contract: token, field: "decimals", configured: "18", onChain: "6"))
            #expect(error.message.contains("decimals() returns 6"))
        }
        await #expect(throws: EthereumRPCError.tokenMismatch(contract: token, field: "symbol", configured: "USDT", onChain: "USDC")) {
            try await backend.verifyToken(tokenAsset(token, symbol: "USDT"))
        }
    }

    @Test("Transfer logs carry amounts up to 2^256 − 1 and one eth_getLogs per block span covers all recipients")
    func transferLogs() async throws {
        let node = try await EVMNode.start()
        let max = (BigUInt(1) << 256) - 1
        let accounts = try await node.accounts()
        let token = try await node.deployToken(name: "Big", symbol: "BIG", decimals: 18, supply: max)
        let start = try await node.mine(0)
        let first = freshEthereumAddress(), second = freshEthereumAddress()
        try await node.transferToken(token, from: accounts[0], to: first, units: max - 5)
        try await node.transferToken(token, from: accounts[0], to: second, units: 5)
        try await node.transferToken(token, from: accounts[0], to: freshEthereumAddress(), units: 0)
        let head = try await node.mine(0)
        let backend = EthereumRPCBackend(url: node.url, maxBlockSpan: 1)
        let before = backend.client.sent.httpRequests
        let recipients = [first, second] + (0..<500).map { _ in freshEthereumAddress() }
        let logs = try await backend.transferLogs(contract: token, recipients: recipients, from: start + 1, to: head)
        #expect(logs.map(\.amount) == [max - 5, 5])
        #expect(logs.map(\.to) == [first, second])
        #expect(backend.client.sent.httpRequests - before == head - start, "one request per block with maxBlockSpan 1")
        let balances = try await backend.tokenBalances(contract: token, [(first, .latest), (second, .latest), (first, .number(start))])
        #expect(balances == [max - 5, 5, 0])
    }

    @Test("a JSON-RPC error object becomes .rpc with its code and message")
    func rpcError() async throws {
        let node = try await EVMNode.start()
        await #expect(throws: EthereumRPCError.self) { try await node.client.call("eth_noSuchMethod") }
        do {
            _ = try await node.client.call("eth_noSuchMethod")
        } catch {
            guard case .rpc(_, "eth_noSuchMethod", let code, let message) = error else { Issue.record("got \(error)"); return }
            #expect(code == -32601)
            #expect(message.contains("eth_noSuchMethod"))
        }
        // In a batch, one failing call fails the batch with that call's error.
        do {
            _ = try await node.client.batch([EthereumRPCCall("eth_blockNumber"), EthereumRPCCall("eth_getBalance", [.string("zz"), .string("latest")])])
            Issue.record("a batch with a bad call succeeded")
        } catch {
            guard case .rpc(_, "eth_getBalance", _, _) = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test("garbage, HTTP errors and a closed port are typed errors")
    func badAnswers() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let backend = EthereumRPCBackend(url: server.baseURL.appendingPathComponent("rpc"))
        try await server.script("/rpc", .text("<html>gateway</html>"), method: "POST")
        await #expect(throws: EthereumRPCError.self) { try await backend.blockNumber() }
        do { _ = try await backend.blockNumber() } catch {
            guard case .malformed(_, "eth_blockNumber", let reason) = error else { Issue.record("got \(error)"); return }
            #expect(reason.contains("<html>"))
        }
        try await server.script("/rpc", .json(#"{"jsonrpc":"2.0","id":1,"result":"0xzz"}"#), method: "POST")
        do { _ = try await backend.blockNumber(); Issue.record("0xzz accepted") } catch {
            #expect(error.message.contains("not a hex number"))
        }
        try await server.script("/rpc", .text("busy", status: 503), method: "POST")
        await #expect(throws: EthereumRPCError.httpStatus(endpoint: backend.client.endpoint, status: 503)) { try await backend.blockNumber() }
        let closed = EthereumRPCBackend(url: URL(string: "http://127.0.0.1:\(Processes.freePort())")!)
        do { _ = try await closed.blockNumber(); Issue.record("closed port answered") } catch {
            guard case .unreachable = error else { Issue.record("got \(error)"); return }
        }
    }

    @Test("ABI string decoding: dynamic string and bytes32")
    func abiStrings() {
        let dynamic = "0x" + String(repeating: "0", count: 62) + "20" + String(repeating: "0", count: 63) + "4"
            + "55534443" + String(repeating: "0", count: 56)
        #expect(EthereumHex.decodeString(dynamic) == "USDC")
        #expect(EthereumHex.decodeString("0x4d4b5200" + String(repeating: "0", count: 56)) == "MKR")
        #expect(EthereumHex.decodeString("0x1234") == nil)
        #expect(EthereumHex.decodeUInt256("0x" + String(repeating: "f", count: 64)) == (BigUInt(1) << 256) - 1)
    }
}
