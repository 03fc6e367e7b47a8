import Foundation
import TillManager
import TillStore

/// Training's scratch database, created afresh with its manager "training" logged in, made on another thread:
/// it does not depend on the catalog, so its file work (creating the schema, several `fsync`s) overlaps the
/// catalog's loading instead of following it. `ready()` waits for it and rethrows what failed there.
final class TrainingScratch: @unchecked Sendable {
    /// The store and the training manager's session.
    struct Ready {
        let store: TillDatabase
        let manager: LoginSession
    }

    /// PIN hashing rounds on the scratch file: a PIN nobody types needs no more.
    static let iterations = 1_000

    /// The directory holding the database (training's exports and Z reports go to `training/` inside it).
    let directory: URL
    private let condition = NSCondition()
    private var outcome: Result<Ready, any Error>?

    /// Starts deleting and recreating the database at `url` on a new thread.
    init(at url: URL, now: Date) {
        directory = url.deletingLastPathComponent()
        Thread.detachNewThread { [self] in
            let made = Result { try Self.make(at: url, now: now) }
            condition.lock()
            outcome = made
            condition.broadcast()
            condition.unlock()
        }
    }

    /// The store and session once made; throws what making them threw.
    func ready() throws -> Ready {
        condition.lock()
        defer { condition.unlock() }
        while outcome == nil { condition.wait() }
        return try outcome!.get()
    }

    private static func make(at url: URL, now: Date) throws -> Ready {
        let store = try AccountsAttachment.freshTrainingStore(at: url)
        return Ready(store: store, manager: try AccountsAttachment.logInTrainingManager(Accounts(store: store, iterations: iterations), at: now))
    }
}
