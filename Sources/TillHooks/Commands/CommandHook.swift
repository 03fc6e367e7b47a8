/// A configured command hook (the lead maps `HookSettings` of kind command onto this).
public struct CommandHook: Sendable, Hashable {
    public var name: String
    /// The program and its arguments, run without a shell.
    public var arguments: [String]
    public var events: Set<HookEventType>
    /// The program is killed after this many seconds.
    public var timeoutSeconds: Int
    /// Names of the till's environment variables this hook also gets (besides `HookEnvironment.inherited`).
    public var environment: [String]

    public init(name: String, arguments: [String], events: Set<HookEventType> = Set(HookEventType.allCases), timeoutSeconds: Int = 10,
                environment: [String] = []) {
        self.name = name
        self.arguments = arguments
        self.events = events
        self.timeoutSeconds = timeoutSeconds
        self.environment = environment
    }

    /// Runs the hook for `event` (its JSON on stdin) if subscribed; nil when not.
    public func run(_ event: HookEvent) async -> CommandOutcome? {
        guard events.contains(event.type) else { return nil }
        return await CommandRunner.run(arguments, input: event.body, timeoutSeconds: timeoutSeconds, passing: environment)
    }
}

/// How a command hook ended. Failures are values for the log and the screen, never crashes.
public struct CommandOutcome: Sendable, Hashable {
    public enum Termination: Sendable, Hashable {
        case exited(Int32)
        /// Still running at the timeout, so it was killed.
        case timedOut(seconds: Int)
        /// Ended by a signal it did not catch.
        case signalled(Int32)
        /// The program does not exist or is not executable.
        case notFound(String)
        case couldNotStart(String)
    }

    public let termination: Termination
    /// The first 64 KiB of standard output and error.
    public let stdout: String
    public let stderr: String

    /// True for exit status 0.
    public var succeeded: Bool { termination == .exited(0) }

    /// One line for the log and the screen.
    public var message: String {
        let detail = stderr.split(whereSeparator: \.isNewline).last.map { ": " + $0.prefix(200) } ?? ""
        switch termination {
        case .exited(0): return "ran successfully"
        case .exited(let code): return "exited with status \(code)" + detail
        case .timedOut(let seconds): return "killed after the \(seconds) s timeout" + detail
        case .signalled(let signal): return "ended by signal \(signal)" + detail
        case .notFound(let program): return "\(program) not found or not executable; check `command` in till.toml"
        case .couldNotStart(let why): return "could not start: \(why)"
        }
    }
}
