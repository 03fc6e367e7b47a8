import Foundation
import Testing
import TillTestSupport
@testable import TillUI

/// The whole chain in a real terminal: `till qr-demo` draws with ncurses inside tmux, the screen is
/// captured as text and decoded with zbarimg.
@Suite struct QRDemoTerminalTests {
    /// `<repo>/.build/debug/till`, built by `swift build --build-tests` (as `.ci/test` does) before the tests run.
    static func tillBinary() throws -> String {
        let path = ProcessInfo.processInfo.environment["TILL_BINARY"]
            ?? TestPeers.repositoryRoot.appendingPathComponent(".build/debug/till").path
        guard FileManager.default.isExecutableFile(atPath: path) else {
            throw TmuxSession.Failure(description: "\(path) is missing: build it with `swift build --build-tests` "
                                      + "(or run `bash .ci/test`) before `swift test --skip-build`")
        }
        return path
    }

    @Test(arguments: [Payloads.bip21Full, Payloads.eip681])
    func capturedScreenDecodesToTheURIAndQExitsZero(uri: String) async throws {
        let session = try TmuxSession(command: [try Self.tillBinary(), "qr-demo", uri], width: 100, height: 40)
        defer { session.kill() }
        let screen = try await session.waitFor("press q to quit")
        #expect(try QRScreenDecoder.decode(screen: screen) == uri)
        try session.send(keys: "x")            // any other key leaves the code on screen
        try session.send(keys: "q")
        await #expect(try session.waitForExit() == 0)
    }

    @Test func qrCellsAreBlackOnWhiteWhateverTheTheme() async throws {
        let session = try TmuxSession(command: [try Self.tillBinary(), "qr-demo", Payloads.bip21Upper],
                                      width: 80, height: 30, environment: ["NO_COLOR": "1"])
        defer { session.kill() }
        try await session.waitFor("press q to quit")
        let cells = TmuxScreenColors.parse(try session.capture(escapes: true, trailingSpaces: true)).flatMap { $0 }
        let glyphs = cells.filter { "█▀▄".contains($0.character) }
        #expect(glyphs.count > 100)
        #expect(glyphs.allSatisfy { $0.foreground == 0 && $0.background == 7 && !$0.reverse })
        // The whole symbol with its quiet zone, and nothing else, is on white.
        let size = try QRCode(Payloads.bip21Upper).textSize
        #expect(cells.filter { $0.background == 7 }.count == size.columns * size.rows)
        // NO_COLOR: the caption is in the terminal's default colours.
        #expect(cells.filter { $0.background == nil && $0.foreground != nil }.isEmpty)
    }

    @Test func tooSmallTerminalSaysHowBigThenShowsTheCodeAfterResize() async throws {
        let uri = Payloads.bip21Full
        let qr = try QRCode(uri).textSize
        let needed = TextSize(columns: qr.columns, rows: qr.rows + 2)
        let session = try TmuxSession(command: [try Self.tillBinary(), "qr-demo", uri], width: 40, height: 15)
        defer { session.kill() }
        let small = try await session.waitFor("Terminal too small")
        #expect(small.contains("need \(needed), have 40×15"))
        #expect(try QRScreenDecoder.decode(screen: small) == nil)
        try session.resize(width: needed.columns, height: needed.rows)
        // The small screen also says "press q to quit": wait for the code's screen itself.
        let fitted = try await session.waitUntil("the code after the resize") { $0.contains("press q to quit") && !$0.contains("too small") }
        #expect(try QRScreenDecoder.decode(screen: fitted) == uri)
        try session.send(keys: "q")
        await #expect(try session.waitForExit() == 0)
    }

    @Test func nonUTF8LocaleIsRefusedWithAClearMessage() async throws {
        let session = try TmuxSession(command: ["env", "LANG=C", "LC_ALL=C", try Self.tillBinary(), "qr-demo", "x"],
                                      width: 100, height: 20)
        defer { session.kill() }
        await #expect(try session.waitForExit() == 1)
        // The message is printed after the full-screen mode was never entered, so it may have scrolled.
        let screen = try session.capture(history: true)
        #expect(screen.contains("set LANG=C.UTF-8"))
        #expect(screen.contains("ANSI_X3.4-1968"))
    }

    /// Ctrl-C and SIGTERM restore the terminal and end the program by that signal (128 + n), never hang it.
    @Test(arguments: [("C-c", SIGINT), ("TERM", SIGTERM)])
    func signalsEndTheProgram(how: String, signal: Int32) async throws {
        let session = try TmuxSession(command: [try Self.tillBinary(), "qr-demo", "x"], width: 60, height: 30)
        defer { session.kill() }
        try await session.waitFor("press q to quit")
        if how == "C-c" { try session.send(keys: "C-c") } else { kill(try session.programProcessID(), signal) }
        await #expect(try session.waitForExit() == 128 + signal)
    }
}
