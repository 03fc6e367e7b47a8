import Foundation
import Testing
import TillCore
import TillTestSupport

/// Issue 13.3 and 13.7 at the command line: error messages are escaped, private material is named, never echoed.
@Suite struct CLIOutputTests {
    static var till: String { TestPeers.repositoryRoot.appendingPathComponent(".build/debug/till").path }

    @Test func anArgumentWithTerminalEscapesIsPrintedEscaped() async throws {
        let output = try await Processes.run(Self.till, ["addresses", "--wallet", PrivateMaterialSamples.tv1xpub,
                                                   "--network", "\u{1B}]0;pwned\u{7}\u{1B}[2J"], environment: ["PATH": "/usr/bin:/bin"])
        #expect(output.status != 0)
        #expect(!output.stderr.unicodeScalars.contains("\u{1B}") && !output.stderr.unicodeScalars.contains("\u{7}"))
        #expect(output.stderr.contains("\\u{001B}]0;pwned"), "\(output.stderr)")
    }

    @Test func aSeedPhraseGivenAsWalletIsNamedAndNotEchoed() async throws {
        let phrase = Array(repeating: "abandon", count: 11).joined(separator: " ") + " about"
        let output = try await Processes.run(Self.till, ["addresses", "--wallet", phrase], environment: ["PATH": "/usr/bin:/bin"])
        #expect(output.status != 0)
        #expect(output.stderr.contains("BIP39 seed phrase"), "\(output.stderr)")
        #expect(!output.stderr.contains("abandon abandon") && !output.stderr.contains("not base58"))
    }
}

enum PrivateMaterialSamples {
    static let tv1xpub = "xpub661MyMwAqRbcFtXgS5sYJABqqG9YLmC4Q1Rdap9gSE8NqtwybGhePY2gZ29ESFjqJoCu1Rupje8YtGqsefD265TMg7usUDFdp6W1EGMcet8"
}
