import Foundation
import Testing
import TillChainTestSupport
import TillEndToEndSupport
import TillTestSupport

/// Issue 12: `till config check` said "Config OK." with a wrong password, a dead node or a node on another network.
/// `--online` asks each backend, as the till will, and names what is wrong; exit status 1 when anything is.
@Suite struct OnlineConfigCheckTests {
    func config(_ node: RegtestNode, password: String = RegtestNode.password, url: String? = nil,
                network: String = "bitcoin-regtest") throws -> (TemporaryDirectory, String) {
        let directory = try TemporaryDirectory(prefix: "till-online-check")
        let path = try RegtestTillConfig.write(in: directory, shop: "Check Shop", backendURL: url ?? node.rpcURL.absoluteString,
                                               user: RegtestNode.user, password: password)
        let text = try String(contentsOfFile: path, encoding: .utf8)
            .replacingOccurrences(of: "network = \"bitcoin-regtest\"", with: "network = \"\(network)\"")
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return (directory, path)
    }

    func check(_ path: String) async throws -> ProcessOutput {
        try await Processes.run(try LiveTill.binary, ["config", "check", "--online", "--config", path])
    }

    @Test func theRightNodeIsOkAndAWrongPasswordADeadNodeAndAnotherNetworkAreNamed() async throws {
        try await RegtestNode.with { node in
            let (keep, good) = try config(node)
            let ok = try await check(good)
            #expect(ok.status == 0, "\(ok.stdout)\(ok.stderr)")
            #expect(ok.stdout.contains("ok: BTC backend") && ok.stdout.contains("serves bitcoin-regtest")
                    && ok.stdout.contains("Backends OK."), "\(ok.stdout)")

            let (keep2, wrongPassword) = try config(node, password: "not-the-password")
            let refused = try await check(wrongPassword)
            #expect(refused.status == 1)
            #expect(refused.stdout.contains("FAILED: BTC backend") && refused.stdout.contains("rpc_user/rpc_password"),
                    "\(refused.stdout)")
            #expect(!refused.stdout.contains("not-the-password"), "the password is never printed")

            let (keep3, dead) = try config(node, url: "http://127.0.0.1:\(Processes.freePort())")
            let down = try await check(dead)
            #expect(down.status == 1 && down.stdout.contains("cannot reach"), "\(down.stdout)")

            let (keep4, testnet) = try config(node, network: "bitcoin-testnet")
            let wrongChain = try await check(testnet)
            #expect(wrongChain.status == 1, "\(wrongChain.stdout)\(wrongChain.stderr)")
            #expect(wrongChain.stdout.contains("wrong chain") && wrongChain.stdout.contains("bitcoin-testnet"),
                    "\(wrongChain.stdout)")
            withExtendedLifetime((keep, keep2, keep3, keep4)) {}
        }
    }
}
