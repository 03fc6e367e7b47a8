/// The environment a command hook starts with. The till's own environment holds `TILL_<COIN>_RPC_PASSWORD`
/// and `TILL_HOOK_<NAME>_SECRET` (where the README tells people to keep secrets), so a hook never inherits it:
/// it gets PATH, HOME, LANG and TZ, plus only the variables its `[[hook]]` table names in `environment`.
public enum HookEnvironment {
    /// Variables every hook gets from the till's environment (when set there).
    public static let inherited = ["PATH", "HOME", "LANG", "TZ"]
    /// PATH when the till itself has none, so programs named without a slash still run.
    public static let defaultPath = "/usr/local/bin:/usr/bin:/bin"

    /// The hook's environment: `inherited` and `passing` copied from `parent`; nothing else.
    public static func build(from parent: [String: String], passing names: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for name in inherited + names { if let value = parent[name] { result[name] = value } }
        if result["PATH"] == nil { result["PATH"] = defaultPath }
        return result
    }

    /// Why `name` may not be passed to a hook, or nil. The till's own `TILL_` variables are its secrets.
    public static func refusal(_ name: String) -> String? {
        if name.isEmpty || name.contains("=") || name.contains(where: { $0.isWhitespace }) {
            return "\"\(name)\" is not an environment variable name"
        }
        if name.uppercased().hasPrefix("TILL_") {
            return "\(name): the till's own TILL_ variables hold RPC passwords and webhook secrets and are never given to hooks"
        }
        return nil
    }
}
