import Foundation
import TillTestSupport

/// The real `till` in a tmux pane, timed through a control-mode client (`tmux -C attach`): keys go in as `send-keys`
/// commands and the pane's output comes back as `%output` lines, so a key's time covers what a terminal multiplexer
/// adds (the pane's pty, tmux reading and parsing the frame) on top of `PtyTill`'s bare pseudo-terminal.
final class TmuxControlTill {
    private let session: TmuxSession
    private let client: SpawnedChild

    /// Starts `executable` with `arguments` in a 120×40 pane and attaches a control client to it.
    init(executable: String, arguments: [String], environment: [String: String]) throws {
        guard let tmux = Processes.which("tmux") else { throw BenchError("tmux not found on PATH: run `bash .ci/test`") }
        session = try TmuxSession(command: [executable] + arguments, width: 120, height: 40, environment: environment)
        client = try Spawn.piped(tmux, ["-L", session.socketName, "-C", "attach-session", "-t", "till"],
                                 stdinPipe: true, stdoutPipe: true)
        // A control client has no size until it says one; give it the pane's so attaching never resizes the till.
        send("refresh-client -C 120x40")
    }

    /// Waits until `marker` is on the screen (the first frame).
    func waitForScreen(_ marker: String) throws { _ = try session.waitFor(marker, timeout: .seconds(600)) }

    /// Sends one key (`send-keys` syntax: "Right", "BSpace", or `literal` text) and times the frame it causes: until
    /// the last `%output` of the burst, a burst ending when the pane stays quiet for `quiet` milliseconds.
    func keyToFrame(_ key: String, literal: Bool, quiet: Int32 = 40) -> Duration? {
        while client.readLine(waitingUpTo: 0) != nil {}
        let quoted = "'" + key.replacingOccurrences(of: "'", with: "'\\''") + "'"
        let sent = ContinuousClock.now
        send("send-keys -t till:0.0 " + (literal ? "-l " : "") + quoted)
        var last: ContinuousClock.Instant?
        let deadline = sent + .seconds(5)
        while ContinuousClock.now < deadline {
            guard let line = client.readLine(waitingUpTo: last == nil ? 1_000 : quiet) else {
                if last != nil { break } else { continue }
            }
            if line.hasPrefix("%output ") { last = ContinuousClock.now }
        }
        return last.map { $0 - sent }
    }

    /// Quits the till with `q`, then ends the client and the tmux server.
    func stop() {
        _ = try? session.send(text: "q")
        _ = try? session.waitForExit(timeout: .seconds(5))
        client.stop()
        session.kill()
    }

    private func send(_ command: String) {
        try? client.input?.write(contentsOf: Data((command + "\n").utf8))
    }
}
