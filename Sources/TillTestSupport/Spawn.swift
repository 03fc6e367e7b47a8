import Foundation
import TillHooks
#if canImport(Glibc)
import Glibc
#endif

/// Starts a child (through the product's `ChildProcess.spawn`: signals unblocked and default) with its standard streams
/// on the given files. The test runner's threads block some signals: tmux then never saw SIGCHLD (a dead pane), a
/// program never saw SIGWINCH, and a bitcoind started from a worker thread ignored SIGTERM for 60 s.
public enum Spawn {
    /// The child's pid; the caller reaps it. `environment` nil keeps this process's environment.
    public static func start(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             stdin: String = "/dev/null", stdout: String = "/dev/null", stderr: String = "/dev/null") throws -> pid_t {
        let input = open(stdin, O_RDONLY | O_CLOEXEC)
        let output = open(stdout, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        let errors = open(stderr, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        defer { for fd in [input, output, errors] where fd >= 0 { close(fd) } }
        guard input >= 0, output >= 0, errors >= 0 else {
            throw SpawnError(description: "cannot open the streams for \(executable): \(String(cString: strerror(errno)))")
        }
        let merged = environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } } ?? ProcessInfo.processInfo.environment
        switch ChildProcess.spawn(executable, arguments, environment: merged, stdin: input, stdout: output, stderr: errors) {
        case .success(let pid): return pid
        case .failure(let why): throw SpawnError(description: "cannot start \(executable): \(why)")
        }
    }
}

/// A child that could not be started.
public struct SpawnError: Error, CustomStringConvertible {
    public let description: String
}
