import Foundation
import Testing
import TillCore
import TillHooks
import TillTestSupport
#if canImport(Glibc)
import Glibc
#endif

@Suite struct CommandHookTests {
    let event = HookEvent(type: .paid, sale: HookFixture.paid().0, at: HookFixture.t0)

    @Test func theEventJSONArrivesOnStdinAndStatusAndStderrAreKept() async throws {
        let directory = try TemporaryDirectory()
        let copy = directory.file("event.json").path
        let hook = CommandHook(name: "door", arguments: ["/bin/sh", "-c", "cat > \"$0\"; echo 'door jammed' >&2; exit 3", copy],
                               events: [.paid], timeoutSeconds: 10)
        let outcome = try #require(await hook.run(event))
        #expect(outcome.termination == .exited(3))
        #expect(outcome.stderr == "door jammed\n")
        #expect(outcome.message == "exited with status 3: door jammed")
        #expect(try Data(contentsOf: URL(fileURLWithPath: copy)) == event.body)
        #expect(!outcome.succeeded)
    }

    @Test func programsOnPathRunAndStdoutIsCaptured() async {
        let outcome = await CommandRunner.run(["cat"], input: event.body, timeoutSeconds: 10)
        #expect(outcome.succeeded)
        #expect(outcome.stdout == String(decoding: event.body, as: UTF8.self))
        #expect(outcome.message == "ran successfully")
    }

    @Test func unsubscribedEventsDoNotRunTheCommand() async {
        let hook = CommandHook(name: "door", arguments: ["/bin/false"], events: [.refunded])
        #expect(await hook.run(event) == nil)
    }

    @Test func aCommandStillRunningAtTheTimeoutIsKilled() async throws {
        let directory = try TemporaryDirectory()
        let pidFile = directory.file("pid").path
        let outcome = await CommandRunner.run(["/bin/sh", "-c", "echo $$ > \"$0\"; exec sleep 30", pidFile],
                                              input: Data(), timeoutSeconds: 1)
        #expect(outcome.termination == .timedOut(seconds: 1))
        #expect(outcome.message.hasPrefix("killed after the 1 s timeout"))
        let pid = try #require(Int32(try String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
        #expect(kill(pid, 0) == -1 && errno == ESRCH, "the timed-out command \(pid) is still running")
    }

    @Test func missingProgramsAreReportedNotThrown() async {
        let absolute = await CommandRunner.run(["/nonexistent/open-door"], input: event.body, timeoutSeconds: 5)
        #expect(absolute.termination == .notFound("/nonexistent/open-door"))
        #expect(absolute.message.contains("not found"))
        let onPath = await CommandRunner.run(["till-no-such-program"], input: event.body, timeoutSeconds: 5)
        #expect(onPath.termination == .notFound("till-no-such-program"))
        let empty = await CommandRunner.run([], input: event.body, timeoutSeconds: 5)
        #expect(empty.termination == .couldNotStart("no program given"))
    }

    @Test func aProgramThatIgnoresStdinDoesNotHurtTheTill() async {
        let big = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        let outcome = await CommandRunner.run(["/bin/true"], input: big, timeoutSeconds: 10)
        #expect(outcome.termination == .exited(0))
        let killed = await CommandRunner.run(["/bin/sh", "-c", "kill -KILL $$"], input: Data(), timeoutSeconds: 10)
        #expect(killed.termination == .signalled(SIGKILL))
    }
}
