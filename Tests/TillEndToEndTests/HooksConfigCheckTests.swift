import Foundation
import Testing
import TillApp
import TillConfig
import TillHooks
import TillTestSupport

/// `till config check` (ConfigReport) reports printers and hooks that will not work, with what to fix.
@Suite struct HooksConfigCheckTests {
    @Test func unreachablePrinterMissingCommandAndMissingFolderAreReported() throws {
        let directory = try TemporaryDirectory()
        let refusing = try HooksServiceTests().refusingPort()
        defer { close(refusing.0) }
        let toml = """
            data_dir = "\(directory.file("data").path)"
            [[printer]]
            name = "counter"
            type = "escpos-network"
            host = "127.0.0.1"
            port = \(refusing.1)
            [[printer]]
            name = "paper"
            type = "text-file"
            path = "\(directory.file("no-such-folder/receipts.txt").path)"
            [[hook]]
            name = "door"
            type = "command"
            command = ["no-such-door-opener", "--pulse"]
            [[hook]]
            name = "webshop"
            type = "webhook"
            url = "https://shop.example.com/till/events"
            secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
            """
        let path = directory.file("till.toml").path
        try Data(toml.utf8).write(to: URL(fileURLWithPath: path))
        // A secret in a file others can read is a warning of its own; keep this file private.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        let report = ConfigReport.check(commandLine: path, environment: ["PATH": "/usr/bin:/bin"])
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.warnings.contains("printer \"counter\": 127.0.0.1:\(refusing.1) refused the connection; check that the printer is on and the port is right"))
        #expect(report.warnings.contains { $0.hasPrefix("printer \"paper\": the folder") && $0.contains("does not exist") })
        #expect(report.warnings.contains("hook \"door\": no-such-door-opener is not on PATH; give its full path in `command`"))
        #expect(!report.warnings.contains { $0.contains("webshop") })
        #expect(report.text.hasSuffix("Config OK.\n"))

        // The till's own setup builds the same printers and hooks from the file.
        let setup = HookSetup(try ConfigLoader.load(commandLine: path, environment: [:]))
        #expect(setup.printers.map(\.destination) == [.network(host: "127.0.0.1", port: refusing.1),
                                                      .textFile(path: directory.file("no-such-folder/receipts.txt").path)])
        #expect(setup.endpoints.map(\.name) == ["webshop"])
        #expect(setup.commands.map(\.arguments) == [["no-such-door-opener", "--pulse"]])
        #expect(setup.problems.isEmpty)
        #expect(HookSetup.check(try ConfigLoader.load(commandLine: path, environment: [:])).count == 3)
    }
}

/// Training mode reaches nothing outside the till: no webhook outbox, no commands, only a text-file printer.
@Suite struct HooksTrainingTests {
    @Test func trainingSendsNoWebhooksRunsNoCommandsAndPrintsOnlyToAFile() throws {
        let directory = try TemporaryDirectory()
        let toml = """
            data_dir = "\(directory.file("data").path)"
            [[printer]]
            name = "counter"
            type = "escpos-device"
            path = "/dev/usb/lp0"
            [[hook]]
            name = "door"
            type = "command"
            command = ["/bin/true"]
            """
        let path = directory.file("till.toml").path
        try Data(toml.utf8).write(to: URL(fileURLWithPath: path))
        let assembly = try TillLauncher.assemble(LaunchOptions(configPath: path, training: true, environment: ["USER": "alice"]))
        let hooks = try #require(assembly.runner.observers.compactMap { $0 as? HookService }.first)
        #expect(hooks.dispatcher == nil)
        #expect(hooks.endpoints.isEmpty)
        #expect(hooks.commands.isEmpty)
        #expect(hooks.printers.printers.map(\.configuration.destination)
                == [.textFile(path: directory.file("data/training-receipts/printed.txt").path)])
    }
}
