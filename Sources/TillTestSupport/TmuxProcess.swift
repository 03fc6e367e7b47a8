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
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        // The test runner's threads block some signals, and a child inherits the mask: tmux would then never
        // see SIGCHLD (a dead pane) nor the program SIGWINCH (a resize). Start with all signals unblocked and default.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), allSignals = sigset_t()
        sigemptyset(&noSignals)
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let merged = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw TmuxSession.Failure(description: "cannot start \(executable): \(String(cString: strerror(spawned)))")
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
