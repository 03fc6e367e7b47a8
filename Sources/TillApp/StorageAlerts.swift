import Foundation
import TillStore
import TillUI

extension StorageAlert {
    /// The screen's alert for a classified database failure.
    init(_ failure: StorageFailure) {
        self.init(label: failure.label, message: "nothing new can be saved: \(failure)")
    }
}

/// Tells the screen when a database writer starts failing and when it works again, once per change (a watcher
/// saves every tick; the inbox must not fill with "still fine").
final class StorageWatch: @unchecked Sendable {
    private let lock = NSLock()
    private var failing = false
    private let inbox: Inbox

    init(inbox: Inbox) { self.inbox = inbox }

    /// Runs `write`; on failure posts the named alert (and rethrows it classified), after a failure posts the all-clear.
    func guarding<T>(_ write: () throws -> T) throws -> T {
        do {
            let result = try write()
            if lock.withLock({ defer { failing = false }; return failing }) { inbox.post(.storage(nil)) }
            return result
        } catch {
            let failure = StorageFailure(error)
            lock.withLock { failing = true }
            inbox.post(.storage(StorageAlert(failure)))
            throw failure
        }
    }
}
