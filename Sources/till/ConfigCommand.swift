import ArgumentParser
import Foundation
import TillConfig
import TillStorePostgres

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Check or show the configuration.",
                                                    subcommands: [Check.self, Example.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate till.toml and print what was found.")
        @OptionGroup var options: ConfigOption

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let report = ConfigReport.check(commandLine: options.config, environment: environment)
            print(report.text)
            if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
            // A shared ledger is checked for real: connect, migrate if needed, report the schema version.
            if let store = (try? ConfigLoader.load(commandLine: options.config, environment: environment))?.store {
                let check = PostgresStoreCheck.run(store)
                print(check.text)
                if !check.ok { throw ExitCode(1) }
            }
        }
    }

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a till.toml that documents every key.")
        func run() throws { print(ExampleConfig.text, terminator: "") }
    }
}
