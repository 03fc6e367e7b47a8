/// Who is using the till, as the screens need to know it (the PIN check lives in the app's login service).
public struct SignedInUser: Hashable, Sendable {
    public var name: String
    public var isManager: Bool

    public init(name: String, isManager: Bool) {
        self.name = name
        self.isManager = isManager
    }
}
