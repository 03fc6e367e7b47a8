import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A program running in a detached tmux session on a private server socket, for end-to-end tests of
/// full-screen programs: type with `send`, read with `capture`, resize, wait for text, read the exit status.
/// The status line is off, so the pane is exactly `width × height`. The server is killed on `kill()` or deinit.
public final class TmuxSession: @unchecked Sendable {
    /// Why a tmux step failed; the message includes the last screen when waiting timed out.
    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// The `-L` socket name, unique per session so tests can run in parallel.
    public let socketName: String
    private let tmux: String
    private let configuration: TemporaryDirectory
    private var serverPID: pid_t = 0
    private var socketPath: String?
    private static let target = "till:0.0"

    /// Runs the program as a foreground child (so it owns the terminal) and records its pid and exit status
    /// in files: tmux's own pane-death report was seen to miss programs that exit within milliseconds.
    /// The wrapper traps (not ignores) terminal signals so Ctrl-C reaches only the program, with default handling.
    private static let wrapper = """
        state="$1"; shift
        trap : INT QUIT TERM HUP
        sh -c 'state="$1"; shift; echo $$ > "$state.pid"; exec "$@"' inner "$state" "$@"
        echo $? > "$state.tmp" && mv "$state.tmp" "$state.status"
        """

    /// Starts `command` (argv, quoted for `sh`) in a `width × height` pane with `LANG=C.UTF-8` plus
    /// `environment`. Fails with instructions when tmux is missing.
    public init(command: [String], width: Int = 120, height: Int = 40, environment: [String: String] = [:],
                currentDirectory: URL? = nil) throws {
        guard let tmux = Processes.which("tmux") else {
            throw Failure(description: "tmux not found on PATH: run `bash .ci/test` (it installs tmux)")
        }
        self.tmux = tmux
        socketName = "till-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        configuration = try TemporaryDirectory(prefix: "till-tmux")
        // remain-on-exit keeps the last screen readable after the program ends.
        let conf = configuration.file("tmux.conf"), script = configuration.file("run.sh")
        try "set -g status off\nset -g remain-on-exit on\nset -g history-limit 2000\n"
            .write(to: conf, atomically: true, encoding: .utf8)
        try Self.wrapper.write(to: script, atomically: true, encoding: .utf8)
        var arguments = ["-f", conf.path, "new-session", "-d", "-s", "till", "-x", "\(width)", "-y", "\(height)",
                         "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        if let currentDirectory { arguments += ["-c", currentDirectory.path] }
        let argv = ["sh", script.path, configuration.file("program").path] + command
        arguments.append("exec " + argv.map(Self.shellQuoted).joined(separator: " "))
        try run(arguments)
        let server = try run(["display-message", "-p", "#{pid} #{socket_path}"]).stdout
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: " ", maxSplits: 1).map(String.init)
        serverPID = pid_t(server.first ?? "") ?? 0
        socketPath = server.count > 1 ? server[1] : nil
    }

    /// The process id of the program in the pane (for tests that kill it), waiting up to 5 s for it to start.
    public func programProcessID() throws -> pid_t {
        let deadline = ContinuousClock.now + .seconds(5)
        repeat {
            if let pid = readState("pid") { return pid }
            usleep(20_000)
        } while ContinuousClock.now < deadline
        throw Failure(description: "tmux: the program did not start within 5 s")
    }

    private func readState(_ name: String) -> Int32? {
        (try? String(contentsOf: configuration.file("program.\(name)"), encoding: .utf8))
            .flatMap { Int32($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    deinit { kill() }

    // MARK: - Driving

    /// Types `text` literally (no key-name lookup).
    public func send(text: String) throws { try run(["send-keys", "-t", Self.target, "-l", text]) }

    /// Presses tmux-named keys in order: `Enter`, `Escape`, `Up`, `BSpace`, `DC`, `F5`, `C-c`, `q`.
    public func send(keys: String...) throws { try run(["send-keys", "-t", Self.target] + keys) }

    /// Resizes the window (and so the pane) to `width × height`; the program gets SIGWINCH.
    public func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", "till", "-x", "\(width)", "-y", "\(height)"])
    }

    /// The visible screen as text, one line per row; with `escapes`, SGR colour/attribute sequences too;
    /// with `trailingSpaces`, each row keeps its trailing blanks (tmux drops them otherwise, coloured or not).
    /// With `history`, lines scrolled off the top come first.
    public func capture(escapes: Bool = false, trailingSpaces: Bool = false, history: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", Self.target] + (escapes ? ["-e"] : []) + (trailingSpaces ? ["-N"] : [])
                + (history ? ["-S", "-"] : [])).stdout
    }

    /// Polls the screen every 50 ms until `condition` holds on a settled screen (unchanged 50 ms later); returns
    /// that screen, or throws with the last one.
    @discardableResult
    public func waitUntil(timeout: Duration = .seconds(30), _ what: String = "condition",
                          _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        repeat {
            screen = try capture()
            if condition(screen) {
                // A capture can land while the program is still drawing (top half new, bottom half the old frame):
                // only a screen that is the same 50 ms later counts.
                usleep(50_000)
                let again = try capture()
                if again == screen { return screen }
                continue
            }
            usleep(50_000)
        } while ContinuousClock.now < deadline
        throw Failure(description: "tmux: timed out after \(timeout) waiting for \(what); screen was:\n\(screen)")
    }

    /// Waits until the screen contains `text`; returns that screen.
    @discardableResult
    public func waitFor(_ text: String, timeout: Duration = .seconds(30)) throws -> String {
        try waitUntil(timeout: timeout, "\"\(text)\"") { $0.contains(text) }
    }

    /// The program's exit status once it has ended (128 + n when killed by signal n), else nil.
    public func exitStatus() -> Int32? { readState("status") }

    /// Waits for the program to end and returns its exit status.
    public func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        repeat {
            if let status = exitStatus() { return status }
            usleep(50_000)
        } while ContinuousClock.now < deadline
        throw Failure(description: "tmux: the program did not exit within \(timeout); screen was:\n\(try capture())")
    }

    /// Kills this session's tmux server and the program in it. Safe to call twice.
    public func kill() {
        _ = try? TmuxProcess.run(tmux, ["-L", socketName, "kill-server"], environment: Self.environment)
        // If the server or the program ignored the polite way, make sure nothing outlives the test.
        for pid in [serverPID, readState("pid") ?? 0] where pid > 0 && Glibc.kill(pid, 0) == 0 { Glibc.kill(pid, SIGKILL) }
        // tmux leaves its socket file behind; hundreds of test runs would litter /tmp/tmux-<uid>.
        if let socketPath { unlink(socketPath) }
    }

    // MARK: - Plumbing

    private static let environment = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]

    @discardableResult
    private func run(_ arguments: [String]) throws -> ProcessOutput {
        let result = try TmuxProcess.run(tmux, ["-L", socketName] + arguments, environment: Self.environment)
        guard result.status == 0 else {
            throw Failure(description: "tmux \(arguments.joined(separator: " ")) exited \(result.status): \(result.stderr)")
        }
        return result
    }

    /// Single-quotes an argument for `sh`.
    private static func shellQuoted(_ argument: String) -> String {
        "'" + argument.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
