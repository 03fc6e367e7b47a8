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
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(arguments.dropFirst())
        process.environment = environment
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        do { try process.run() } catch {
            return CommandOutcome(termination: .couldNotStart(error.localizedDescription), stdout: "", stderr: "")
        }
        let readers = DispatchGroup()
        let out = BoundedCapture(), err = BoundedCapture()
        out.start(stdout.fileHandleForReading, group: readers)
        err.start(stderr.fileHandleForReading, group: readers)
        Thread.detachNewThread {
            try? stdin.fileHandleForWriting.write(contentsOf: input)
            try? stdin.fileHandleForWriting.close()
        }
        var timedOut = false
        if exited.wait(timeout: .now() + .seconds(timeoutSeconds)) == .timedOut {
            timedOut = true
            process.terminate()
            if exited.wait(timeout: .now() + .seconds(2)) == .timedOut {
                kill(process.processIdentifier, SIGKILL)
                exited.wait()
            }
        }
        // A grandchild may keep the pipes open; do not wait for it beyond a few seconds (one second lost the
        // output of programs that had exited when the machine was busy).
        _ = readers.wait(timeout: .now() + .seconds(5))
        let termination: CommandOutcome.Termination
        if timedOut {
            termination = .timedOut(seconds: timeoutSeconds)
        } else if process.terminationReason == .uncaughtSignal {
            termination = .signalled(process.terminationStatus)
        } else {
            termination = .exited(process.terminationStatus)
        }
        return CommandOutcome(termination: termination, stdout: out.text, stderr: err.text)
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
