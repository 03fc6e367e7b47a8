import ArgumentParser
import Foundation
import TillApp
import TillCore

/// `till`: the terminal point of sale. Parsing only; the work is in TillApp.
@main
struct Till: ParsableCommand {
    /// The version `till --version` prints.
    static let version = "0.9.0"

    static let configuration = CommandConfiguration(
        commandName: "till",
        abstract: "A full-screen terminal point of sale for crypto payments (watch-only).",
        discussion: """
            Examples:
              till                        # the till (`till run`); also --training
              till config check --online  # till.toml and every coin's backend
              till user add bob           # the first user, a manager
              till report z --date 2026-11-25

            \(ExitCodes.table)
            """,
        version: "till \(version)",
        subcommands: [Run.self, ConfigCommand.self, Addresses.self, CatalogCommand.self, QRDemoCommand.self,
                      SalesCommand.self, UserCommand.self, AuditCommand.self, ReportCommand.self, StoreCommand.self, DisplayCommand.self],
        defaultSubcommand: Run.self)

    /// ArgumentParser's `main`, but errors pass through `UntrustedText.escaped`: a message may quote a node's reply,
    /// a file's contents or an argument, and must not drive the terminal. A usage error (a `ValidationError` or a
    /// parse error) is printed with the usage and exits 64; any other failure is printed as `till: <message>`,
    /// without the usage, and exits with its `CommandFailure` code (else 1).
    static func main() {
        var command: any ParsableCommand
        do { command = try parseAsRoot() } catch { exit(with: error) }
        do { try command.run() } catch {
            switch error {
            case let failure as CommandFailure:
                printError("till: \(failure.message)")
                Foundation.exit(failure.code.rawValue)
            case let invalid as ValidationError:
                // Thrown by a subcommand's `run`: ArgumentParser would print the root's usage; print the subcommand's.
                let path = commandPath(to: type(of: command)).joined(separator: " ")
                printError("Error: \(invalid.message)\nUsage: \(usageString(for: type(of: command)))\n"
                           + "  See '\(path) --help' for more information.")
                Foundation.exit(ExitCode.validationFailure.rawValue)
            case _ where String(reflecting: type(of: error)).hasPrefix("ArgumentParser."):
                // ExitCode, CleanExit, and the help and version requests ArgumentParser raises.
                exit(with: error)
            default:
                printError("till: \(ErrorText.message(error))")
                Foundation.exit(ExitCode.failure.rawValue)
            }
        }
    }

    /// ArgumentParser's reporting: help and version on standard output, errors (with the usage when they are about
    /// the arguments) on standard error.
    private static func exit(with error: any Error) -> Never {
        let code = exitCode(for: error)
        let message = fullMessage(for: error)
        if code == .success {
            if !message.isEmpty { print(message) }
            Foundation.exit(0)
        }
        if !message.isEmpty { printError(message) }
        Foundation.exit(code.rawValue)
    }

    /// The command names from the root to `target` ("till", "sales", "export").
    private static func commandPath(to target: any ParsableCommand.Type,
                                    from root: any ParsableCommand.Type = Till.self) -> [String] {
        if root == target { return [root._commandName] }
        for child in root.configuration.subcommands {
            let rest = commandPath(to: target, from: child)
            if !rest.isEmpty { return [root._commandName] + rest }
        }
        return []
    }

    private static func printError(_ message: String) {
        FileHandle.standardError.write(Data((UntrustedText.escaped(message, keepingNewlines: true) + "\n").utf8))
    }
}

/// Options shared by every command that reads till.toml.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: "Path to till.toml (else $TILL_CONFIG, else $XDG_CONFIG_HOME/till/till.toml).")
    var config: String?
}

struct Run: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Start the till (the default command).")
    @OptionGroup var options: ConfigOption
    @Flag(name: .long, help: "Training mode: a simulated chain, nothing written to the sales history.")
    var training = false
    @Option(name: .long, help: "The least severe level written to the log for this run (else log_level in till.toml, else info).")
    var logLevel: LogLevelOption?

    func run() throws {
        let status = TillLauncher.run(LaunchOptions(configPath: options.config, training: training, logLevel: logLevel?.rawValue))
        if status != 0 { throw ExitCode(status) }
    }
}
