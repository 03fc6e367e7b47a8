import Foundation
import Testing
import TillHooks
import TillTestSupport

@Suite struct HookChecksTests {
    @Test func webhookURLsMustBeHTTPWithAHost() {
        #expect(HookChecks.webhookURL("https://shop.example.com/till", hook: "shop").isEmpty)
        #expect(HookChecks.webhookURL("http://127.0.0.1:8080/x", hook: "shop").isEmpty)
        #expect(HookChecks.webhookURL(nil, hook: "shop").first?.message.hasPrefix("no `url`") == true)
        #expect(HookChecks.webhookURL("ftp://shop.example.com/x", hook: "shop").first?.message == "`url` uses ftp:, expected http: or https:")
        #expect(HookChecks.webhookURL("https:///path", hook: "shop").first?.message == "`url` \"https:///path\" has no host name")
        #expect(HookChecks.webhookURL("shop.example.com", hook: "shop").first?.message.contains("is not a URL") == true)
        #expect(HookChecks.webhookURL("x", hook: "shop").first?.subject == "hook \"shop\"")
    }

    @Test func secretsMustBePresentAndWellFormed() {
        #expect(HookChecks.webhookSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", hook: "web-shop").isEmpty)
        // Issue 13.10: only whsec_ with 24+ bytes, what the Standard Webhooks libraries verify.
        #expect(HookChecks.webhookSecret("plain-but-long-enough-to-look-safe", hook: "web-shop").first?.message.contains("whsec_") == true)
        #expect(HookChecks.webhookSecret("whsec_AAECAwQFBgcICQoLDA0ODxAREhMUFRY=", hook: "web-shop").first?.message.contains("23 bytes") == true)
        #expect(HookChecks.webhookSecret(nil, hook: "web-shop").first?.message.contains("TILL_HOOK_WEB_SHOP_SECRET") == true)
        #expect(HookChecks.webhookSecret("whsec_!!", hook: "web-shop").first?.message.contains("not base64") == true)
    }

    @Test func commandsMustExistAndBeExecutable() throws {
        let directory = try TemporaryDirectory()
        let script = directory.file("open-door").path
        _ = FileManager.default.createFile(atPath: script, contents: Data("#!/bin/sh\n".utf8))
        #expect(HookChecks.command([script], hook: "door").first?.message == "\(script) is not executable; run `chmod +x \(script)`")
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: script)
        #expect(HookChecks.command([script, "--pulse"], hook: "door").isEmpty)
        #expect(HookChecks.command(["open-door"], hook: "door", path: directory.url.path).isEmpty)
        #expect(HookChecks.command(["open-door"], hook: "door", path: "/nonexistent").first?.message
            == "open-door is not on PATH; give its full path in `command`")
        #expect(HookChecks.command([directory.file("nope").path], hook: "door").first?.message.hasSuffix("does not exist; fix `command`") == true)
        #expect(HookChecks.command(nil, hook: "door").first?.message.hasPrefix("no `command`") == true)
    }

    @Test func printersAreTriedAndTheirProblemsNamed() throws {
        let sink = try TCPSink()
        #expect(HookChecks.printer(PrinterConfiguration(name: "net", destination: .network(host: "127.0.0.1", port: sink.port))).isEmpty)
        let closed = Processes.freePort()
        let refused = HookChecks.printer(PrinterConfiguration(name: "net", destination: .network(host: "127.0.0.1", port: closed)))
        #expect(refused.map(\.description) == ["printer \"net\": 127.0.0.1:\(closed) refused the connection; check that the printer is on and the port is right"])
        #expect(HookChecks.printer(PrinterConfiguration(name: "net", destination: .network(host: "h", port: 70_000))).first?.message.contains("not a TCP port") == true)

        let directory = try TemporaryDirectory()
        let device = directory.file("lp0").path
        #expect(HookChecks.printer(PrinterConfiguration(name: "usb", destination: .device(path: device))).first?.message
            == "\(device) does not exist; plug the printer in or fix `path`")
        _ = FileManager.default.createFile(atPath: device, contents: nil)
        #expect(HookChecks.printer(PrinterConfiguration(name: "usb", destination: .device(path: device))).isEmpty)
        #expect(HookChecks.printer(PrinterConfiguration(name: "file", destination: .textFile(path: directory.file("r.txt").path))).isEmpty)
        let nowhere = directory.file("missing/r.txt").path
        #expect(HookChecks.printer(PrinterConfiguration(name: "file", destination: .textFile(path: nowhere))).first?.message
            == "the folder \(directory.file("missing").path) does not exist; create it or fix `path`")
    }
}
