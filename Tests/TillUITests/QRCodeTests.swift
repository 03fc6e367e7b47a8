import Testing
import TillTestSupport
@testable import TillUI

/// Payloads of protocols-and-vectors §B, with the versions qrencode 4.1.1 gave at level M.
enum Payloads {
    static let address = "bc1qcr8te4kr609gcawutmrza0j4xv80jy8z306fyu"
    static let bip21Lower = "bitcoin:" + address
    static let bip21Upper = "BITCOIN:" + address.uppercased()
    /// 98 characters: upper-cased address, then amount, label and message (case kept).
    static let bip21Full = "BITCOIN:" + address.uppercased() + "?amount=0.00123456&label=Cafe&message=Order%2042"
    static let bip21FullLower = "bitcoin:" + address + "?amount=0.00123456&label=Cafe&message=Order%2042"
    /// 128 characters: a USDC transfer of 12.5 USDC on chain 1.
    static let eip681 = "ethereum:0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48@1/transfer?address="
        + "0x9858effd232b4033e47d90003d41ec34ecaeda94&uint256=12.5e6"
}

@Suite struct QRCodeTests {
    @Test func payloadLengthsMatchTheResearchTable() {
        #expect(Payloads.bip21Upper.count == 50)
        #expect(Payloads.bip21Full.count == 98)
        #expect(Payloads.eip681.count == 128)
    }

    @Test(arguments: [
        (Payloads.bip21Lower, 4, TextSize(columns: 41, rows: 21)),
        (Payloads.bip21Upper, 3, TextSize(columns: 37, rows: 19)),
        (Payloads.bip21Full, 5, TextSize(columns: 45, rows: 23)),
        (Payloads.bip21FullLower, 6, TextSize(columns: 49, rows: 25)),
        (Payloads.eip681, 8, TextSize(columns: 57, rows: 29)),
    ])
    func versionAndTerminalSizeAtLevelM(payload: String, version: Int, size: TextSize) throws {
        let code = try QRCode(payload)
        #expect(code.version == version)
        #expect(code.size == 17 + 4 * version)
        #expect(code.textSize == size)
        #expect(code.halfBlockLines.count == size.rows)
        #expect(code.halfBlockLines.allSatisfy { $0.count == size.columns })
    }

    @Test func upperCaseIsDenserThanLowerCase() throws {
        #expect(try QRCode(Payloads.bip21Upper).version < QRCode(Payloads.bip21Lower).version)
    }

    @Test func emptyAndOversizedPayloadsAreTypedErrors() {
        #expect(throws: QRCodeError.emptyPayload) { try QRCode("") }
        let huge = String(repeating: "x", count: 5000)
        do {
            _ = try QRCode(huge)
            Issue.record("a 5000-byte payload cannot fit a QR code at level M")
        } catch {
            guard case let .tooLong(characters, bytes, _) = error else { Issue.record("wrong error \(error)"); return }
            #expect(characters == 5000 && bytes == 5000)
            #expect(error.message.contains("5000 characters"))
        }
    }

    @Test func quietZoneIsLightOnEverySide() throws {
        let lines = try QRCode(Payloads.bip21Upper).halfBlockLines
        #expect(lines[0].allSatisfy { $0 == " " })
        #expect(lines[1].allSatisfy { $0 == " " })
        // Module row 4 (the top of the finder patterns) is the top half of text row 2.
        #expect(lines[2].hasPrefix("    █"))
        #expect(lines.allSatisfy { $0.hasPrefix("    ") && $0.hasSuffix("    ") })
        // 37 module rows: the last text row holds module row 36 (quiet) and nothing below it.
        #expect(lines[lines.count - 1].allSatisfy { $0 == " " })
        #expect(lines[lines.count - 2].allSatisfy { $0 == " " || $0 == "▀" })
    }
}
