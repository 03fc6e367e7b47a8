import Foundation

/// Where a shop's PostgreSQL ledger lives: parsed from `[store] url = "postgresql://user@host:port/db?sslmode=…"`.
/// The password never sits in till.toml: it comes from the environment (`TILL_PG_PASSWORD`) or a file only its
/// owner can read (`password_file`, mode 0600), so the config can be shared and printed.
public struct PostgresLocation: Hashable, Sendable {
    /// How the connection is encrypted, with libpq's names and meaning.
    public enum SSLMode: String, Hashable, Sendable, CaseIterable {
        /// Plain TCP (a server on the same machine or a trusted LAN).
        case disable
        /// TLS when the server offers it, plain otherwise (libpq's default).
        case prefer
        /// TLS or no connection; the certificate is not checked.
        case require
        /// TLS with the server's certificate checked against the system's CAs.
        case verifyCA = "verify-ca"
        /// As verify-ca, and the certificate must name the host.
        case verifyFull = "verify-full"
    }

    public let host: String
    public let port: Int
    public let user: String
    public let database: String
    public let sslMode: SSLMode
    /// Not part of `redacted`, never printed.
    public let password: String?

    public init(host: String, port: Int = 5432, user: String, database: String, sslMode: SSLMode = .prefer,
                password: String? = nil) {
        self.host = host; self.port = port; self.user = user; self.database = database
        self.sslMode = sslMode; self.password = password
    }

    /// The URL without any password, safe for logs, screens and error messages.
    public var redacted: String {
        "postgresql://\(user)@\(host.contains(":") ? "[\(host)]" : host):\(port)/\(database)?sslmode=\(sslMode.rawValue)"
    }

    /// The environment variable that may hold the password.
    public static let passwordVariable = "TILL_PG_PASSWORD"

    /// Parses `url`; the password comes from `passwordFile` (must be 0600 or stricter), else `environment`,
    /// else a password in the URL itself. Errors name the field and say what to write instead.
    public static func parse(_ url: String, passwordFile: String? = nil,
                             environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(PostgresLocationError) -> PostgresLocation {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme,
              scheme == "postgresql" || scheme == "postgres" else {
            throw .invalid(field: "url", detail: "expected postgresql://user@host:port/database, got \(printable(url))")
        }
        guard let host = parts.host, !host.isEmpty else { throw .invalid(field: "url", detail: "no host in \(printable(url))") }
        guard let user = parts.user, !user.isEmpty else {
            throw .invalid(field: "url", detail: "no user in \(printable(url)) (postgresql://USER@host/database)")
        }
        let database = String(parts.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty, !database.contains("/") else {
            throw .invalid(field: "url", detail: "no database name in \(printable(url)) (postgresql://user@host/DATABASE)")
        }
        let port = parts.port ?? 5432
        guard (1...65535).contains(port) else { throw .invalid(field: "url", detail: "port \(port) is out of range") }
        var sslMode = SSLMode.prefer
        for item in parts.queryItems ?? [] {
            switch item.name {
            case "sslmode":
                guard let mode = item.value.flatMap(SSLMode.init(rawValue:)) else {
                    throw .invalid(field: "url", detail: "sslmode must be one of "
                        + SSLMode.allCases.map(\.rawValue).joined(separator: ", ") + ", got \(printable(item.value ?? ""))")
                }
                sslMode = mode
            default:
                throw .invalid(field: "url", detail: "unknown parameter \(printable(item.name)) (only sslmode is understood)")
            }
        }
        var password = parts.password
        if let passwordFile {
            password = try readPasswordFile(passwordFile)
        } else if let fromEnvironment = environment[passwordVariable], !fromEnvironment.isEmpty {
            password = fromEnvironment
        }
        return PostgresLocation(host: host, port: port, user: user, database: database, sslMode: sslMode,
                                password: password)
    }

    /// The first line of a file that only its owner may read (like libpq's ~/.pgpass rule).
    static func readPasswordFile(_ path: String) throws(PostgresLocationError) -> String {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let permissions = (attributes[.posixPermissions] as? NSNumber)?.intValue else {
            throw .invalid(field: "password_file", detail: "cannot read \(printable(path))")
        }
        guard permissions & 0o077 == 0 else {
            throw .invalid(field: "password_file", detail: "\(printable(path)) is readable by others (mode "
                + String(permissions, radix: 8) + "); run chmod 600 on it")
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw .invalid(field: "password_file", detail: "cannot read \(printable(path)) as UTF-8 text")
        }
        let line = text.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        guard !line.isEmpty else { throw .invalid(field: "password_file", detail: "\(printable(path)) is empty") }
        return line
    }

    /// Control characters escaped, so a hostile value never reaches a terminal or log raw.
    static func printable(_ text: String) -> String {
        "\"" + text.unicodeScalars.map { $0.properties.generalCategory == .control ? "\\u{\(String($0.value, radix: 16))}" : String($0) }
            .joined() + "\""
    }
}

/// A `[store]` setting that cannot work, naming the field.
public enum PostgresLocationError: Error, Equatable, Sendable, CustomStringConvertible {
    case invalid(field: String, detail: String)

    public var field: String { switch self { case .invalid(let field, _): return field } }
    public var message: String { switch self { case .invalid(let field, let detail): return "\(field): \(detail)" } }
    public var description: String { message }
}

/// Lane names: short, lowercase, safe in sale ids, file names and SQL literals.
public enum LaneName {
    /// Nil when `name` is a valid lane name, else why not.
    public static func problem(_ name: String) -> String? {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789-")
        guard (1...16).contains(name.count) else { return "a lane name has 1 to 16 characters, got \(name.count)" }
        guard name.allSatisfy(allowed.contains), name.first != "-", name.last != "-" else {
            return "a lane name uses only a-z, 0-9 and inner dashes (\"front-1\"), got "
                + PostgresLocation.printable(name)
        }
        return nil
    }
}
