import Foundation
import Testing
import TillTestSupport

/// `till display` in tmux beside the cashier's `till`, both in training mode on one data directory: the display
/// shows the cart, then a QR that zbarimg decodes to exactly the cashier's URI, then "Thank you — paid".
@Suite struct CustomerDisplayTerminalTests {
    @Test(arguments: [(80, 24), (120, 40)])
    func displayFollowsATrainingSaleToPaid(width: Int, height: Int) async throws {
        let directory = try TemporaryDirectory(prefix: "till-display-e2e")
        let config = directory.file("till.toml")
        try Data("""
            data_dir = "\(directory.file("data").path)"
            [shop]
            name = "Display Shop"
            currency = "USD"
            """.utf8).write(to: config)
        let environment = ["USER": "alice", "TERM": "xterm-256color"]
        let cashier = try TmuxSession(command: [try LiveTill.binary, "--config", config.path], width: 80, height: 24, environment: environment)
        defer { cashier.kill() }
        _ = try await cashier.waitFor("Products", timeout: .seconds(60))
        let display = try TmuxSession(command: [try LiveTill.binary, "display", "--config", config.path], width: width, height: height,
                                      environment: environment)
        defer { display.kill() }
        _ = try await display.waitFor("Welcome to Display Shop")

        try cashier.send(keys: "Enter")
        let cart = try await display.waitFor("Total")
        #expect(cart.contains("Your items") && !cart.contains("Welcome"), "\(cart)")
        try cashier.send(keys: "c")
        _ = try await cashier.waitFor("Choose a coin")
        try cashier.send(keys: "1")
        let paying = try await cashier.waitFor("Waiting for payment")
        let uri = try #require(try QRScreenDecoder.decode(screen: paying), "the cashier's QR does not decode")
        let shown = try await display.waitFor("Please pay exactly")
        #expect(try QRScreenDecoder.decode(screen: shown) == uri)

        try cashier.send(keys: "p")
        _ = try await display.waitFor("Payment seen")
        for _ in 0..<6 { try cashier.send(keys: "b") }
        let paid = try await display.waitFor("Thank you — paid")
        #expect(try QRScreenDecoder.decode(screen: paid) == nil, "no QR once paid")

        try display.send(keys: "q")
        await #expect(try display.waitForExit() == 0)
    }
}
