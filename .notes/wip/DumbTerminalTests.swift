import Foundation
import Testing
import TillTestSupport

/// Issue 14: `TERM=dumb` drew a garbled screen without a word; now the till refuses with what to do.
@Suite struct DumbTerminalTests {
    @Test(arguments: ["dumb", "unknown"])
    func aTerminalThatCannotMoveTheCursorIsRefusedWithAMessage(_ term: String) throws {
        let directory = try TemporaryDirectory(prefix: "till-dumb")
        let session = try TmuxSession(command: [try LiveTill.binary, "--training"], width: 240, height: 24,
                                      environment: ["TERM": term, "XDG_DATA_HOME": directory.file("data").path,
                                                    "XDG_CONFIG_HOME": directory.file("config").path])
        defer { session.kill() }
        let screen = try session.waitFor("cannot draw a full screen")
        #expect(screen.contains("TERM=\(term)") && screen.contains("TERM=xterm-256color"))
        #expect(try session.waitForExit() == 1)
    }
}
