import Foundation
import Testing
import TillCore
import TillHooks
#if canImport(Glibc)
import Glibc
#endif

/// Issue 13.1: a hook that prints its environment must not see the till's secrets.
@Suite struct HookEnvironmentTests {
    let event = HookEvent(type: .paid, sale: HookFixture.paid().0, at: HookFixture.t0)

    @Test func aHookGetsOnlyPathHomeLangTzAndTheVariablesItsConfigNames() async {
        let parent = ["PATH": "/usr/bin:/bin", "HOME": "/home/shop", "LANG": "C.UTF-8", "TZ": "Europe/Berlin",
                      "TILL_BTC_RPC_PASSWORD": "hunter2", "TILL_HOOK_DOOR_SECRET": "whsec_c2VjcmV0", "DOOR_TOKEN": "open-sesame",
                      "AWS_SECRET_ACCESS_KEY": "nope"]
        let outcome = await CommandRunner.run(["/usr/bin/env"], input: Data(), timeoutSeconds: 10, passing: ["DOOR_TOKEN", "UNSET"],
                                              parentEnvironment: parent)
        let lines = Set(outcome.stdout.split(separator: "\n").map(String.init))
        #expect(lines == ["PATH=/usr/bin:/bin", "HOME=/home/shop", "LANG=C.UTF-8", "TZ=Europe/Berlin", "DOOR_TOKEN=open-sesame"])
    }

    @Test func theTillsOwnSecretVariablesNeverReachAConfiguredHook() async throws {
        // The real process environment, as the README recommends for secrets.
        setenv("TILL_SECTEST_RPC_PASSWORD", "rpc-password-in-env", 1)
        setenv("TILL_HOOK_SECTEST_SECRET", "whsec_aG9vay1zZWNyZXQtaW4tZW52aXJvbm1lbnQ=", 1)
        let hook = CommandHook(name: "dump", arguments: ["/usr/bin/env"], events: [.paid])
        let outcome = try #require(await hook.run(event))
        #expect(outcome.succeeded)
        #expect(!outcome.stdout.contains("rpc-password-in-env"))
        #expect(!outcome.stdout.contains("hook-secret"))
        #expect(!outcome.stdout.contains("TILL_"))
        #expect(outcome.stdout.contains("PATH="))
    }

    @Test func withoutAPathTheHookStillFindsPrograms() async {
        let outcome = await CommandRunner.run(["/usr/bin/env"], input: Data(), timeoutSeconds: 10, parentEnvironment: [:])
        #expect(outcome.stdout == "PATH=\(HookEnvironment.defaultPath)\n")
    }

    @Test func tillVariablesAndMalformedNamesCannotBePassed() {
        #expect(HookEnvironment.refusal("DOOR_TOKEN") == nil)
        #expect(HookEnvironment.refusal("TILL_BTC_RPC_PASSWORD")?.contains("never given to hooks") == true)
        #expect(HookEnvironment.refusal("till_hook_x_secret") != nil)
        #expect(HookEnvironment.refusal("A=B") != nil)
        #expect(HookEnvironment.refusal("") != nil)
    }
}
