import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The result of a finished child process.
public struct ProcessOutput: Sendable {
    public let status: Int32
    public let stdout: String
    public let stderr: String
}

/// Small helpers to run programs and find free ports in tests.
public enum Processes {
    /// Runs `executable` with `arguments` to completion and returns its output. Uses posix_spawn and waitpid
    /// with signals unblocked (Foundation's `Process` was seen to hang in `waitUntilExit` under parallel tests).
    @discardableResult
    public static func run(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                           stdin: String? = nil, currentDirectory: URL? = nil) throws -> ProcessOutput {
        let scratch = try TemporaryDirectory(prefix: "till-run")
        let input = scratch.file("stdin")
        try Data((stdin ?? "").utf8).write(to: input)
        var program = executable, argv = arguments
        if let currentDirectory {
            // posix_spawn has no portable chdir: let a shell change directory, then exec the program.
            program = "/bin/sh"
            argv = ["-c", "cd \"$0\" && exec \"$@\"", currentDirectory.path, executable] + arguments
        }
        return try withExtendedLifetime(scratch) {
            try TmuxProcess.run(program, argv, environment: environment ?? [:], stdinPath: input.path)
        }
    }

    /// A TCP port on 127.0.0.1 that was free a moment ago (bind to port 0, read it back, close).
    public static func freePort() -> Int {
        let (fd, port) = boundSocket()
        close(fd)
        return port
    }

    /// A port on 127.0.0.1 that refuses connections for as long as the returned socket stays open (bound, never
    /// listening): unlike `freePort()`, no parallel test's server can take it meanwhile. Close the socket when done.
    public static func refusingPort() -> (socket: Int32, port: Int) { boundSocket() }

    /// A TCP socket bound to an ephemeral port of 127.0.0.1 (not listening), and that port.
    private static func boundSocket() -> (Int32, Int) {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = 0
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        return (fd, Int(UInt16(bigEndian: address.sin_port)))
    }

    /// Finds a program on PATH (`tmux`, `zbarimg`), or nil.
    public static func which(_ name: String) -> String? {
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin:/bin"
        for dir in path.split(separator: ":") {
            let candidate = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}

/// How a child process ended.
public enum ExitOutcome: Equatable, Sendable {
    case exited(Int32)
    case signalled(Int32)
    case stillRunning
}
