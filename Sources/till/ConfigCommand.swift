import ArgumentParser
import Foundation
import TillConfig

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Check or show the configuration.",
                                                    subcommands: [Check.self, Example.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate till.toml and print what was found.")
        @OptionGroup var options: ConfigOption

        func run() throws {
            let report = ConfigReport.check(commandLine: options.config, environment: ProcessInfo.processInfo.environment)
            print(report.text)
            if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
        }
    }

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a till.toml that documents every key.")
        func run() throws { print(ExampleConfig.text, terminator: "") }
    }
}
