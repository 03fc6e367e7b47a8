import Foundation
import Testing
import TillEndToEndSupport
import TillStore
import TillStoreTestSupport
import TillTestSupport

/// Issue 17.5: the `till` binary's subcommands run as processes. A usage error exits 64 with the usage; a command
/// that ran and failed prints `till: <message>` without the usage and exits 1; a configuration or database that
/// cannot be loaded exits 2 (README "Exit codes", `till --help`).
@Suite struct CommandLineProcessTests {
    static let zpub = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs"
    /// m/44'/60'/0' of "abandon ×11 about": address 0 is 0x9858EfFD232B4033E47d90003D41EC34EcaEda94.
    static let ethereumXpub = "xpub6DCoCpSuQZB2jawqnGMEPS63ePKWkwWPH4TU45Q7LPXWuNd8TMtVxRrgjtEshuqpK3mdhaWHPFsBngh5GFZaM6si3yZdUsT8ddYM3PwnATt"

    func till(_ arguments: [String], stdin: String? = nil) async throws -> ProcessOutput {
        try await Processes.run(try LiveTill.binary, arguments, environment: ["USER": "cli-test"], stdin: stdin)
    }

    static func mode(_ path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue
    }

    /// A runtime failure: the code, `till: ` and the key words, and no usage text.
    func expectFailure(_ output: ProcessOutput, code: Int32, saying words: String...,
                       sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == code, "exit \(output.status): \(output.stderr)", sourceLocation: sourceLocation)
        #expect(output.stderr.hasPrefix("till: "), "\(output.stderr)", sourceLocation: sourceLocation)
        for word in words { #expect(output.stderr.contains(word), "\(output.stderr)", sourceLocation: sourceLocation) }
        #expect(!output.stderr.contains("Usage:") && !output.stdout.contains("Usage:"), "\(output.stderr)",
                sourceLocation: sourceLocation)
    }

    /// A usage error: 64, the message and the usage.
    func expectUsageError(_ output: ProcessOutput, saying words: String..., sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(output.status == 64, "exit \(output.status): \(output.stderr)", sourceLocation: sourceLocation)
        #expect(output.stderr.contains("Usage: till "), "\(output.stderr)", sourceLocation: sourceLocation)
        for word in words { #expect(output.stderr.contains(word), "\(output.stderr)", sourceLocation: sourceLocation) }
    }

    @Test func versionAndHelpListTheCodesTheValuesAndExamples() async throws {
        let version = try await till(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.hasPrefix("till ") && version.stdout.contains("."), "\(version.stdout)")

        let help = try await till(["--help"])
        #expect(help.status == 0)
        #expect(help.stdout.contains("Exit codes:") && help.stdout.contains("64  usage error"), "\(help.stdout)")
        let export = try await till(["sales", "export", "--help"])
        #expect(export.stdout.contains("values: csv, json") && export.stdout.contains("Examples:"), "\(export.stdout)")
        let add = try await till(["user", "add", "--help"])
        #expect(add.stdout.contains("values: cashier, manager") && add.stdout.contains("Examples:"), "\(add.stdout)")
        let addresses = try await till(["addresses", "--help"])
        #expect(addresses.stdout.contains("litecoin-testnet") && addresses.stdout.contains("p2sh-p2wpkh"), "\(addresses.stdout)")
        for command in [["report", "z"], ["audit", "verify"], ["catalog", "import"], ["store", "migrate"]] {
            await #expect(try till(command + ["--help"]).stdout.contains("Examples:"), "\(command)")
        }
        let run = try await till(["run", "--help"])
        #expect(run.stdout.contains("--log-level") && run.stdout.contains("values: trace, debug, info"), "\(run.stdout)")
        expectUsageError(try await till(["run", "--log-level", "verbose"]), saying: "log-level")
    }

    @Test func usersSalesExportReportAndAuditOnOneDataDirectory() async throws {
        let directory = try TemporaryDirectory(prefix: "till-cli")
        let config = try OfflineCoinConfig.write(in: directory, shop: "CLI Shop")
        let database = try TillDatabase(path: directory.file("data/till.sqlite").path)
        try database.storeGenerated(SalesGenerator(.init(count: 30, firstDay: Date(timeIntervalSince1970: 1_767_268_800), days: 3),
                                                   timeZone: .current))

        // The first user becomes the manager; later users need a manager's PIN first.
        let first = try await till(["user", "add", "bob", "--config", config], stdin: "1234\n1234\n")
        #expect(first.status == 0 && first.stdout.contains("added bob as manager"), "\(first.stdout)\(first.stderr)")
        let cashier = try await till(["user", "add", "alice", "--role", "cashier", "--manager", "bob", "--config", config],
                               stdin: "1234\n5678\n5678\n")
        #expect(cashier.status == 0 && cashier.stdout.contains("added alice as cashier"), "\(cashier.stdout)\(cashier.stderr)")
        await expectFailure(try till(["user", "add", "carol", "--manager", "bob", "--config", config], stdin: "9999\n1111\n1111\n"),
                      code: 1, saying: "wrong PIN for bob")
        await expectFailure(try till(["user", "add", "carol", "--manager", "bob", "--config", config], stdin: "1234\n1111\n2222\n"),
                      code: 1, saying: "the two PINs differ")
        await expectFailure(try till(["user", "add", "carol", "--manager", "bob", "--config", config], stdin: ""),
                      code: 1, saying: "no PIN on standard input")
        await expectUsageError(try till(["user", "add", "carol", "--config", config], stdin: "1111\n1111\n"), saying: "--manager NAME")
        await expectUsageError(try till(["user", "add", "carol", "--role", "owner", "--config", config]), saying: "'owner'", "cashier")

        // Exports go to a 0600 file that appears whole; no temporary file is left next to it.
        let exports = directory.file("exports")
        let csvPath = exports.appendingPathComponent("jan.csv").path
        let csv = try await till(["sales", "export", "--from", "2026-01-01", "--to", "2026-01-31", "-o", csvPath, "--config", config])
        #expect(csv.status == 0 && csv.stderr.contains("exported 30 sales"), "\(csv.stderr)")
        #expect(Self.mode(csvPath) == 0o600)
        let csvText = try String(contentsOfFile: csvPath, encoding: .utf8)
        #expect(csvText.hasPrefix("record,sale_id,status,"), "\(csvText.prefix(200))")
        let jsonPath = exports.appendingPathComponent("jan.json").path
        let json = try await till(["sales", "export", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "json",
                             "--output", jsonPath, "--config", config])
        #expect(json.status == 0, "\(json.stderr)")
        #expect(Self.mode(jsonPath) == 0o600)
        let records = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: jsonPath)))
                                   as? [[String: Any]])
        #expect(records.filter { $0["record"] as? String == "sale" }.count == 30)
        #expect(try FileManager.default.contentsOfDirectory(atPath: exports.path).sorted() == ["jan.csv", "jan.json"])
        await expectUsageError(try till(["sales", "export", "--from", "2026-01-01", "--to", "2026-01-31", "--format", "xml",
                                   "--config", config]), saying: "'xml'", "'csv' and 'json'")
        await expectUsageError(try till(["sales", "export", "--from", "2026-02-01", "--to", "2026-01-31", "--config", config]),
                         saying: "is after --to")

        let report = try await till(["report", "z", "--date", "2026-01-02", "--config", config])
        #expect(report.status == 0 && report.stdout.contains("Z REPORT") && report.stdout.contains("2026-01-02"),
                "\(report.stdout)\(report.stderr)")
        await expectUsageError(try till(["report", "z", "--close", "--config", config]), saying: "--close needs --manager")
        await expectFailure(try till(["report", "z", "--date", "2026-01-02", "--close", "--manager", "alice", "--config", config],
                               stdin: "5678\n"), code: 1, saying: "alice")

        let audit = try await till(["audit", "verify", "--config", config])
        #expect(audit.status == 0 && audit.stdout.contains("audit log intact"), "\(audit.stdout)\(audit.stderr)")
        withExtendedLifetime(database) {}
    }

    @Test func addressesFromAKeyAndFromTheConfiguration() async throws {
        let listed = try await till(["addresses", "--wallet", Self.zpub, "--count", "3"])
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.count == 4 && lines[1].hasSuffix("bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"), "\(listed.stdout)")
        let json = try await till(["addresses", "--wallet", Self.zpub, "--count", "3", "--json"])
        #expect(json.status == 0 && json.stdout.contains("\"bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu\""), "\(json.stdout)")

        let directory = try TemporaryDirectory(prefix: "till-cli-addresses")
        let config = try OfflineCoinConfig.write(in: directory, shop: "Address Shop")
        let configured = try await till(["addresses", "--config", config, "--count", "3"])
        #expect(configured.status == 0 && configured.stdout.split(separator: "\n").count == 4, "\(configured.stdout)\(configured.stderr)")

        await expectUsageError(try till(["addresses", "--wallet", Self.zpub, "--network", "dogecoin"]), saying: "'dogecoin'", "regtest")
        await expectUsageError(try till(["addresses", "--wallet", Self.zpub, "--type", "p2foo"]), saying: "'p2foo'", "p2wpkh", "evm")
        // `--type` takes till.toml's words (`evm`); the wallet library's `ethereum` still works.
        let help = try await till(["addresses", "--help"])
        #expect(help.stdout.contains("values: p2pkh, p2sh-p2wpkh, p2wpkh, p2tr, evm"), "\(help.stdout)")
        for word in ["evm", "ethereum"] {
            let evm = try await till(["addresses", "--wallet", Self.ethereumXpub, "--network", "ethereum", "--type", word, "--count", "1"])
            #expect(evm.status == 0 && evm.stdout.contains("0x9858EfFD232B4033E47d90003D41EC34EcaEda94"), "\(word): \(evm.stdout)\(evm.stderr)")
        }
        await expectUsageError(try till(["addresses", "--wallet", Self.zpub, "--network", "regtest"]), saying: "regtest")
    }

    @Test func catalogImportWritesWholeFilesOnly() async throws {
        let directory = try TemporaryDirectory(prefix: "till-cli-catalog")
        let csv = directory.file("shop.csv").path
        try "id,name,price\nESP,Espresso,2.80\nLAT,Latte,3.50\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let output = directory.file("catalog/shop.toml").path
        let imported = try await till(["catalog", "import", csv, "-o", output])
        #expect(imported.status == 0 && imported.stderr.contains("imported 2 products"), "\(imported.stderr)")
        #expect(Self.mode(output) == 0o600)
        let toml = try String(contentsOfFile: output, encoding: .utf8)
        #expect(toml.contains("id = \"ESP\"") && toml.contains("price = \"3.50\""), "\(toml)")

        // A bad row is a runtime failure: nothing written, the earlier file untouched, no temporary file left.
        let bad = directory.file("bad.csv").path
        try "id,name,price,colour\nA,One,1.00,red\n".write(toFile: bad, atomically: true, encoding: .utf8)
        await expectFailure(try till(["catalog", "import", bad, "-o", output]), code: 1, saying: "unknown column", "colour")
        #expect(try String(contentsOfFile: output, encoding: .utf8) == toml)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.file("catalog").path) == ["shop.toml"])
        await expectFailure(try till(["catalog", "import", directory.file("missing.csv").path]), code: 1, saying: "missing.csv")
        await expectUsageError(try till(["catalog", "import", csv, "--currency", "XYZ"]), saying: "unknown currency XYZ")
    }

    @Test func aConfigurationOrDatabaseThatWillNotLoadIsARuntimeFailure() async throws {
        let directory = try TemporaryDirectory(prefix: "till-cli-broken")
        await expectFailure(try till(["audit", "verify", "--config", directory.file("absent.toml").path]), code: 2, saying: "absent.toml")

        let broken = directory.file("broken.toml").path
        try "data_dir = \"\(directory.file("data").path)\"\n[shop\nname = 1\n".write(toFile: broken, atomically: true, encoding: .utf8)
        await expectFailure(try till(["report", "z", "--config", broken]), code: 2, saying: "broken.toml")

        // A file that is not a database where the ledger should be.
        try FileManager.default.createDirectory(at: directory.file("junk"), withIntermediateDirectories: true)
        try Data(repeating: 0x41, count: 4096).write(to: directory.file("junk/till.sqlite"))
        let junk = directory.file("junk.toml").path
        try "data_dir = \"\(directory.file("junk").path)\"\n".write(toFile: junk, atomically: true, encoding: .utf8)
        for command in [["audit", "verify"], ["sales", "export", "--from", "2026-01-01", "--to", "2026-01-02"],
                        ["user", "add", "bob"], ["report", "z"]] {
            await expectFailure(try till(command + ["--config", junk], stdin: "1234\n1234\n"), code: 2, saying: "is not a Till database")
        }
        await expectUsageError(try till(["sales", "export", "--config", junk]), saying: "--from")
        await expectUsageError(try till(["no-such-command", "--config", junk]), saying: "no-such-command")
    }

    @Test func configCheckExitsTwoOnABadConfigNamingFileLineAndField() async throws {
        let directory = try TemporaryDirectory(prefix: "till-cli-check")
        let bad = directory.file("bad.toml").path
        try "data_dir = \"\(directory.file("data").path)\"\n[shop]\ncurrency = \"ZZZ\"\n"
            .write(toFile: bad, atomically: true, encoding: .utf8)
        let check = try await till(["config", "check", "--config", bad])
        #expect(check.status == 2, "exit \(check.status): \(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("\(bad):3: shop.currency:") && check.stdout.contains("the till will not start"), "\(check.stdout)")
        #expect(!check.stdout.contains("Usage:") && !check.stderr.contains("Usage:"), "\(check.stderr)")
        // The same code as any other command that loads this config.
        await expectFailure(try till(["report", "z", "--config", bad]), code: 2, saying: "bad.toml")

        let good = directory.file("good.toml").path
        try "data_dir = \"\(directory.file("data").path)\"\n".write(toFile: good, atomically: true, encoding: .utf8)
        let fine = try await till(["config", "check", "--config", good])
        #expect(fine.status == 0 && fine.stdout.contains("Config OK."), "\(fine.stdout)\(fine.stderr)")
    }
}
