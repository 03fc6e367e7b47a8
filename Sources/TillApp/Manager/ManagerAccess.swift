import Foundation
import TillManager

/// Who is logged in and which manager approved the current manager-screen visit; shared by the login service
/// (which sets it after a PIN check) and the manager service (which asks it for approvals).
public final class ManagerAccess: @unchecked Sendable {
    private let lock = NSLock()
    private var _session: LoginSession?
    private var _visit: LoginSession?

    public init() {}

    /// The logged-in user's session.
    public var session: LoginSession? {
        get { lock.withLock { _session } }
        set { lock.withLock { _session = newValue } }
    }

    /// The manager session of the open manager-screen visit (the manager's own, or opened by an override PIN).
    public var visit: LoginSession? {
        get { lock.withLock { _visit } }
        set { lock.withLock { _visit = newValue } }
    }
}
