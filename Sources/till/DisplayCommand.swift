import ArgumentParser
import TillApp

/// `till display`: the customer-facing screen that follows this till's current sale (read-only, no PIN).
struct DisplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "display",
        abstract: "Show the customer-facing screen: cart, QR code, countdown and confirmations of the current sale (read-only).")
    @OptionGroup var options: ConfigOption
    @Flag(name: .long, help: "Follow the training till (<data>/training.sqlite) instead of the live one.")
    var training = false
    @Option(name: .long, help: "On a shop's shared ledger: the lane to follow (default: this till's own lane).")
    var lane: String?

    func run() throws {
        let status = CustomerDisplayProgram.run(LaunchOptions(configPath: options.config, training: training), lane: lane)
        if status != 0 { throw ExitCode(status) }
    }
}
