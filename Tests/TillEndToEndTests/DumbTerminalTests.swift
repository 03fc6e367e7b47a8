import Foundation
import Testing
import TillTestSupport

/// Issue 14: `TERM=dumb` drew a garbled screen without a word; now the till refuses with what to do.
/// tmux sets TERM in its pane itself, so the till is started through `env TERM=…`.
@Suite struct DumbTerminalTests {
    @Test(arguments: ["dumb", "unknown"])
    func aTerminalThatCannotMoveTheCursorIsRefusedWithAMessage(_ term: String) throws {
        let (session, directory) = try Self.start(term: term)
        defer { session.kill(); _ = directory }
        let screen = try session.waitFor("cannot draw a full screen")
        #expect(screen.contains("TERM=\(term)") && screen.contains("TERM=xterm-256color"), "\(screen)")
        #expect(try session.waitForExit() == 1)
    }

    @Test func aTerminalTypeWithoutATerminfoEntryIsNamed() throws {
        let (session, directory) = try Self.start(term: "no-such-terminal-type")
        defer { session.kill(); _ = directory }
        let screen = try session.waitFor("cannot open the terminal")
        #expect(screen.contains("TERM=no-such-terminal-type"), "\(screen)")
        #expect(try session.waitForExit() == 1)
    }

    static func start(term: String) throws -> (TmuxSession, TemporaryDirectory) {
        let directory = try TemporaryDirectory(prefix: "till-dumb")
        // The pause after the exit keeps the pane alive until tmux has read the message: tmux dropped the output of a
        // program that ended within milliseconds.
        let command = ["sh", "-c", "env TERM=\"$1\" \"$2\" --training; status=$?; sleep 1; exit $status", "sh", term, try LiveTill.binary]
        return (try TmuxSession(command: command, width: 240, height: 24,
                               environment: ["XDG_DATA_HOME": directory.file("data").path,
                                             "XDG_CONFIG_HOME": directory.file("config").path]), directory)
    }
}
