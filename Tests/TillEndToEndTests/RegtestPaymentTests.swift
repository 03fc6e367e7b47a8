import Foundation
import Testing
import TillChainTestSupport
import TillCore
import TillTestSupport
import TillWallet
#if canImport(Glibc)
import Glibc
#endif

/// The till in a real terminal against a real regtest node: the QR on screen is decoded by zbarimg, paid with
/// the node's wallet, and the progress bar advances block by block to PAID, which SQLite records.
@Suite(.serialized) struct RegtestPaymentTests {
    /// The sale id and URI shown on the payment screen, read back through the QR code.
    /// From the catalog to the QR of the first product (one coin: `c` goes straight to its quote), as scanned.
    static func quoteFirstProduct(_ session: TmuxSession) async throws -> (uri: String, payment: BitcoinPaymentURI, saleID: String) {
        _ = try await session.waitFor("Products", timeout: .seconds(60))
        try session.send(keys: "Enter")
        _ = try await session.waitFor("Total")
        try session.send(text: "c")
        return try shownPayment(try await session.waitFor("Waiting for payment", timeout: .seconds(60)))
    }

    static func shownPayment(_ screen: String) throws -> (uri: String, payment: BitcoinPaymentURI, saleID: String) {
        guard let uri = try QRScreenDecoder.decode(screen: screen) else {
            throw TmuxSession.Failure(description: "zbarimg found no QR code on:\n\(screen)")
        }
        let payment = try BitcoinPaymentURI(parsing: uri)
        guard let saleID = payment.message else { throw TmuxSession.Failure(description: "no sale id in \(uri)") }
        return (uri, payment, saleID)
    }

    @Test func payTheScannedQRCodeUntilPaid() async throws {
        try await RegtestNode.with { node in
            let till = try LiveTill(node: node)
            let session = try await till.start()
            defer { session.kill() }
            let shown = try await Self.quoteFirstProduct(session)
            let saved = try #require(try till.sale(shown.saleID))
            #expect(saved.currentQuote?.uri == shown.uri, "the QR encodes exactly the sale's URI")
            #expect(saved.status == .awaitingPayment)
            let amount = try #require(shown.payment.amount)

            // Resize during the payment: the screen follows, the QR scans at 80×24 too (issue 14) and afterwards.
            try session.resize(width: 80, height: 24)
            let small = try await session.waitUntil("the QR code at 80×24") { (try? QRScreenDecoder.decode(screen: $0)) != nil }
            // Where space is tight the URI may drop label and message, never the address or the amount.
            let scanned = try BitcoinPaymentURI(parsing: try #require(try QRScreenDecoder.decode(screen: small)))
            #expect(scanned.address == shown.payment.address && scanned.amount == shown.payment.amount)
            try session.resize(width: 120, height: 40)
            let again = try await session.waitUntil("the QR code back") { (try? QRScreenDecoder.decode(screen: $0)) != nil }
            #expect(try Self.shownPayment(again).uri == shown.uri)

            _ = try await node.send(to: shown.payment.address, amount: amount.plainDecimal)
            _ = try await session.waitFor("Payment seen", timeout: .seconds(60))
            for confirmations in 1...5 {
                _ = try await node.generate(1)
                _ = try await session.waitFor("\(confirmations)/6 confirmations", timeout: .seconds(60))
            }
            _ = try await node.generate(1)
            let paidScreen = try await session.waitFor("✓ PAID", timeout: .seconds(60))
            // Issue 14: a paid sale's code is gone, so nobody pays it twice.
            #expect(try QRScreenDecoder.decode(screen: paidScreen) == nil, "a QR is still on the PAID screen:\n\(paidScreen)")
            let paid = try #require(try till.sale(shown.saleID))
            #expect(paid.status == .paid)
            #expect(paid.payments.first?.confirmations == 6)
            #expect(paid.payments.first?.amount == amount)
            try session.send(text: "q")
            await #expect(try session.waitForExit() == 0)
        }
    }

    @Test func killedDuringAPaymentRestartsIntoItAndFindsThePaymentMadeWhileDown() async throws {
        try await RegtestNode.with { node in
            let till = try LiveTill(node: node)
            var session = try await till.start()
            _ = try await session.waitFor("Products", timeout: .seconds(60))
            try session.send(keys: "Enter")
            _ = try await session.waitFor("Total")
            try session.send(text: "c")
            let shown = try await Self.shownPayment(try session.waitFor("Waiting for payment", timeout: .seconds(60)))
            Glibc.kill(try session.programProcessID(), SIGKILL)
            session.kill()

            // Paid and mined while the till is down.
            _ = try await node.send(to: shown.payment.address, amount: try #require(shown.payment.amount).plainDecimal)
            _ = try await node.generate(2)

            session = try await till.start()
            defer { session.kill() }
            let restored = try await session.waitFor("2/6 confirmations", timeout: .seconds(60))
            #expect(try Self.shownPayment(restored).uri == shown.uri, "restarted into the same payment screen")
            let sale = try #require(try till.sale(shown.saleID))
            #expect(sale.status == .confirming)
            // Escape with a payment seen does not cancel: the cashier is told to wait or ask a manager.
            try session.send(keys: "Escape")
            _ = try await session.waitFor("a payment was seen")
            try session.send(text: "q")
            _ = try await session.waitFor("Quit anyway?")
            try session.send(text: "y")
            await #expect(try session.waitForExit() == 0)
        }
    }
}
