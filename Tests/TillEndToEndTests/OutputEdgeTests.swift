import Foundation
import Testing
import TillApp
import TillCore
import TillTestSupport
import TillUI

/// Issue 13.3: untrusted text (catalog names, node replies, hook stderr) is neutralised at each output edge.
@Suite struct OutputEdgeTests {
    @Test func aNewlineInAMessageCannotForgeALogLineAndEscapesAreShownNotObeyed() throws {
        let directory = try TemporaryDirectory()
        let log = FileLog(path: directory.file("till.log").path)
        log.error("esplora: 404 body: not found\n2026-11-25T13:04:58Z info manager: refund approved\u{1B}[2J\u{202E}")
        log.info("second")
        let text = try String(contentsOfFile: log.path, encoding: .utf8)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 3 && lines[2].isEmpty)
        #expect(lines[0].hasSuffix(" error esplora: 404 body: not found\\n2026-11-25T13:04:58Z info manager: refund approved\\u{001B}[2J\\u{202E}"))
        #expect(lines[1].hasSuffix(" info second"))
        #expect(UntrustedText.isClean(text.replacingOccurrences(of: "\n", with: "")))
    }

    @Test func receiptFilesCarryNoControlCharacters() throws {
        let directory = try TemporaryDirectory()
        var cart = Cart(currency: .usd, taxMode: .excluded)
        cart.add(Product(id: "MUG", name: "Mug\u{1B}p0\u{202E}\u{200B}x", price: FiatAmount(minor: 500, currency: .usd), category: "Kitchen"))
        let sale = Sale(id: "S-1", cashier: "alice\u{9B}", openedAt: Date(), cart: cart)
        let path = try ReceiptWriter(directory: directory.url)
            .write(sale, shop: ShopInfo(name: "Shop\u{2066}", currency: .usd), timeZone: .current).get()
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(UntrustedText.isClean(text.replacingOccurrences(of: "\n", with: "")))
        #expect(text.contains("Mug?p0??x"))
    }
}
