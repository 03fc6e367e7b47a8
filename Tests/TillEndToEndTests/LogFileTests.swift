import Foundation
import Testing
import TillApp
import TillConfig
import TillTestSupport

/// `till.log` through swift-log: levels filter, lines stay single and escaped, files stay 0600, and the log rotates
/// by size instead of growing without end.
@Suite struct LogFileTests {
    @Test func theLevelFiltersAndEveryLineIsOneEscapedLine() throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path, level: .warning)
        log.info("routine detail")
        log.write("warning", "oversold: widget")
        log.error("node said \u{1B}[2Jbye\nforged 2026-01-01T00:00:00Z info all fine")
        log.logger.debug("debug detail")
        let lines = try String(contentsOfFile: log.path, encoding: .utf8).split(separator: "\n")
        #expect(lines.count == 2, "\(lines)")
        #expect(lines[0].hasSuffix(" warning oversold: widget"))
        #expect(lines[1].contains(" error node said ") && !lines[1].contains("\u{1B}"), "\(lines[1])")
        #expect(!lines.contains { $0.hasPrefix("forged") })
    }

    @Test func pastItsSizeTheLogRotatesKeepingThreePrivateOldFiles() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("till.log").path
        let log = FileLog(path: path, level: .info, maxBytes: 4_096, keep: 3)
        for index in 0..<400 { log.info("line \(index) " + String(repeating: "x", count: 60)) }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.url.path).sorted()
        #expect(names == ["till.log", "till.log.1", "till.log.2", "till.log.3"], "\(names)")
        for name in names {
            let attributes = try FileManager.default.attributesOfItem(atPath: directory.file(name).path)
            #expect((attributes[.posixPermissions] as? Int) == 0o600, "\(name)")
            #expect(((attributes[.size] as? Int) ?? .max) <= 4_096, "\(name)")
        }
        let newest = try String(contentsOfFile: path, encoding: .utf8)
        #expect(newest.contains("line 399 "))
        let oldest = try String(contentsOfFile: path + ".3", encoding: .utf8)
        #expect(!oldest.contains("line 399 ") && !oldest.contains("line 0 "), "the oldest lines were dropped")
    }

    @Test func logLevelIsAConfigSettingWithTheNamesSwiftLogKnows() throws {
        let config = try ConfigLoader.parse(text: "log_level = \"debug\"\n", file: "t.toml", environment: [:])
        #expect(config.logLevel == "debug")
        #expect(try ConfigLoader.parse(text: "", file: "t.toml", environment: [:]).logLevel == "info")
        #expect {
            try ConfigLoader.parse(text: "log_level = \"verbose\"\n", file: "t.toml", environment: [:])
        } throws: { error in
            guard let error = error as? ConfigFileError else { return false }
            return error.message.contains("t.toml:1") && error.message.contains("log_level") && error.message.contains("debug")
        }
    }
}
