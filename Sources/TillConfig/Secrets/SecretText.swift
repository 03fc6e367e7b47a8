/// A credential (RPC password, webhook secret): usable by code, never shown in text, logs or dumps.
public struct SecretText: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The secret itself; pass it only to the peer that needs it.
    public let revealed: String

    public init(_ value: String) { revealed = value }

    public var description: String { "(hidden)" }
    public var debugDescription: String { "(hidden)" }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
