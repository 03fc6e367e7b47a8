import Testing
import TillCore
@testable import TillHooks

@Suite struct EscPosTests {
    @Test func receiptJobStartsWithInitialiseHasTheLinesAQRAndEndsWithTheCut() {
        let job = PrintJob.receipt(HookFixture.receipt(), columns: 32)
        let bytes = job.escpos(codePage: .cp858, printQR: true)
        #expect(Array(bytes.prefix(5)) == [0x1B, 0x40, 0x1B, 0x74, 19])
        #expect(Array(bytes.suffix(4)) == [0x1D, 0x56, 0x41, 3])
        for line in job.lines {
            #expect(bytes.contains(bytes: Array(line.trimmingCharacters(in: .whitespaces).utf8)), "missing \(line)")
        }
        // The shop name is printed bold and double size, the total bold.
        #expect(bytes.contains(bytes: [0x1B, 0x45, 1, 0x1D, 0x21, 0x11] + Array("Corner Computers".utf8)))
        #expect(bytes.contains(bytes: [0x1B, 0x45, 1] + Array("TOTAL                  $1,460.30".utf8) + [0x0A, 0x1B, 0x45, 0]))
        // QR of the txid: store (fn 80) with length 64 + 3, error correction M.
        #expect(bytes.contains(bytes: [0x1D, 0x28, 0x6B, 67, 0, 0x31, 0x50, 0x30] + Array(HookFixture.txid.utf8)))
        #expect(bytes.contains(bytes: [0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x45, 0x31]))
        #expect(bytes.contains(bytes: [0x1D, 0x28, 0x6B, 3, 0, 0x31, 0x51, 0x30]))
        #expect(!job.escpos(codePage: .cp858, printQR: false).contains(bytes: [0x1D, 0x28, 0x6B]))
    }

    @Test func qrLengthUsesBothBytes() {
        let data = [UInt8](repeating: 0x41, count: 300)
        let bytes = EscPos.qrCode(data)
        // 300 + 3 = 303 = 0x012F → pL 0x2F, pH 0x01.
        #expect(bytes.contains(bytes: [0x1D, 0x28, 0x6B, 0x2F, 0x01, 0x31, 0x50, 0x30, 0x41]))
    }

    @Test func textIsEncodedInThePrintersCodePage() {
        #expect(PrinterCodePage.cp858.encode("Café €5") == [0x43, 0x61, 0x66, 0x82, 0x20, 0xD5, 0x35])
        #expect(PrinterCodePage.wpc1252.encode("Café €5") == [0x43, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x35])
        #expect(PrinterCodePage.cp437.encode("Grüße") == [0x47, 0x72, 0x81, 0xE1, 0x65])
        // Missing characters become look-alikes, one byte each, so columns stay aligned.
        #expect(PrinterCodePage.cp437.encode("€ő…×") == Array("Eo.x".utf8))
        // "Ł" has no decomposition and no slot: "?".
        #expect(PrinterCodePage.cp858.encode("Łódź") == [UInt8(ascii: "?"), 0xA2, UInt8(ascii: "d"), UInt8(ascii: "z")])
        #expect(PrinterCodePage.cp858.encode("日") == [UInt8(ascii: "?")])
        #expect(PrinterCodePage.utf8.encode("€") == [0xE2, 0x82, 0xAC])
        #expect(EscPosDocument(codePage: .utf8).bytes == [0x1B, 0x40])
    }

    @Test func textFilePrintersGetPlainText() {
        let job = PrintJob.receipt(HookFixture.receipt(), columns: 42)
        let printer = ReceiptPrinter(PrinterConfiguration(name: "file", destination: .textFile(path: "/tmp/x"), columns: 42))
        #expect(printer.bytes(for: job) == Array((job.lines.joined(separator: "\n") + "\n\n").utf8))
        #expect(!printer.bytes(for: job).contains(0x1B))
    }
}
