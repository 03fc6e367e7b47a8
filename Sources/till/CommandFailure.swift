import ArgumentParser
import Foundation

/// A command that ran and failed (as opposed to one called wrongly, which is a `ValidationError`): printed as
/// `till: <message>` without the usage text; the process exits with `code`.
struct CommandFailure: Error, CustomStringConvertible {
    let message: String
    let code: ExitCode

    init(_ message: String, code: ExitCode = .failure) {
        self.message = message
        self.code = code
    }

    /// The configuration or the database could not be loaded or opened.
    static func cannotLoad(_ message: String) -> CommandFailure { CommandFailure(message, code: .cannotLoad) }

    var description: String { message }
}

extension ExitCode {
    /// till.toml (or the catalog or theme it names) or the database could not be loaded; the till's launcher uses 2 too.
    static let cannotLoad = ExitCode(2)
}

/// The exit codes, as `till --help` and the README list them.
enum ExitCodes {
    static let table = """
        Exit codes:
          0   success (also --help and --version)
          1   the command ran and failed: wrong or locked PIN, a backend that
              cannot be reached, audit log broken, a file that could not be
              read or written
          2   till.toml, the catalog or theme it names, or the database could
              not be loaded or opened (also when config check finds errors,
              or another till holds the data directory)
          64  usage error: unknown command or option, a bad or missing value
              (printed with the usage)
        """
}
