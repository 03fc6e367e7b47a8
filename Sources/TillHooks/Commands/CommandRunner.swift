import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program with bytes on stdin and a deadline, off the cooperative thread pool.
public enum CommandRunner {
    static let outputLimit = 64 * 1024

    /// Runs `arguments[0]` (a path, or a name looked up on PATH) with `arguments[1...]`, in the minimal
    /// environment `HookEnvironment.build` makes: the till's secrets never reach the program.
    public static func run(_ arguments: [String], input: Data, timeoutSeconds: Int, passing environment: [String] = [],
                           parentEnvironment: [String: String] = ProcessInfo.processInfo.environment) async -> CommandOutcome {
        let childEnvironment = HookEnvironment.build(from: parentEnvironment, passing: environment)
        return await withCheckedContinuation { continuation in
            // Own threads, not Dispatch's pool: blocked pool threads starved the exit notice on a busy machine,
            // so a hook that had exited was reported as timed out.
            Thread.detachNewThread {
                continuation.resume(returning: runBlocking(arguments, input: input, timeoutSeconds: max(1, timeoutSeconds),
                                                           environment: childEnvironment))
            }
        }
    }

    /// The executable `program` names: itself when it has a slash, else the first match on PATH.
    public static func resolve(_ program: String, path: String? = ProcessInfo.processInfo.environment["PATH"]) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        for directory in (path ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":") {
            let candidate = "\(directory)/\(program)"
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: candidate, isDirectory: &isDirectory), !isDirectory.boolValue,
               FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    private static func runBlocking(_ arguments: [String], input: Data, timeoutSeconds: Int,
                                    environment: [String: String]) -> CommandOutcome {
        guard let program = arguments.first, !program.isEmpty else {
            return CommandOutcome(termination: .couldNotStart("no program given"), stdout: "", stderr: "")
        }
        guard let executable = resolve(program) else {
            return CommandOutcome(termination: .notFound(program), stdout: "", stderr: "")
        }
        // A program that exits without reading stdin must make our write fail, not kill the till.
        signal(SIGPIPE, SIG_IGN)
        // posix_spawn and waitpid, not Foundation's `Process`: its exit notice was seen to arrive late (or not at all)
        // on a busy machine, so a hook that had exited was reported as killed at its timeout.
        var input0: Int32 = -1, input1: Int32 = -1, output0: Int32 = -1, output1: Int32 = -1, error0: Int32 = -1, error1: Int32 = -1
        guard makePipe(&input0, &input1), makePipe(&output0, &output1), makePipe(&error0, &error1) else {
            for fd in [input0, input1, output0, output1, error0, error1] where fd >= 0 { close(fd) }
            return CommandOutcome(termination: .couldNotStart("no pipes: \(String(cString: strerror(errno)))"), stdout: "", stderr: "")
        }
        let spawned = ChildProcess.spawn(executable, Array(arguments.dropFirst()), environment: environment,
                            stdin: input0, stdout: output1, stderr: error1)
        // The child has its own copies; ours of its ends must close, or our reads would never see the end.
        for fd in [input0, output1, error1] { close(fd) }
        guard case .success(let pid) = spawned else {
            for fd in [input1, output0, error0] { close(fd) }
            if case .failure(let why) = spawned { return CommandOutcome(termination: .couldNotStart(why.description), stdout: "", stderr: "") }
            return CommandOutcome(termination: .couldNotStart("unknown"), stdout: "", stderr: "")
        }
        let readers = DispatchGroup()
        let out = BoundedCapture(), err = BoundedCapture()
        out.start(FileHandle(fileDescriptor: output0, closeOnDealloc: true), group: readers)
        err.start(FileHandle(fileDescriptor: error0, closeOnDealloc: true), group: readers)
        let stdin = FileHandle(fileDescriptor: input1, closeOnDealloc: true)
        Thread.detachNewThread {
            try? stdin.write(contentsOf: input)
            try? stdin.close()
        }
        var status: Int32 = 0
        var timedOut = false
        if !waitForExit(pid, &status, until: Date().addingTimeInterval(TimeInterval(timeoutSeconds))) {
            timedOut = true
            kill(pid, SIGTERM)
            if !waitForExit(pid, &status, until: Date().addingTimeInterval(2)) {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) == -1, errno == EINTR {}
            }
        }
        // A grandchild may keep the pipes open; do not wait for it beyond a few seconds.
        _ = readers.wait(timeout: .now() + .seconds(5))
        let termination: CommandOutcome.Termination
        // WIFSIGNALED / WTERMSIG / WEXITSTATUS are macros Swift cannot import: the low 7 bits are the signal, if any.
        if timedOut {
            termination = .timedOut(seconds: timeoutSeconds)
        } else if status & 0x7F != 0 {
            termination = .signalled(status & 0x7F)
        } else {
            termination = .exited((status >> 8) & 0xFF)
        }
        return CommandOutcome(termination: termination, stdout: out.text, stderr: err.text)
    }

    /// A pipe whose two ends close on exec (the child gets only the copies `spawn` puts on 0, 1 and 2).
    private static func makePipe(_ read: inout Int32, _ write: inout Int32) -> Bool {
        var ends: [Int32] = [-1, -1]
        guard pipe(&ends) == 0 else { return false }
        for fd in ends { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        (read, write) = (ends[0], ends[1])
        return true
    }

    /// Reaps `pid` if it ends before `deadline` (checked every 10 ms); false if it is still running then.
    private static func waitForExit(_ pid: pid_t, _ status: inout Int32, until deadline: Date) -> Bool {
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid { return true }
            if reaped == -1, errno != EINTR { return true }
            if Date() >= deadline { return false }
            usleep(10_000)
        }
    }
}

/// Reads a pipe to its end on its own thread, keeping the first `CommandRunner.outputLimit` bytes.
private final class BoundedCapture: @unchecked Sendable {
    private var data = Data()
    private let lock = NSLock()

    func start(_ handle: FileHandle, group: DispatchGroup) {
        group.enter()
        Thread.detachNewThread {
            while true {
                let chunk = handle.availableData
                if chunk.isEmpty { break }
                self.lock.lock()
                if self.data.count < CommandRunner.outputLimit {
                    self.data.append(chunk.prefix(CommandRunner.outputLimit - self.data.count))
                }
                self.lock.unlock()
            }
            group.leave()
        }
    }

    var text: String {
        lock.lock()
        defer { lock.unlock() }
        return String(decoding: data, as: UTF8.self)
    }
}
