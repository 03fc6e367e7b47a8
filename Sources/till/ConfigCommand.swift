import ArgumentParser
import Foundation
import TillApp
import TillConfig
import TillCore
import TillStorePostgres

struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "config", abstract: "Check or show the configuration.",
                                                    subcommands: [Check.self, Example.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate till.toml and print what was found.",
            discussion: """
                Exits 0 when the till can start, 2 when till.toml, the catalog or theme it names, or the shared
                ledger has errors (each named with its file, line and field), 1 when --online finds a backend
                that cannot be used.
                """)
        @OptionGroup var options: ConfigOption
        @Flag(name: .long, help: "Also contact every coin's backend: network, credentials, reachability (nothing is written).")
        var online = false

        func run() throws {
            let environment = ProcessInfo.processInfo.environment
            let report = ConfigReport.check(commandLine: options.config, environment: environment)
            print(report.text)
            // Errors exit 2, as the till itself does on the same config (DECISIONS 48); the report above names them.
            if report.exitStatus != 0 { throw ExitCode(report.exitStatus) }
            // A shared ledger is checked for real: connect, migrate if needed, report the schema version.
            if let configuration = try? ConfigLoader.load(commandLine: options.config, environment: environment),
               let store = configuration.store {
                let check = PostgresStoreCheck.run(store, keyDirectory: configuration.dataDirectory)
                print(check.text)
                // A ledger that cannot be opened is a database failure: 2, as for the till.
                if !check.ok { throw ExitCode.cannotLoad }
            }
            guard online else { return }
            guard let configuration = try? ConfigLoader.load(commandLine: options.config, environment: environment) else { return }
            let findings = BackendCheck.runBlocking(configuration)
            for finding in findings {
                print(UntrustedText.escaped("\(finding.ok ? "ok" : "FAILED"): \(finding.text)", keepingNewlines: false))
            }
            if findings.isEmpty { print("No coin configured: nothing to contact (training mode).") }
            guard findings.allSatisfy(\.ok) else {
                print("Backends check failed: the coins above would be offline.")
                throw ExitCode(1)
            }
            print("Backends OK.")
        }
    }

    struct Example: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print a till.toml that documents every key.")
        func run() throws { print(ExampleConfig.text, terminator: "") }
    }
}
