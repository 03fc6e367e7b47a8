import ArgumentParser
import Foundation
import TillApp
import TillCore

/// `till`: the terminal point of sale. Parsing only; the work is in TillApp.
@main
struct Till: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "till",
        abstract: "A full-screen terminal point of sale for crypto payments (watch-only).",
        subcommands: [Run.self, ConfigCommand.self, Addresses.self, CatalogCommand.self, QRDemo.self, StoreSoakCommand.self,
                      SalesCommand.self, UserCommand.self, AuditCommand.self, ReportCommand.self, StoreCommand.self, DisplayCommand.self],
        defaultSubcommand: Run.self)

    /// ArgumentParser's `main`, but errors pass through `UntrustedText.escaped`: a message may quote a node's reply,
    /// a file's contents or an argument, and must not drive the terminal.
    static func main() {
        do {
            var command = try parseAsRoot()
            try command.run()
        } catch {
            let code = exitCode(for: error)
            let message = fullMessage(for: error)
            if code == .success {
                if !message.isEmpty { print(message) }
                Foundation.exit(0)
            }
            if !message.isEmpty {
                FileHandle.standardError.write(Data((UntrustedText.escaped(message, keepingNewlines: true) + "\n").utf8))
            }
            Foundation.exit(code.rawValue)
        }
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

    func run() throws {
        let status = TillLauncher.run(LaunchOptions(configPath: options.config, training: training))
        if status != 0 { throw ExitCode(status) }
    }
}
