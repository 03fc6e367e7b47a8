import Foundation
import Testing
import TillCore
import TillHooks

/// Issue 13.2: text on a receipt can never become a printer command, whatever the catalog or a node sent.
@Suite struct PrinterControlTests {
    /// ESC p 0 25 250 kicks the cash drawer; GS V A 3 cuts; then a C1 CSI and a bidi override.
    static let hostile = "Mug\u{1B}p\u{0}\u{19}\u{FA}\u{1D}VA\u{3}\u{9B}\u{202E}x"

    static func receipt(named name: String) -> Receipt {
        var receipt = HookFixture.receipt()
        receipt.lines.append(ReceiptLine(quantity: 1, name: name, total: FiatAmount(minor: 500, currency: .usd)))
        return receipt
    }

    @Test func aProductNameCannotOpenTheDrawerOrCutThePaperOnTheWire() async throws {
        let job = PrintJob.receipt(Self.receipt(named: Self.hostile), columns: 42)
        let sink = try TCPSink()
        let printer = ReceiptPrinter(PrinterConfiguration(name: "counter", destination: .network(host: "127.0.0.1", port: sink.port)))
        _ = try await printer.print(job).get()
        let received = try #require(sink.waitForJobs(1).first)
        #expect(!received.contains(bytes: [0x1B, 0x70]), "ESC p (drawer kick) reached the printer")
        #expect(count([0x1D, 0x56], in: received) == 1, "more than the one cut at the end")
        #expect(Array(received.suffix(4)) == [0x1D, 0x56, 0x41, 3])
        #expect(!received.contains(0x9B))
        // Every control byte on the wire is one the encoder wrote itself: the stream equals the job with the
        // hostile characters printed as "?".
        let replaced = PrintJob.receipt(Self.receipt(named: UntrustedText.replacing(Self.hostile)), columns: 42)
        #expect(received == printer.bytes(for: replaced))
    }

    @Test(arguments: PrinterCodePage.allCases)
    func noCodePageEncodesAControlByteFromText(codePage: PrinterCodePage) {
        let bytes = codePage.encode(Self.hostile + "\u{7F}\u{85}\u{2066}\u{200B}\n\r\t")
        #expect(!bytes.contains(where: { $0 < 0x20 || $0 == 0x7F }))
        #expect(!bytes.contains(bytes: [0xC2, 0x9B]) && !bytes.contains(bytes: [0xE2, 0x80, 0xAE]))
        #expect(codePage.encode("Mug") == Array("Mug".utf8))
    }

    @Test func textFileReceiptsAndQRPayloadsAreCleanedToo() {
        let job = PrintJob(title: "t", lines: [Self.hostile], qrPayload: "bitcoin:x\u{1B}p0")
        #expect(!job.plainText.dropLast(2).contains(where: { $0.isNewline }))
        #expect(!job.plainText.unicodeScalars.contains("\u{1B}"))
        let bytes = job.escpos(codePage: .cp858, printQR: true)
        #expect(!bytes.contains(bytes: [0x1B, 0x70]))
        var document = EscPosDocument(codePage: .cp437)
        let before = document.bytes
        document.qr(String(repeating: "x", count: EscPos.qrCapacity + 1))
        #expect(document.bytes == before, "a payload no QR symbol holds (and whose length overflows) is left out")
    }

    private func count(_ needle: [UInt8], in haystack: [UInt8]) -> Int {
        guard haystack.count >= needle.count else { return 0 }
        return (0...(haystack.count - needle.count)).filter { Array(haystack[$0..<($0 + needle.count)]) == needle }.count
    }
}
