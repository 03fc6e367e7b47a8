import Foundation
import TillConfig
import TillHooks

/// Printers, webhook endpoints and command hooks built from `till.toml`, and what could not be built.
public struct HookSetup: Sendable {
    public var printers: [PrinterConfiguration]
    public var endpoints: [WebhookEndpoint]
    public var commands: [CommandHook]
    /// Hooks left out because their settings are unusable (the config check names them too).
    public var problems: [String]

    public init(printers: [PrinterConfiguration] = [], endpoints: [WebhookEndpoint] = [], commands: [CommandHook] = [],
                problems: [String] = []) {
        self.printers = printers
        self.endpoints = endpoints
        self.commands = commands
        self.problems = problems
    }

    /// The live setup from the configuration's `[[printer]]` and `[[hook]]` tables.
    public init(_ configuration: TillConfiguration) {
        self.init(printers: configuration.printers.compactMap(HookSetup.printer))
        for settings in configuration.printers where HookSetup.printer(settings) == nil {
            problems.append("printer \"\(settings.name)\": no path or host; it is left out")
        }
        for hook in configuration.hooks {
            let events = Set(hook.events.compactMap(HookEventType.init(rawValue:)))
            switch hook.kind {
            case .webhook:
                guard let text = hook.url, let url = URL(string: text), HookChecks.webhookURL(text, hook: hook.name).isEmpty else {
                    problems.append("hook \"\(hook.name)\": `url` is missing or not an http(s) URL; it is left out")
                    continue
                }
                do {
                    let secret = try WebhookSecret.standard(hook.secret?.revealed ?? "")
                    endpoints.append(WebhookEndpoint(name: hook.name, url: url, secret: secret, events: events,
                                                     timeoutSeconds: hook.timeoutSeconds))
                } catch {
                    problems.append("hook \"\(hook.name)\": \(error.message); it is left out")
                }
            case .command:
                guard let arguments = hook.command, !(arguments.first ?? "").isEmpty else {
                    problems.append("hook \"\(hook.name)\": no `command`; it is left out")
                    continue
                }
                commands.append(CommandHook(name: hook.name, arguments: arguments, events: events,
                                            timeoutSeconds: hook.timeoutSeconds, environment: hook.environment))
            }
        }
    }

    /// Training: no webhooks, no commands, no real printer; receipts "print" to a text file in `directory`.
    public static func training(directory: URL) -> HookSetup {
        HookSetup(printers: [PrinterConfiguration(name: "training", destination: .textFile(path: directory.appendingPathComponent("printed.txt").path))])
    }

    /// The printer a `[[printer]]` table describes, or nil when it lacks its path or host.
    public static func printer(_ settings: PrinterSettings) -> PrinterConfiguration? {
        HookConfigCheck.printerConfiguration(settings)
    }

    /// What `till config check` reports for the printers and hooks: unreachable printers, bad URLs, missing
    /// secrets, programs that are not there. Opens (and closes) a connection to each network printer.
    public static func check(_ configuration: TillConfiguration) -> [HookProblem] {
        let found = HookConfigCheck.problems(printers: configuration.printers, hooks: configuration.hooks,
                                             path: ProcessInfo.processInfo.environment["PATH"])
        return found.errors + found.warnings
    }
}
