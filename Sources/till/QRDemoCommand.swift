import ArgumentParser
import TillTerminal

/// Shows a QR code full-screen until `q`: checks that a phone (or zbarimg) can scan this terminal.
struct QRDemoCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "qr-demo", abstract: "Show a QR code full-screen (scan test).",
                                                    shouldDisplay: false)
    @Argument var text: String

    func run() throws {
        let status = TillTerminal.QRDemo.run(text: text)
        if status != 0 { throw ExitCode(status) }
    }
}
