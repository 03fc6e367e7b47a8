import Foundation
import TillManager
import TillStore
import TillTestSupport

/// Gets a live till in tmux past its PIN screen the way a cashier would: a user in the till's database, the PIN
/// typed on the screen.
public enum TillLogin {
    public static let pin = "2468"

    /// Adds `name` to the database at `databasePath` unless it exists; the first user is always a manager.
    /// Few PBKDF2 iterations keep tests fast (the count is stored per user, so the till checks with it).
    public static func ensureUser(_ name: String, databasePath: String) throws {
        try FileManager.default.createDirectory(atPath: (databasePath as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try ensureUser(name, store: try TillDatabase(path: databasePath))
    }

    /// Adds `name` to `store` (any engine: a lane's PostgreSQL ledger too) unless it exists.
    public static func ensureUser(_ name: String, store: any AccountStore) throws {
        guard try store.user(named: name) == nil else { return }
        try Accounts(store: store, iterations: 1_000).addUser(name: name, role: .manager, pin: pin, approval: nil, at: Date())
    }

    /// Waits for the PIN screen with `name` selected, types the PIN and waits until the PIN screen is gone.
    public static func logIn(_ session: TmuxSession, as name: String, pin: String = pin) async throws {
        _ = try await session.waitFor("PIN for \(name):", timeout: .seconds(60))
        try session.send(text: pin)
        try session.send(keys: "Enter")
        try await session.waitUntil(timeout: .seconds(30), "the PIN screen to close") { !$0.contains("PIN for \(name):") }
    }
}
