import Foundation
import Testing
import TillTestSupport
@testable import TillChain

/// A settable clock for the rate-limit window.
final class TestClock: @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    init(_ start: Date) { current = start }
    var now: Date { lock.withLock { current } }
    func advance(_ seconds: TimeInterval) { lock.withLock { current = current.addingTimeInterval(seconds) } }
}

/// The Esplora client against the fixture server speaking Esplora's documented REST shapes (protocols §C1).
@Suite struct EsploraClientTests {
    typealias E = EsploraFixtures
    static let start = Date(timeIntervalSince1970: 1_711_356_310)

    private func client(_ server: FixtureHTTPServer, clock: TestClock = TestClock(start), timeout: Int = 5) -> EsploraClient {
        EsploraClient(baseURL: server.baseURL.appendingPathComponent("api"), name: "esplora", timeoutSeconds: timeout,
                      clock: { clock.now })
    }

    private func esploraError<T>(_ body: () async throws(EsploraError) -> T) async -> EsploraError? {
        do { _ = try await body(); return nil } catch { return error }
    }

    @Test func tipHeightHashAndBlockAtHeight() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script("/api/blocks/tip/height", .text("840000"))
        try await server.script("/api/blocks/tip/hash", .text(E.blockHash))
        try await server.script("/api/block-height/839999", .text(E.blockHash.uppercased()))
        let esplora = client(server)
        #expect(try await esplora.tipHeight() == 840_000)
        #expect(try await esplora.tipHash() == E.blockHash)
        #expect(try await esplora.blockHash(atHeight: 839_999) == E.blockHash)
    }

    @Test func addressTransactionsReadMempoolAndEveryChainPage() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let address = E.merchantAddress
        try await server.script("/api/address/\(address)/txs/mempool", .json(E.array([E.transaction(0, sats: 123_400)])))
        let firstPage = (1...25).map { E.transaction($0, sats: 1_000 * $0, height: 840_000 - $0) }
        try await server.script("/api/address/\(address)/txs/chain", .json(E.array(firstPage)))
        let secondPage = (26...28).map { E.transaction($0, sats: 1_000 * $0, height: 840_000 - $0) }
        try await server.script("/api/address/\(address)/txs/chain/\(E.txid(25))", .json(E.array(secondPage)))

        let transactions = try await client(server).addressTransactions(address)
        #expect(transactions.map(\.txid) == (0...28).map(E.txid))
        #expect(try await server.requests().map(\.path) == [
            "/api/address/\(address)/txs/mempool", "/api/address/\(address)/txs/chain",
            "/api/address/\(address)/txs/chain/\(E.txid(25))",
        ])
        let pending = transactions[0]
        #expect(pending.status == EsploraTxStatus(confirmed: false, blockHeight: nil, blockHash: nil, blockTime: nil))
        #expect(pending.outputs(paying: E.bytes(E.merchantScript)).map(\.value) == [123_400])
        #expect(pending.outputs(paying: E.bytes(E.merchantScript)).first?.index == 0)
        #expect(pending.signalsReplaceByFee)
        #expect(pending.fee == 10_000)
        #expect(pending.inputs.first?.previousTxid == E.txid(100_000))
        let deepest = transactions[28]
        #expect(deepest.status.confirmed && deepest.status.blockHeight == 839_972 && deepest.status.blockHash == E.blockHash)
        #expect(deepest.status.confirmations(tipHeight: 840_000) == 29)
        #expect(deepest.outputs(paying: E.bytes(E.merchantScript)).map(\.value) == [28_000])
    }

    @Test func transactionStatusConfirmedAndPending() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script("/api/tx/\(E.txid(1))/status",
                                .json(#"{"confirmed":true,"block_height":839990,"block_hash":"\#(E.blockHash)","block_time":1711356000}"#))
        try await server.script("/api/tx/\(E.txid(2))/status", .json(#"{"confirmed":false}"#))
        try await server.script("/api/tx/\(E.txid(3))/status", .text("Transaction not found", status: 404))
        let esplora = client(server)
        let confirmed = try await esplora.transactionStatus(E.txid(1))
        #expect(confirmed == EsploraTxStatus(confirmed: true, blockHeight: 839_990, blockHash: E.blockHash, blockTime: 1_711_356_000))
        #expect(confirmed.confirmations(tipHeight: 840_000) == 11)
        #expect(try await esplora.transactionStatus(E.txid(2)).confirmed == false)
        let missing = await esploraError { () throws(EsploraError) in try await esplora.transactionStatus(E.txid(3)) }
        #expect(missing == .notFound(endpoint: "esplora /tx/\(E.txid(3))/status", detail: "Transaction not found"))
    }

    @Test func rateLimitIsRespectedUntilRetryAfterPasses() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script("/api/blocks/tip/height", [.text("Too Many Requests", status: 429, headers: ["Retry-After": "20"]),
                                                           .text("840001")])
        let clock = TestClock(Self.start)
        let esplora = client(server, clock: clock)
        let first = await esploraError { () throws(EsploraError) in try await esplora.tipHeight() }
        #expect(first == .rateLimited(backend: "esplora", until: Self.start.addingTimeInterval(20)))
        clock.advance(19)
        let second = await esploraError { () throws(EsploraError) in try await esplora.tipHash() }
        #expect(second == .rateLimited(backend: "esplora", until: Self.start.addingTimeInterval(20)))
        #expect(try await server.requests().count == 1)
        clock.advance(1)
        #expect(try await esplora.tipHeight() == 840_001)
        #expect(try await server.requests().count == 2)
    }

    @Test func serverErrorsGarbageAndTimeoutsAreTyped() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script("/api/blocks/tip/height", [.text("oops", status: 502), .text("<html>maintenance</html>")])
        try await server.script("/api/blocks/tip/hash", .text("not-a-hash"))
        try await server.script("/api/address/\(E.merchantAddress)/txs/mempool", [
            .json(#"[{"txid":"#), .json(#"{"error":"not an array"}"#),
            .json(#"[{"txid":"\#(E.txid(1))","vin":[],"vout":[{"scriptpubkey":"zz","value":1}],"status":{"confirmed":false}}]"#),
            .json(#"[{"txid":"\#(E.txid(1))","vin":[],"vout":[{"scriptpubkey":"00","value":1.5}],"status":{"confirmed":false}}]"#),
        ])
        try await server.script("/api/tx/\(E.txid(9))/status", .json(#"{"confirmed":false}"#, delayMs: 3000))
        let esplora = client(server, timeout: 1)
        #expect(await esploraError { () throws(EsploraError) in try await esplora.tipHeight() }
                == .serverError(endpoint: "esplora /blocks/tip/height", status: 502))
        #expect(await esploraError { () throws(EsploraError) in try await esplora.tipHeight() }
                == .malformed(endpoint: "esplora /blocks/tip/height", reason: "expected a block height, got \"<html>maintenance</html>\""))
        #expect(await esploraError { () throws(EsploraError) in try await esplora.tipHash() }
                == .malformed(endpoint: "esplora /blocks/tip/hash", reason: "expected a 64-digit hex block hash, got \"not-a-hash\""))
        let mempool = "esplora /address/\(E.merchantAddress)/txs/mempool"
        let reasons: [String] = [
            "malformed JSON at byte 9: unexpected end of input",
            #"expected an array of transactions, got {"error":"not an array"}"#,
            "[0].vout[0].scriptpubkey is not hex",
            "[0].vout[0].value is 1.5, expected a whole number from 0 to \(Int.max)",
        ]
        for reason in reasons {
            let error = await esploraError { () throws(EsploraError) in try await esplora.mempoolTransactions(E.merchantAddress) }
            #expect(error == .malformed(endpoint: mempool, reason: reason))
        }
        #expect(await esploraError { () throws(EsploraError) in try await esplora.transactionStatus(E.txid(9)) }
                == .timedOut(endpoint: "esplora /tx/\(E.txid(9))/status"))
    }

    @Test func singleTransactionAndUnknownOnesThroughAPrefixRoute() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        // Any other /tx/… is unknown, as Esplora answers it; the exact route wins over the prefix.
        try await server.script("/api/tx/", .text("Transaction not found", status: 404), prefix: true)
        try await server.script("/api/tx/\(E.txid(7))", .json(E.transaction(7, sats: 5_000, height: 839_000, sequence: 4_294_967_295)))
        let esplora = client(server)
        let transaction = try await esplora.transaction(E.txid(7))
        #expect(transaction.txid == E.txid(7))
        #expect(!transaction.signalsReplaceByFee)
        #expect(transaction.outputs.map(\.value) == [5_000, 10_000])
        #expect(transaction.outputs.map(\.address) == [E.merchantAddress, "1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa"])
        let unknown = await esploraError { () throws(EsploraError) in try await esplora.transaction(E.txid(8)) }
        #expect(unknown == .notFound(endpoint: "esplora /tx/\(E.txid(8))", detail: "Transaction not found"))
    }

    @Test func droppedConnectionsAndClosedPortsAreUnreachable() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        try await server.script("/api/blocks/tip/height", FixtureResponse(drop: true))
        let dropped = await esploraError { () throws(EsploraError) in try await client(server).tipHeight() }
        guard case .unreachable(let endpoint, _) = dropped else { Issue.record("expected unreachable, got \(String(describing: dropped))"); return }
        #expect(endpoint == "esplora /blocks/tip/height")
        let closed = EsploraClient(baseURL: URL(string: "http://127.0.0.1:\(Processes.freePort())/api")!, timeoutSeconds: 5)
        let refused = await esploraError { () throws(EsploraError) in try await closed.tipHeight() }
        guard case .unreachable(let name, _) = refused else { Issue.record("expected unreachable, got \(String(describing: refused))"); return }
        #expect(name == "127.0.0.1 /blocks/tip/height")
    }

    @Test func badArgumentsAreRefusedWithoutARequest() async throws {
        let server = try await FixtureHTTPServer.start()
        defer { server.stop() }
        let esplora = client(server)
        let address = await esploraError { () throws(EsploraError) in try await esplora.mempoolTransactions("bc1q/../../admin") }
        #expect(address == .invalidArgument("\"bc1q/../../admin\" is not an address (expected letters and digits only)"))
        let txid = await esploraError { () throws(EsploraError) in try await esplora.transactionStatus("abc") }
        #expect(txid == .invalidArgument("\"abc\" is not a txid (64 hex digits)"))
        #expect(try await server.requests().isEmpty)
    }
}
