import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a short-lived program with posix_spawn and waitpid, its output going to temporary files.
/// Used by the tmux and QR helpers instead of Foundation's `Process`, whose `waitUntilExit` was seen to
/// hang forever under parallel tests on Linux (the child already a zombie), and whose pipes a daemon
/// (the tmux server) could inherit.
enum TmuxProcess {
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:],
                    stdinPath: String = "/dev/null") throws -> ProcessOutput {
        let directory = try TemporaryDirectory(prefix: "till-spawn")
        let outPath = directory.file("stdout").path, errPath = directory.file("stderr").path
        let pid: pid_t
        do {
            pid = try Spawn.start(executable, arguments, environment: environment, stdin: stdinPath, stdout: outPath, stderr: errPath)
        } catch {
            throw TmuxSession.Failure(description: String(describing: error))
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1, errno == EINTR {}
        // WIFEXITED / WEXITSTATUS are macros Swift cannot import: low 7 bits are the signal, if any.
        let signal = status & 0x7F
        let exitStatus = signal == 0 ? (status >> 8) & 0xFF : 128 + signal
        let stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
        return withExtendedLifetime(directory) { ProcessOutput(status: exitStatus, stdout: stdout, stderr: stderr) }
    }
}
