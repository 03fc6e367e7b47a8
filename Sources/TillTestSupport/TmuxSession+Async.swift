import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The waits for async tests: they sleep by awaiting, so a test waiting on a screen gives its cooperative thread back
/// (a 2-core machine has two; blocked ones starved other tests' in-process work until they hit their deadlines).
/// In an async context Swift picks these over the blocking ones.
extension TmuxSession {
    /// Polls the screen every 50 ms until `condition` holds on a settled screen; returns that screen.
    @discardableResult
    public func waitUntil(timeout: Duration = .seconds(30), _ what: String = "condition",
                          _ condition: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        var screen = ""
        repeat {
            screen = try capture()
            if condition(screen) {
                // Only a screen that is the same 50 ms later counts (a capture can land mid-draw).
                try await Task.sleep(for: .milliseconds(50))
                if try capture() == screen { return screen }
                continue
            }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        // A test woken late (the machine busy) looks once more before it says the screen never came.
        screen = try capture()
        if condition(screen) { return screen }
        throw Failure(description: "tmux: timed out after \(timeout) waiting for \(what); screen was:\n\(screen)")
    }

    /// Waits until the screen contains `text`; returns that screen.
    @discardableResult
    public func waitFor(_ text: String, timeout: Duration = .seconds(30)) async throws -> String {
        try await waitUntil(timeout: timeout, "\"\(text)\"") { $0.contains(text) }
    }

    /// Waits for the program to end and returns its exit status.
    public func waitForExit(timeout: Duration = .seconds(10)) async throws -> Int32 {
        let deadline = ContinuousClock.now + timeout
        repeat {
            if let status = exitStatus() { return status }
            try await Task.sleep(for: .milliseconds(50))
        } while ContinuousClock.now < deadline
        if let status = exitStatus() { return status }
        throw Failure(description: "tmux: the program did not exit within \(timeout); screen was:\n\(try capture())")
    }
}
