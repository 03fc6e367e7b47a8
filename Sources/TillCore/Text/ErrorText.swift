import Foundation

/// An error with a sentence for people (the screen, the log, the command line).
public protocol UserFacingError: Error {
    /// What went wrong and, where it helps, what to do.
    var message: String { get }
}

/// The one "error → text" for every layer: a `UserFacingError`'s message, else Foundation's description of its own
/// errors (a file that cannot be read), else the error's description.
public enum ErrorText {
    /// The text to show for `error`.
    public static func message(_ error: any Error) -> String {
        if let error = error as? any UserFacingError { return error.message }
        if let described = (error as? LocalizedError)?.errorDescription { return described }
        if type(of: error) is NSError.Type { return error.localizedDescription }
        return String(describing: error)
    }
}
