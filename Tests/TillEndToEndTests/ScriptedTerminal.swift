import Foundation
import TillApp
import TillUI

/// A terminal for in-process runs: it waits until the drawn screen shows some text, then types a key.
final class ScriptedTerminal: TerminalPort {
    struct Step {
        let waitFor: String
        let key: Key?
        /// Done (off the runner's thread, which waits) when `waitFor` shows, instead of typing a key.
        var action: (@Sendable () async throws -> Void)? = nil
    }

    let size: TextSize
    private var steps: [Step]
    private(set) var lastScreen = ""
    private(set) var failure: String?
    private var waitingSince = Date()
    private let timeout: TimeInterval

    init(size: TextSize = TextSize(columns: 120, rows: 40), steps: [Step], timeout: TimeInterval = 90) {
        self.size = size
        self.steps = steps
        self.timeout = timeout
    }

    func draw(_ canvas: Canvas) { lastScreen = canvas.text }
    func invalidate() {}

    func readKey(timeoutMilliseconds: Int?) -> Key? {
        // With the script done (or abandoned), hang up: the runner quits whatever is pending.
        guard let step = steps.first else { return .hangup }
        if lastScreen.contains(step.waitFor) {
            steps.removeFirst()
            waitingSince = Date()
            if let action = step.action, let problem = Self.perform(action) {
                failure = "action after \"\(step.waitFor)\" failed: \(problem)"
                steps.removeAll()
                return .hangup
            }
            return step.key
        }
        if Date().timeIntervalSince(waitingSince) > timeout {
            failure = "timed out waiting for \"\(step.waitFor)\"; the screen was:\n\(lastScreen)"
            steps.removeAll()
            return .hangup
        }
        Thread.sleep(forTimeInterval: 0.02)
        return nil
    }
}

extension ScriptedTerminal {
    /// Runs an async action to completion from the runner's own thread; returns the error text, if any.
    static func perform(_ action: @escaping @Sendable () async throws -> Void) -> String? {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var problem: String?
        Task.detached {
            do { try await action() } catch { problem = String(describing: error) }
            done.signal()
        }
        done.wait()
        return problem
    }
}

extension ScriptedTerminal.Step {
    static func on(_ text: String, do action: @escaping @Sendable () async throws -> Void) -> Self {
        Self(waitFor: text, key: nil, action: action)
    }
    static func on(_ text: String, _ key: Key) -> Self { Self(waitFor: text, key: key) }
    static func on(_ text: String, type character: Character) -> Self { Self(waitFor: text, key: .character(character)) }
}

/// Runs the runner's blocking loop on its own thread, as `till` runs it on the main thread, so background
/// tasks (quotes) keep the cooperative pool to themselves while the test awaits.
func runOnOwnThread(_ runner: TillRunner, _ terminal: ScriptedTerminal) async -> Int32 {
    nonisolated(unsafe) let runner = runner
    nonisolated(unsafe) let terminal = terminal
    return await withCheckedContinuation { continuation in
        Thread { continuation.resume(returning: runner.run(on: terminal)) }.start()
    }
}
