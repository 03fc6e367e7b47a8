import Foundation
import TillHooks
#if canImport(Glibc)
import Glibc
#endif

extension Spawn {
    /// Starts a long-running child (a server, a node, a soak) through posix_spawn, optionally with pipes to its stdin
    /// and from its stdout; stderr goes to /dev/null. Foundation's `Process` is not used (DECISIONS 11).
    public static func piped(_ executable: String, _ arguments: [String], environment: [String: String]? = nil,
                             stdinPipe: Bool = false, stdoutPipe: Bool = false) throws -> SpawnedChild {
        // O_CLOEXEC on both ends: only the child's dup2 copies survive, so no other child (or daemon) keeps a pipe
        // open, and a server that watches its stdin sees EOF when we close ours.
        func makePipe() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0, fcntl(fds[0], F_SETFD, FD_CLOEXEC) == 0, fcntl(fds[1], F_SETFD, FD_CLOEXEC) == 0 else {
                throw SpawnError(description: "cannot make a pipe for \(executable): \(String(cString: strerror(errno)))")
            }
            return (fds[0], fds[1])
        }
        let input = stdinPipe ? try makePipe() : nil
        let output = stdoutPipe ? try makePipe() : nil
        let null = open("/dev/null", O_RDWR | O_CLOEXEC)
        defer { [null, input?.read ?? -1, output?.write ?? -1].filter { $0 >= 0 }.forEach { close($0) } }
        let merged = environment.map { ProcessInfo.processInfo.environment.merging($0) { $1 } } ?? ProcessInfo.processInfo.environment
        switch ChildProcess.spawn(executable, arguments, environment: merged, stdin: input?.read ?? null,
                                  stdout: output?.write ?? null, stderr: null) {
        case .success(let pid):
            return SpawnedChild(pid: pid, input: input.map { FileHandle(fileDescriptor: $0.write, closeOnDealloc: true) },
                                output: output.map { $0.read })
        case .failure(let why):
            [input?.write ?? -1, output?.read ?? -1].filter { $0 >= 0 }.forEach { close($0) }
            throw SpawnError(description: "cannot start \(executable): \(why)")
        }
    }
}

/// A running child from `Spawn.piped`: its pid, its pipes, and a bounded wait. Reaps itself; `deinit` kills it.
public final class SpawnedChild: @unchecked Sendable {
    public let pid: pid_t
    /// The write end of the child's stdin, when piped.
    public let input: FileHandle?
    private let output: Int32?
    private var buffer: [UInt8] = []
    private var ended: ExitOutcome?
    private let lock = NSLock()
    private let readLock = NSLock()

    init(pid: pid_t, input: FileHandle?, output: Int32?) {
        self.pid = pid
        self.input = input
        self.output = output
    }

    /// The next line of the child's stdout without its newline; nil at end of file (or when stdout is not piped), or
    /// when no complete line came within `milliseconds` (a partial line stays buffered for the next call).
    public func readLine(waitingUpTo milliseconds: Int32? = nil) -> String? {
        guard let output else { return nil }
        readLock.lock()
        defer { readLock.unlock() }
        var chunk = [UInt8](repeating: 0, count: 4_096)
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            if let milliseconds {
                var ready = pollfd(fd: output, events: Int16(POLLIN), revents: 0)
                let polled = Glibc.poll(&ready, 1, milliseconds)
                if polled < 0, errno == EINTR { continue }
                guard polled > 0 else { return nil }
            }
            let count = read(output, &chunk, chunk.count)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else {
                guard !buffer.isEmpty else { return nil }
                defer { buffer.removeAll() }
                return String(decoding: buffer, as: UTF8.self)
            }
            buffer.append(contentsOf: chunk[..<count])
        }
    }

    /// True until the child has ended (reaping it if it has).
    public var isRunning: Bool { poll() == .stillRunning }

    /// How the child ended, or `.stillRunning`.
    public func poll() -> ExitOutcome {
        lock.lock()
        defer { lock.unlock() }
        if let ended { return ended }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return .stillRunning }
        // Low 7 bits: the signal that ended it (WIFSIGNALED/WTERMSIG are macros Swift cannot import).
        let outcome: ExitOutcome = status & 0x7F != 0 ? .signalled(status & 0x7F) : .exited((status >> 8) & 0xFF)
        ended = outcome
        return outcome
    }

    /// Sends `signal` unless the child was already reaped (its pid may belong to someone else by then).
    public func signal(_ signal: Int32) {
        lock.lock()
        defer { lock.unlock() }
        if ended == nil { kill(pid, signal) }
    }

    /// Waits for the child to end, polling, never longer than `timeout`.
    @discardableResult
    public func awaitExit(timeout: Duration = .seconds(10)) -> ExitOutcome {
        let deadline = ContinuousClock.now + timeout
        while true {
            let outcome = poll()
            if outcome != .stillRunning || ContinuousClock.now >= deadline { return outcome }
            usleep(20_000)
        }
    }

    /// Closes its stdin, kills it with SIGKILL (children of the test runner may inherit a blocked SIGTERM) and reaps it.
    public func stop(timeout: Duration = .seconds(5)) {
        try? input?.close()
        signal(SIGKILL)
        awaitExit(timeout: timeout)
    }

    deinit {
        if poll() == .stillRunning { stop() }
        if let output { close(output) }
    }
}
