import Foundation
import TillUI

/// Events produced by background work (quotes, chain watchers, rates), collected for the main loop.
public final class Inbox: @unchecked Sendable {
    private let lock = NSLock()
    private var events: [TillEvent] = []

    public init() {}

    /// Adds an event from any thread.
    public func post(_ event: TillEvent) {
        lock.lock()
        events.append(event)
        lock.unlock()
    }

    /// Takes everything posted so far, oldest first.
    public func drain() -> [TillEvent] {
        lock.lock()
        defer { lock.unlock() }
        let taken = events
        events.removeAll()
        return taken
    }
}
