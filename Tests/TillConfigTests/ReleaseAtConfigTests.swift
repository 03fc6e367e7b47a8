import Foundation
import Testing
import TillCore
@testable import TillConfig

/// Issue 14: `release_at` per coin (file, line and field on errors), and `confirmations = 0` is warned about.
@Suite struct ReleaseAtConfigTests {
    static func coin(_ lines: String) -> String {
        let base = ConfigLoaderTests.btcCoin()
        return base.replacingOccurrences(of: "\n\n[coin.backend]", with: "\n\(lines)\n\n[coin.backend]")
    }

    @Test func releaseAtIsSeenOrANumberOfConfirmations() throws {
        #expect(try ConfigLoader.parse(text: Self.coin("release_at = \"seen\""), file: "t.toml", environment: [:]).coins[0].policy.releaseAt == .seen)
        #expect(try ConfigLoader.parse(text: Self.coin("release_at = 1"), file: "t.toml", environment: [:]).coins[0].policy.releaseAt
                == .confirmations(1))
        #expect(try ConfigLoader.parse(text: Self.coin(""), file: "t.toml", environment: [:]).coins[0].policy.releaseAt == nil)
    }

    @Test(arguments: [("release_at = 7", "7 is out of range"), ("release_at = 0", "0 is out of range"),
                      ("release_at = \"soon\"", "\"soon\" is not valid"), ("release_at = true", "found")])
    func badReleaseAtNamesFileLineAndField(_ line: String, _ words: String) throws {
        let text = Self.coin("confirmations = 6\n" + line)
        let error = #expect(throws: ConfigFileError.self) { try ConfigLoader.parse(text: text, file: "t.toml", environment: [:]) }
        let issue = error?.issues.first { $0.field == "coin[0].release_at" }
        let expectedLine = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.hasPrefix("release_at") }.map { $0 + 1 }
        #expect(issue?.file == "t.toml")
        #expect(issue != nil && issue?.line == expectedLine)
        #expect(issue?.problem.contains(words) == true, "\(issue?.problem ?? "no issue")")
    }

    @Test func zeroConfirmationsIsAcceptedWithAWarningThatSaysTheRisk() throws {
        let text = Self.coin("confirmations = 0")
        let config = try ConfigLoader.parse(text: text, file: "t.toml", environment: [:])
        #expect(config.coins[0].policy.requiredConfirmations == 0)
        let warning = try #require(config.warnings.first { $0.field == "coin[0].confirmations" })
        #expect(warning.problem.contains("double spend"))
        #expect(warning.line != nil)
        #expect(try ConfigLoader.parse(text: Self.coin("confirmations = 1"), file: "t.toml", environment: [:]).warnings
            .allSatisfy { $0.field != "coin[0].confirmations" })
    }

    @Test func theExampleDocumentsReleaseAt() throws {
        let example = try Repository.text("Sources/TillConfig/Resources/till.example.toml")
        #expect(example.contains("release_at = "))
        #expect(ConfigKeys.coin.contains("release_at"))
    }
}
