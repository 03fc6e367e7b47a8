import Foundation
import Testing
import TillTestSupport

/// Issue 14: `TERM=dumb` drew a garbled screen without a word; now the till refuses with what to do.
/// tmux sets TERM in its pane itself, so the till is started through `env TERM=…`, on the pane's real terminal.
@Suite struct DumbTerminalTests {
    @Test(arguments: ["dumb", "unknown"])
    func aTerminalThatCannotMoveTheCursorIsRefusedWithAMessage(_ term: String) async throws {
        let message = try await Self.refusal(term: term)
        #expect(message.contains("cannot draw a full screen") && message.contains("TERM=\(term)")
                && message.contains("TERM=xterm-256color"), "\(message)")
    }

    @Test func aTerminalTypeWithoutATerminfoEntryIsNamed() async throws {
        let message = try await Self.refusal(term: "no-such-terminal-type")
        #expect(message.contains("cannot open the terminal") && message.contains("TERM=no-such-terminal-type"), "\(message)")
    }

    /// Runs `till --training` with `term` in a tmux pane; returns what it wrote to stderr once it exited with 1.
    /// The message is read from a copy of stderr: the pane of a program that ends at once was seen blank under load.
    static func refusal(term: String) async throws -> String {
        let directory = try TemporaryDirectory(prefix: "till-dumb")
        let stderr = directory.file("stderr.txt").path
        let command = ["sh", "-c", "env TERM=\"$1\" \"$2\" --training 2>\"$3\"; status=$?; cat \"$3\" >&2; sleep 1; exit $status",
                       "sh", term, try LiveTill.binary, stderr]
        let session = try TmuxSession(command: command, width: 240, height: 24,
                                      environment: ["TERM": "xterm-256color", "XDG_DATA_HOME": directory.file("data").path,
                                                    "XDG_CONFIG_HOME": directory.file("config").path])
        defer { session.kill() }
        let status = try await session.waitForExit(timeout: .seconds(60))
        #expect(status == 1, "exit status \(status)")
        return try String(contentsOfFile: stderr, encoding: .utf8)
    }
}
