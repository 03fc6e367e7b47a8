import Foundation
import Testing
import TillChain
import TillChainTestSupport
import TillTestSupport

/// A wrong RPC password against the real regtest node: a typed "refused the login" error, quickly, not a timeout.
@Suite struct BitcoinRPCAuthTests {
    @Test func aWrongPasswordIsRefusedQuicklyWithAClearMessage() async throws {
        try await RegtestNode.with { node in
            // A long timeout: if the 401 stalled, the call would run into it and report "did not answer in time".
            let backend = BitcoinRPCBackend(url: node.rpcURL, credentials: .userPassword(user: RegtestNode.user, password: "wrong"),
                                            timeoutSeconds: 30)
            let started = ContinuousClock.now
            let error = await #expect(throws: ChainBackendError.self) { _ = try await backend.tip() }
            let waited = ContinuousClock.now - started
            #expect(error == .authFailed(backend: backend.name))
            #expect(error?.message.contains("HTTP 401") == true, "\(error?.message ?? "")")
            #expect(error?.message.contains("rpc_user/rpc_password or the cookie file") == true, "\(error?.message ?? "")")
            #expect(waited < .seconds(15), "refused after \(waited), well before the 30 s timeout")

            // The right password on the same node works, so the refusal was about the password.
            let good = BitcoinRPCBackend(url: node.rpcURL, credentials: .userPassword(user: RegtestNode.user, password: RegtestNode.password))
            let tip = try await good.tip()
            #expect(tip.height == 101)
        }
    }

    @Test func aStaleCookieIsRefusedAsALoginProblemAndTheWatcherSaysSo() async throws {
        try await RegtestNode.with { node in
            let directory = try TemporaryDirectory(prefix: "till-cookie")
            let cookie = directory.file(".cookie")
            try "__cookie__:not-the-node-secret".write(to: cookie, atomically: true, encoding: .utf8)
            let backend = BitcoinRPCBackend(url: node.rpcURL, credentials: .cookieFile(cookie), timeoutSeconds: 30)
            let recorder = RegtestRecorder()
            let watcher = BitcoinNodeWatcher(backend: backend, sink: recorder, store: RegtestCursorStore())
            #expect(await watcher.pollOnce() == false)
            let reason = await watcher.offlineReason ?? ""
            #expect(reason.contains("refused the RPC user/password (HTTP 401)"), "\(reason)")
            guard case .backendOffline(let recorded, _) = await recorder.events.last else {
                Issue.record("no offline event recorded")
                return
            }
            #expect(recorded == reason)
        }
    }
}
