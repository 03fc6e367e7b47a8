import Foundation

/// Runs async work one piece after another, in the order it was handed in: a feed's rescan must read the chain only
/// after the watches asked for before it are in place, which separate detached tasks do not promise.
final class SerialTasks: @unchecked Sendable {
    private let lock = NSLock()
    private var tail: Task<Void, Never>?

    /// Starts `work` once everything enqueued before it has finished.
    func enqueue(_ work: @escaping @Sendable () async -> Void) {
        lock.withLock {
            let previous = tail
            tail = Task.detached {
                await previous?.value
                await work()
            }
        }
    }
}
