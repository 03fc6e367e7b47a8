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
    }

    /// The `-L` socket name, unique per session so tests can run in parallel.
    public let socketName: String
    private let tmux: String
    private let configuration: TemporaryDirectory
    private static let target = "till:0.0"

    /// Starts `command` (argv, run through `sh -c` with quoting) in a `width × height` pane with
    /// `LANG=C.UTF-8` plus `environment`. Fails with instructions when tmux is missing.
    public init(command: [String], width: Int = 120, height: Int = 40, environment: [String: String] = [:],
                currentDirectory: URL? = nil) throws {
        guard let tmux = Processes.which("tmux") else {
            throw Failure(description: "tmux not found on PATH: run `bash .ci/test` (it installs tmux)")
        }
        self.tmux = tmux
        socketName = "till-test-\(getpid())-\(UUID().uuidString.prefix(8))"
        configuration = try TemporaryDirectory(prefix: "till-tmux")
        // remain-on-exit keeps the pane after the program ends so the test can read its exit status.
        let conf = configuration.file("tmux.conf")
        try "set -g status off\nset -g remain-on-exit on\nset -g history-limit 0\n".write(to: conf, atomically: true, encoding: .utf8)
        var arguments = ["-f", conf.path, "new-session", "-d", "-s", "till", "-x", "\(width)", "-y", "\(height)",
                         "-e", "LANG=C.UTF-8", "-e", "LC_ALL=C.UTF-8"]
        for (key, value) in environment.sorted(by: { $0.key < $1.key }) { arguments += ["-e", "\(key)=\(value)"] }
        if let currentDirectory { arguments += ["-c", currentDirectory.path] }
        arguments.append(command.map(Self.shellQuoted).joined(separator: " "))
        try run(arguments)
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

    /// The visible screen as text, one line per row; with `escapes`, SGR colour/attribute sequences too.
    public func capture(escapes: Bool = false) throws -> String {
        try run(["capture-pane", "-p", "-t", Self.target] + (escapes ? ["-e"] : [])).stdout
    }

    /// Polls the screen every 50 ms until `condition` holds; returns that screen, or throws with the last one.
    @discardableResult
    public func waitUntil(timeout: Duration = .seconds(10), _ what: String = "condition",
                          _ condition: (String) -> Bool) throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        repeat {
            screen = try capture()
            if condition(screen) { return screen }
            usleep(50_000)
        } while ContinuousClock.now < deadline
        throw Failure(description: "tmux: timed out after \(timeout) waiting for \(what); screen was:\n\(screen)")
    }

    /// Waits until the screen contains `text`; returns that screen.
    @discardableResult
    public func waitFor(_ text: String, timeout: Duration = .seconds(10)) throws -> String {
        try waitUntil(timeout: timeout, "\"\(text)\"") { $0.contains(text) }
    }

    /// The program's exit status once it has ended, else nil.
    public func exitStatus() throws -> Int32? {
        let fields = try run(["display-message", "-p", "-t", Self.target, "#{pane_dead} #{pane_dead_status}"])
            .stdout.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        guard fields.first == "1", fields.count > 1 else { return nil }
        return Int32(fields[1])
    }

    /// Waits for the program to end and returns its exit status.
    public func waitForExit(timeout: Duration = .seconds(10)) throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        repeat {
            if let status = try exitStatus() { return status }
            usleep(50_000)
        } while ContinuousClock.now < deadline
        throw Failure(description: "tmux: the program did not exit within \(timeout); screen was:\n\(try capture())")
    }

    /// Kills this session's tmux server (and the program in it). Safe to call twice.
    public func kill() {
        _ = try? Processes.run(tmux, ["-L", socketName, "kill-server"], environment: Self.environment)
    }

    // MARK: - Plumbing

    private static let environment = ["LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"]

    @discardableResult
    private func run(_ arguments: [String]) throws -> ProcessOutput {
        let result = try Processes.run(tmux, ["-L", socketName] + arguments, environment: Self.environment)
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
