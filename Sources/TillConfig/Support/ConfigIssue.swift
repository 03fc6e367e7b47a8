import TillCore

/// One problem found in a file people edit: where it is, which field, and what was expected.
public struct ConfigIssue: Hashable, Sendable, CustomStringConvertible {
    /// The file as the user named it (a path, or "<embedded sample>").
    public let file: String
    /// 1-based line, when the problem can be tied to one.
    public let line: Int?
    /// The field or key path ("product[3].price", "coin[0].backend.url"), when there is one.
    public let field: String?
    /// What is wrong and what was expected, for people.
    public let problem: String

    public init(file: String, line: Int?, field: String?, problem: String) {
        self.file = file
        self.line = line
        self.field = field
        self.problem = problem
    }

    /// "catalog.toml:12: product[3].price: "12.345" has more than 2 decimal places". One line: whatever the file
    /// held (a CSV header, a product name) is shown with its control characters escaped.
    public var message: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": "
        if let field { text += "\(field): " }
        return UntrustedText.escaped(text + problem)
    }

    public var description: String { message }
}

/// A file that could not be loaded; every problem found is listed and nothing was half-loaded.
public struct ConfigFileError: Error, UserFacingError, Sendable, CustomStringConvertible {
    public let issues: [ConfigIssue]

    public init(_ issues: [ConfigIssue]) { self.issues = issues }

    /// All problems, one per line.
    public var message: String { issues.map(\.message).joined(separator: "\n") }

    public var description: String { message }
}
