import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One problem found by `till config check`: what is wrong and what to do about it.
public struct HookProblem: Sendable, Hashable, CustomStringConvertible {
    /// "printer \"counter\"" or "hook \"webshop\"".
    public let subject: String
    public let message: String

    public init(subject: String, message: String) {
        self.subject = subject
        self.message = message
    }

    public var description: String { "\(subject): \(message)" }
}

/// Checks of printers and hooks for `till config check` and the start screen. URL, secret and command
/// checks only look at the text and the file system; the printer check opens (and closes) a connection.
public enum HookChecks {
    /// Reachable printer: TCP connect within `connectTimeout`, or an existing writable device or file.
    public static func printer(_ printer: PrinterConfiguration, connectTimeout: Int = 2) -> [HookProblem] {
        let subject = "printer \"\(printer.name)\""
        switch printer.destination {
        case .network(let host, let port):
            guard (1...65_535).contains(port) else {
                return issue(subject, "port \(port) is not a TCP port; set `port` (usually 9100)")
            }
            do {
                let fd = try PrinterIO.connect(printer: printer.name, host: host, port: port, timeout: connectTimeout)
                close(fd)
                return []
            } catch {
                return issue(subject, strip(error.message, printer.name))
            }
        case .device(let path):
            guard FileManager.default.fileExists(atPath: path) else {
                return issue(subject, "\(path) does not exist; plug the printer in or fix `path`")
            }
            guard access(path, W_OK) == 0 else {
                return issue(subject, "the till's user may not write \(path); add it to the group owning the device (often `lp`)")
            }
            return []
        case .textFile(let path):
            let parent = (path as NSString).deletingLastPathComponent
            let directory = parent.isEmpty ? "." : parent
            if FileManager.default.fileExists(atPath: path) {
                guard access(path, W_OK) == 0 else {
                    return issue(subject, "\(path) is not writable; fix its permissions or choose another `path`")
                }
                return []
            }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                return issue(subject, "the folder \(directory) does not exist; create it or fix `path`")
            }
            guard access(directory, W_OK) == 0 else {
                return issue(subject, "cannot create files in \(directory); fix its permissions or choose another `path`")
            }
            return []
        }
    }

    /// An absolute http(s) URL with a host.
    public static func webhookURL(_ text: String?, hook: String) -> [HookProblem] {
        let subject = "hook \"\(hook)\""
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            return issue(subject, "no `url`; set it to the receiver's address, e.g. https://shop.example.com/till/events")
        }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased() else {
            return issue(subject, "`url` \"\(text)\" is not a URL; expected e.g. https://shop.example.com/till/events")
        }
        guard scheme == "http" || scheme == "https" else {
            return issue(subject, "`url` uses \(scheme):, expected http: or https:")
        }
        guard let host = components.host, !host.isEmpty else {
            return issue(subject, "`url` \"\(text)\" has no host name")
        }
        return []
    }

    /// A secret is present and, in `whsec_` form, valid base64.
    public static func webhookSecret(_ text: String?, hook: String) -> [HookProblem] {
        let subject = "hook \"\(hook)\""
        let variable = "TILL_HOOK_" + hook.uppercased().map { $0.isLetter || $0.isNumber ? String($0) : "_" }.joined()
            + "_SECRET"
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else {
            return issue(subject, "no signing secret; set `secret` or \(variable) (e.g. whsec_ followed by base64 of 24+ random bytes)")
        }
        do { _ = try WebhookSecret.standard(text) } catch {
            return issue(subject, error.message + "; set `secret` or \(variable) to whsec_ followed by base64 of 24+ random bytes "
                         + "(e.g. `echo whsec_$(head -c 24 /dev/urandom | base64)`)")
        }
        return []
    }

    /// The program exists and is executable (looked up on PATH when it has no slash).
    public static func command(_ arguments: [String]?, hook: String,
                               path: String? = ProcessInfo.processInfo.environment["PATH"]) -> [HookProblem] {
        let subject = "hook \"\(hook)\""
        guard let program = arguments?.first, !program.isEmpty else {
            return issue(subject, "no `command`; set it to the program and its arguments, e.g. [\"/usr/local/bin/open-door\"]")
        }
        guard CommandRunner.resolve(program, path: path) == nil else { return [] }
        if program.contains("/"), FileManager.default.fileExists(atPath: program) {
            return issue(subject, "\(program) is not executable; run `chmod +x \(program)`")
        }
        return [HookProblem(subject: subject, message: program.contains("/")
            ? "\(program) does not exist; fix `command`"
            : "\(program) is not on PATH; give its full path in `command`")]
    }

    private static func issue(_ subject: String, _ message: String) -> [HookProblem] {
        [HookProblem(subject: subject, message: message)]
    }

    /// Printer errors start with `printer "name": `; the subject already says that.
    private static func strip(_ message: String, _ name: String) -> String {
        let prefix = "printer \"\(name)\": "
        return message.hasPrefix(prefix) ? String(message.dropFirst(prefix.count)) : message
    }
}
