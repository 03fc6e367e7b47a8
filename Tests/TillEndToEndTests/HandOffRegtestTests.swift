import Foundation
import Testing
import TillChainTestSupport
import TillCore
import TillTestSupport
import TillWallet

/// Issue 14, done when: a cashier completes three sales in a row while the first two are still confirming (tmux, real
/// regtest node), and each background sale becomes PAID with its notice and receipt.
@Suite(.serialized) struct HandOffRegtestTests {
    /// One sale from the catalog to "Payment seen": returns its id (read back from the scanned QR).
    static func sellAndPay(_ session: TmuxSession, _ node: RegtestNode) async throws -> String {
        _ = try await session.waitFor("Products", timeout: .seconds(60))
        try session.send(keys: "Enter")
        _ = try await session.waitFor("Total")
        try session.send(text: "c")
        let shown = try await RegtestPaymentTests.shownPayment(try session.waitFor("Waiting for payment", timeout: .seconds(60)))
        _ = try await node.send(to: shown.payment.address, amount: try #require(shown.payment.amount).plainDecimal)
        _ = try await session.waitFor("n next customer", timeout: .seconds(60))
        return shown.saleID
    }

    @Test func threeSalesInARowWhileTheFirstTwoConfirm() async throws {
        try await RegtestNode.with { node in
            let till = try LiveTill(node: node)
            let session = try await till.start()
            defer { session.kill() }
            let first = try await Self.sellAndPay(session, node)
            try session.send(text: "n")
            let strip = try await session.waitFor("in flight: \(first) BTC 0/6")
            #expect(try QRScreenDecoder.decode(screen: strip) == nil)
            _ = try await node.generate(1)
            _ = try await session.waitFor("\(first) BTC 1/6", timeout: .seconds(60))

            let second = try await Self.sellAndPay(session, node)
            try session.send(text: "n")
            _ = try await session.waitFor("in flight: \(second) BTC 0/6 · \(first) BTC 1/6")
            _ = try await node.generate(1)
            _ = try await session.waitFor("\(second) BTC 1/6 · \(first) BTC 2/6", timeout: .seconds(60))

            // The third customer stays at the counter; the first two finish behind the payment screen.
            let third = try await Self.sellAndPay(session, node)
            #expect(try till.sale(first)?.status == .confirming && till.sale(second)?.status == .confirming)
            _ = try await node.generate(4)
            let firstPaid = try await session.waitFor("\(first) PAID ✓", timeout: .seconds(60))
            #expect(!firstPaid.contains("\(first) BTC"), "a PAID sale leaves the strip")
            _ = try await node.generate(1)
            _ = try await session.waitFor("\(second) PAID ✓", timeout: .seconds(60))
            _ = try await node.generate(1)
            let done = try await session.waitUntil("the third sale PAID on screen") { $0.contains("✓ PAID") && !$0.contains("in flight:") }
            #expect(try QRScreenDecoder.decode(screen: done) == nil)

            for id in [first, second, third] {
                let sale = try #require(try till.sale(id))
                #expect(sale.status == .paid, "\(id) is \(sale.status)")
                #expect(sale.payments.first?.confirmations ?? 0 >= 6)
            }
            for id in [first, second] {
                let receipt = till.directory.file("data/receipts/\(id).txt")
                let text = try String(contentsOf: receipt, encoding: .utf8)
                #expect(text.contains("PAID") && text.contains(id))
            }
            try session.send(text: "q")
            await #expect(try session.waitForExit() == 0)
        }
    }
}
