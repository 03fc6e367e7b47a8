import TillHTTP
import TillChainTestSupport
import BigInt
import Foundation
import Testing
@testable import TillChain
import TillCore
import TillTestSupport

/// The RPC backend's parsing and error reporting without a node: amounts, scripts, unreachable and garbage servers.
@Suite struct BitcoinRPCBackendTests {
    @Test(arguments: [
        ("49.8765548", BigUInt(4_987_655_480)), ("0.00000001", 1), ("1e-05", 1_000), ("1E-8", 1),
        ("20999999.99999999", BigUInt(2_099_999_999_999_999)), ("50", 5_000_000_000), ("0.1234", 12_340_000),
        ("0.12340000", 12_340_000), ("2.5e+1", 2_500_000_000),
    ])
    func amountsAreExactSats(text: String, sats: BigUInt) {
        #expect(BitcoinJSON.sats(fromNumber: text) == sats)
    }

    @Test(arguments: ["0.000000001", "-1", "1e-9", "abc", "", "1.2.3", ".5"])
    func amountsBelowOneSatOrMalformedAreRefused(text: String) {
        #expect(BitcoinJSON.sats(fromNumber: text) == nil)
    }

    @Test func transactionOutputsAreReadByScriptBytesAndSequencesSignalReplaceByFee() throws {
        // The shape `getrawtransaction <txid> 1` prints (Bitcoin Core RPC docs), with a taproot output
        // that has no address field at all, and one input signalling BIP125.
        let text = """
        {"txid":"\(String(repeating: "ab", count: 32))","vin":[
          {"txid":"\(String(repeating: "01", count: 32))","vout":3,"sequence":4294967294},
          {"txid":"\(String(repeating: "02", count: 32))","vout":0,"sequence":4294967293}],
         "vout":[{"value":0.00012345,"n":0,"scriptPubKey":{"hex":"5120\(String(repeating: "0f", count: 32))","type":"witness_v1_taproot"}},
                 {"value":1e-05,"n":1,"scriptPubKey":{"hex":"76a914\(String(repeating: "11", count: 20))88ac","address":"ignored"}}]}
        """
        let tx = try BitcoinJSON.transaction(JSONParser.parse(text))
        #expect(tx.replaceable)
        #expect(tx.inputs == [OutPoint(txid: String(repeating: "01", count: 32), vout: 3),
                              OutPoint(txid: String(repeating: "02", count: 32), vout: 0)])
        #expect(tx.outputs[0].scriptPubKey == [0x51, 0x20] + Array(repeating: 0x0F, count: 32))
        #expect(tx.outputs[0].units == 12_345 && tx.outputs[1].units == 1_000)
        let final = text.replacingOccurrences(of: "4294967293", with: "4294967295")
        #expect(try !BitcoinJSON.transaction(JSONParser.parse(final)).replaceable)
    }

    @Test func unreachableNodeIsAnOfflineEventWithAReadableReason() async throws {
        let backend = BitcoinRPCBackend(url: URL(string: "http://127.0.0.1:\(Processes.freePort())/")!,
                                        credentials: .userPassword(user: "u", password: "p"), timeoutSeconds: 2)
        let recorder = RegtestRecorder()
        let watcher = BitcoinNodeWatcher(backend: backend, sink: recorder, store: RegtestCursorStore())
        #expect(await watcher.pollOnce() == false)
        #expect(await watcher.pollOnce() == false)
        let events = await recorder.events
        // One offline event per outage, not one per poll; a second only when the reason changed (on a loaded
        // machine the first attempt may time out before the refusal is seen), and always with the same start.
        #expect((1...2).contains(events.count), "one offline event per outage, not one per poll")
        let starts = Set(events.compactMap { if case .backendOffline(_, let since) = $0 { return since }; return nil })
        #expect(starts.count == 1)
        guard case .backendOffline(let reason, let since) = events.last else { Issue.record("no offline event"); return }
        #expect(reason.hasPrefix("cannot reach node 127.0.0.1:") || reason.contains("in time"))
        #expect(await watcher.offlineSince == since)
        #expect(await watcher.retryDelay() == .seconds(4), "doubles from the 2 s poll interval after two failures")
    }

    @Test func garbageAnswersAreOfflineNotACrash() async throws {
        let server = try GarbageServer()
        defer { server.stop() }
        let backend = BitcoinRPCBackend(url: server.url, credentials: .cookieFile(server.cookie), timeoutSeconds: 3)
        await #expect(throws: ChainBackendError.garbage(backend: backend.name, method: "getrawmempool",
                                                         reason: "malformed JSON at byte 0: unexpected character")) {
            _ = try await backend.mempoolTxids()
        }
        let recorder = RegtestRecorder()
        let watcher = BitcoinNodeWatcher(backend: backend, sink: recorder, store: RegtestCursorStore())
        #expect(await watcher.pollOnce() == false)
        #expect(await watcher.offlineReason?.contains("unreadable answer to getrawmempool") == true)
        #expect(server.sawBasicAuth("__cookie__", "s3cret"))
    }
}

/// A local HTTP server (the venv's Python) answering every POST with 200 and a non-JSON body, and logging the
/// Authorization header it got.
final class GarbageServer: @unchecked Sendable {
    let url: URL
    let cookie: URL
    private let directory: TemporaryDirectory
    private let process: SpawnedChild

    init() throws {
        directory = try TemporaryDirectory(prefix: "till-garbage")
        let port = Processes.freePort()
        url = URL(string: "http://127.0.0.1:\(port)/")!
        cookie = directory.file(".cookie")
        try "__cookie__:s3cret".write(to: cookie, atomically: true, encoding: .utf8)
        let log = directory.file("auth.log").path
        let script = """
        import http.server
        class H(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                self.rfile.read(int(self.headers.get('Content-Length', 0)))
                open('\(log)', 'a').write(self.headers.get('Authorization', '') + '\\n')
                body = b'<html>not json</html>'
                self.send_response(200); self.send_header('Content-Length', str(len(body))); self.end_headers()
                self.wfile.write(body)
            def log_message(self, *a): pass
        http.server.HTTPServer(('127.0.0.1', \(port)), H).serve_forever()
        """
        process = try Spawn.piped(try TestPeers.require(TestPeers.python, what: "Python venv").path, ["-c", script])
        let deadline = Date().addingTimeInterval(10)
        while Processes.canConnect(port: port) == false {
            guard Date() < deadline, process.isRunning else { stop(); throw RegtestError("garbage server did not start") }
            usleep(50_000)
        }
    }

    func sawBasicAuth(_ user: String, _ password: String) -> Bool {
        let expected = "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
        let logged = (try? String(contentsOf: directory.file("auth.log"), encoding: .utf8)) ?? ""
        return logged.split(separator: "\n").contains { $0 == expected }
    }

    func stop() { process.stop() }
}

extension Processes {
    /// True when something accepts TCP connections on 127.0.0.1:`port`.
    static func canConnect(port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = UInt16(port).bigEndian
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }
}
