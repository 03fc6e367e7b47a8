/// An error with a sentence for people (the screen, the log, the command line).
public protocol UserFacingError: Error {
    /// What went wrong and, where it helps, what to do.
    var message: String { get }
}

/// The one "error → text" for every layer: a `UserFacingError`'s message, else the error's description.
public enum ErrorText {
    /// The text to show for `error`.
    public static func message(_ error: any Error) -> String {
        (error as? any UserFacingError)?.message ?? String(describing: error)
    }
}
