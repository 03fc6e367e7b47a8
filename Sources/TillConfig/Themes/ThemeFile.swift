import Foundation
import TillCore

/// Reads theme TOML (`name`, then `[roles]` with `fg`/`bg` per colour role) and picks the theme to use.
public enum ThemeFile {
    /// Roles every theme must define; the others fall back to `text`.
    public static let requiredRoles: [ColorRole] = [.background, .text, .accent, .warning, .success, .error, .selection, .progressBar]
    /// Themes shipped with Till, by name; `dark` is the default.
    public static let builtInNames = ["dark", "light", "high-contrast"]
    public static let defaultName = "dark"

    /// Loads a theme file; every problem is reported.
    public static func load(path: String) throws(ConfigFileError) -> Theme {
        try parse(text: try CatalogFile.readText(path), file: path)
    }

    /// A shipped theme by name (nil when there is no such theme).
    public static func builtIn(_ name: String) -> Theme? {
        guard builtInNames.contains(name), let text = EmbeddedResources.text("themes/\(name).toml") else { return nil }
        return try? parse(text: text, file: "<built-in theme \(name)>")
    }

    /// `reference` is a built-in name or a path to a theme file; `NO_COLOR` (any non-empty value) wins over both.
    public static func resolve(_ reference: String?, environment: [String: String]) throws(ConfigFileError) -> Theme {
        if let noColor = environment["NO_COLOR"], !noColor.isEmpty { return .noColor }
        let name = reference ?? defaultName
        if let theme = builtIn(name) { return theme }
        guard name.contains("/") || name.hasSuffix(".toml") else {
            throw ConfigFileError([ConfigIssue(file: "theme", line: nil, field: nil,
                problem: "\"\(name)\" is neither a built-in theme (\(builtInNames.joined(separator: ", "))) nor a path to a .toml file")])
        }
        return try load(path: name)
    }

    /// Parses theme text; `file` names it in error messages.
    public static func parse(text: String, file: String) throws(ConfigFileError) -> Theme {
        let document = try TOMLDocument(text: text, file: file)
        let sink = IssueSink(file: file, lines: document.lines)
        let root = TableReader(path: "", entries: document.root, sink: sink)
        root.rejectUnknownKeys(["name", "roles"])
        let name = root.nonEmptyString("name", required: true)
        var colors: [ColorRole: ColorPair] = [:]
        if let roles = root.table("roles") {
            let known = ColorRole.allCases.map(\.rawValue)
            roles.rejectUnknownKeys(known)
            for role in ColorRole.allCases {
                guard let entry = roles.table(role.rawValue) else { continue }
                entry.rejectUnknownKeys(["fg", "bg"])
                let foreground = color(entry, "fg"), background = color(entry, "bg")
                if let foreground, let background { colors[role] = ColorPair(foreground: foreground, background: background) }
            }
            let missing = requiredRoles.filter { !roles.has($0.rawValue) }
            if !missing.isEmpty {
                root.report("roles", "missing required roles: \(missing.map(\.rawValue).joined(separator: ", "))")
            }
        } else if !root.has("roles") {
            root.report(nil, "no [roles] table; required roles: \(requiredRoles.map(\.rawValue).joined(separator: ", "))")
        }
        guard sink.issues.isEmpty, let name else { throw ConfigFileError(sink.sorted) }
        return Theme(name: name, colors: colors)
    }

    /// A colour: a name, `bright-<name>`, an index 0–255 (integer or string), or "default".
    static func parseColor(_ text: String) -> TerminalColor? {
        let lowered = text.lowercased()
        if lowered == "default" { return .terminalDefault }
        if let index = UInt8(lowered) { return .indexed(index) }
        if lowered.hasPrefix("bright-"), let base = StandardColor(rawValue: String(lowered.dropFirst(7))) {
            return .standard(base, bright: true)
        }
        return StandardColor(rawValue: lowered).map { .standard($0, bright: false) }
    }

    private static func color(_ entry: TableReader, _ key: String) -> TerminalColor? {
        let expected = "expected a colour name (\(StandardColor.allCases.map(\.rawValue).joined(separator: ", ")), bright-<name>, an index 0–255, or \"default\""
        switch entry.entries[key] {
        case nil:
            entry.report(key, "missing; \(expected)"); return nil
        case .integer(let index)?:
            guard let value = UInt8(exactly: index) else { entry.report(key, "\(index) is not a colour index 0–255"); return nil }
            return .indexed(value)
        case .string(let text)?:
            guard let color = parseColor(text) else { entry.report(key, "unknown colour \"\(text)\"; \(expected)"); return nil }
            return color
        case let other?:
            entry.report(key, "\(expected); found \(other.kindName)"); return nil
        }
    }
}
