import Foundation

/// Finds `till.toml` and the default directories, following the XDG base-directory rules.
public enum ConfigLocator {
    /// How the config path was chosen, in order of precedence.
    public enum Choice: Sendable, Hashable {
        /// `--config PATH`: must exist.
        case commandLine(String)
        /// `TILL_CONFIG=PATH`: must exist.
        case environment(String)
        /// `$XDG_CONFIG_HOME/till/till.toml` (default ~/.config/till/till.toml): may be absent.
        case defaultLocation(String)

        public var path: String {
            switch self {
            case .commandLine(let path), .environment(let path), .defaultLocation(let path): return path
            }
        }

        var reason: String {
            switch self {
            case .commandLine: return "--config"
            case .environment: return "TILL_CONFIG"
            case .defaultLocation: return "default location"
            }
        }
    }

    /// `--config`, else `TILL_CONFIG`, else the XDG default.
    public static func choose(commandLine: String?, environment: [String: String]) -> Choice {
        if let path = commandLine, !path.isEmpty { return .commandLine(expandHome(path, environment)) }
        if let path = environment["TILL_CONFIG"], !path.isEmpty { return .environment(expandHome(path, environment)) }
        return .defaultLocation(xdgDirectory("XDG_CONFIG_HOME", fallback: ".config", environment) + "/till/till.toml")
    }

    /// `$XDG_DATA_HOME/till`, default ~/.local/share/till.
    public static func defaultDataDirectory(environment: [String: String]) -> String {
        xdgDirectory("XDG_DATA_HOME", fallback: ".local/share", environment) + "/till"
    }

    static func home(_ environment: [String: String]) -> String {
        environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
    }

    /// An XDG variable if set to an absolute path (the spec says relative ones are ignored), else ~/fallback.
    static func xdgDirectory(_ variable: String, fallback: String, _ environment: [String: String]) -> String {
        if let value = environment[variable], value.hasPrefix("/") { return trimSlash(value) }
        return trimSlash(home(environment)) + "/" + fallback
    }

    static func expandHome(_ path: String, _ environment: [String: String]) -> String {
        if path == "~" { return home(environment) }
        if path.hasPrefix("~/") { return trimSlash(home(environment)) + String(path.dropFirst(1)) }
        return path
    }

    /// `path` with ~ expanded and, when relative, taken from `base` (the config file's directory).
    static func absolute(_ path: String, relativeTo base: String, _ environment: [String: String]) -> String {
        let expanded = expandHome(path, environment)
        return expanded.hasPrefix("/") ? expanded : trimSlash(base) + "/" + expanded
    }

    private static func trimSlash(_ path: String) -> String {
        path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
    }
}
