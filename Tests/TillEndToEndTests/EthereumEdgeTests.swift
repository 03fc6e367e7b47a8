import BigInt
import Foundation
import Testing
import TillChainTestSupport
import TillCore
import TillManager
import TillStore
import TillTestSupport
import TillWallet

/// The Ethereum edges of issue 18 in the real till (tmux) against the real EVM: a reorged, double-spent token payment
/// is dropped; wrong-asset deposits are told to the cashier, recorded and listed; a reorg a paid sale came through
/// leaves no open exception.
@Suite(.serialized) struct EthereumEdgeTests {
    /// The panel's lines joined, so a wrapped sentence can be searched whole.
    static func flat(_ screen: String) -> String {
        screen.split(separator: "\n").map { line in
            // The QR (left) and the panel (right) share lines: keep the text after the last QR block character.
            let text = String(line)
            let tail = text.lastIndex { "█▀▄".contains($0) }.map { text[text.index(after: $0)...] } ?? Substring(text)
            return tail.trimmingCharacters(in: .whitespaces)
        }.filter { !$0.isEmpty }.joined(separator: " ")
    }

    static func exceptions(_ till: EthereumLiveTill, includeResolved: Bool = false) throws -> [ExceptionItem] {
        try ExceptionQueue(store: TillDatabase(path: till.databasePath)).page(includeResolved: includeResolved).items
    }

    @Test func aReorgedTokenPaymentDoubleSpentFromTheSameNonceIsDropped() async throws {
        let node = try await EVMNode.start()
        defer { node.stop() }
        let payer = try #require(try await node.accounts().first)
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000_000)
        let till = try EthereumLiveTill(node: node, token: token)
        let session = try await till.start()
        defer { session.kill() }
        let shown = try await EthereumPaymentTests.startSale(session)
        guard case .token(_, let recipient, let units?) = try EthereumPaymentURI(parsing: shown.uri).request else {
            Issue.record("not an ERC-20 transfer request with an amount: \(shown.uri)")
            return
        }
        let saleID = try #require(try till.openSale(showing: shown.uri)?.id)
        let snapshot = try await node.snapshot()
        let paid = try await node.transferToken(token, from: payer, to: recipient, units: units)
        _ = try await session.waitFor("1/3 confirmations", timeout: .seconds(20))

        // The block leaves the chain; the customer's same nonce pays someone else in the new, longer history.
        try await node.revert(to: snapshot)
        try await node.transferToken(token, from: payer, to: "0x" + String(repeating: "5a", count: 20), units: units)
        try await node.mine(4)
        // The QR is replaced (issue 14): a vanished payment is never met by a payable code.
        let screen = try await session.waitFor("PAYMENT VANISHED", timeout: .seconds(30))
        #expect(Self.flat(screen).contains("a payment vanished") && Self.flat(screen).contains("do not pay"))
        #expect(try QRScreenDecoder.decode(screen: screen) == nil)
        let sale = try #require(try till.sale(saleID))
        #expect(sale.status == .awaitingPayment)
        #expect(sale.payments.map(\.ref.txid) == [paid] && sale.payments.first?.state == .vanished)
        #expect(sale.received?.units == 0)
        #expect(sale.flags.isSuperset(of: [.reorged, .doubleSpent]))
        let kinds = try TillDatabase(path: till.databasePath).observations(address: recipient).map(\.kind)
        #expect(kinds.contains("reorg") && kinds.contains("vanished"), "\(kinds)")
        // The manager no longer reads "received 96.13 of 96.13".
        let item = try #require(try Self.exceptions(till).first { $0.sale.id == saleID })
        #expect(item.sale.coinReceivedUnits == 0)
        #expect(!item.actions.contains(.acceptAsPaid))
    }

    @Test func etherSentToATokenSaleIsToldRecordedAndListed() async throws {
        let node = try await EVMNode.start()
        defer { node.stop() }
        let payer = try #require(try await node.accounts().dropFirst().first)
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000_000)
        let till = try EthereumLiveTill(node: node, token: token)
        let session = try await till.start()
        defer { session.kill() }
        let shown = try await EthereumPaymentTests.startSale(session)
        guard case .token(_, let recipient, _) = try EthereumPaymentURI(parsing: shown.uri).request else {
            Issue.record("not an ERC-20 transfer request: \(shown.uri)")
            return
        }
        let saleID = try #require(try till.openSale(showing: shown.uri)?.id)
        try await node.sendEth(from: payer, to: recipient, wei: 20_000_000_000_000_000)
        let screen = try await session.waitFor("not counted", timeout: .seconds(20))
        #expect(Self.flat(screen).contains("received 0.02 ETH on a USDC sale: not counted, the manager can refund"))
        #expect(screen.contains("Waiting for payment"))
        let sale = try #require(try till.sale(saleID))
        #expect(sale.status == .awaitingPayment && sale.received?.units == 0 && sale.payments.isEmpty)
        #expect(sale.wrongAssetDeposits.map(\.amount.units) == [20_000_000_000_000_000])
        #expect(sale.wrongAssetDeposits.first?.amount.asset.symbol == "ETH")
        #expect(sale.flags == [.wrongAsset])
        let records = try TillDatabase(path: till.databasePath).observations(address: recipient)
        #expect(records.map(\.kind) == ["wrong-asset"])
        #expect(records.first?.amountUnits == 20_000_000_000_000_000)
        #expect(try Self.exceptions(till).first { $0.sale.id == saleID }?.reasons == [.wrongAsset])
    }

    @Test func tokensSentToAnEtherSaleAreToldRecordedAndListed() async throws {
        let node = try await EVMNode.start()
        defer { node.stop() }
        let payer = try #require(try await node.accounts().first)
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000_000)
        let till = try EthereumLiveTill(node: node, token: token)
        let session = try await till.start()
        defer { session.kill() }
        let shown = try await EthereumPaymentTests.startSale(session, coin: "3")
        guard case .native(let recipient, _) = try EthereumPaymentURI(parsing: shown.uri).request else {
            Issue.record("not a native ETH request: \(shown.uri)")
            return
        }
        let saleID = try #require(try till.openSale(showing: shown.uri)?.id)
        try await node.transferToken(token, from: payer, to: recipient, units: 96_130_000)
        let screen = try await session.waitFor("not counted", timeout: .seconds(20))
        #expect(Self.flat(screen).contains("received 96.13 USDC on an ETH sale: not counted, the manager can refund"))
        let sale = try #require(try till.sale(saleID))
        #expect(sale.status == .awaitingPayment && sale.received?.units == 0)
        #expect(sale.wrongAssetDeposits.map(\.amount) == [CoinAmount(units: 96_130_000, asset: sale.wrongAssetDeposits[0].amount.asset)])
        #expect(sale.wrongAssetDeposits.first?.amount.asset.id == "USDC", "reported once, as the coin that works (not WRONG)")
        #expect(try Self.exceptions(till).first { $0.sale.id == saleID }?.reasons == [.wrongAsset])
    }

    @Test func aPaidSaleWhoseTransactionWasMinedAgainLeavesNoOpenException() async throws {
        let node = try await EVMNode.start()
        defer { node.stop() }
        let payer = try #require(try await node.accounts().dropFirst(3).first)
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000_000)
        let till = try EthereumLiveTill(node: node, token: token)
        let session = try await till.start()
        defer { session.kill() }
        let shown = try await EthereumPaymentTests.startSale(session, coin: "3")
        guard case .native(let recipient, let wei?) = try EthereumPaymentURI(parsing: shown.uri).request else {
            Issue.record("not a native ETH request with a value: \(shown.uri)")
            return
        }
        let saleID = try #require(try till.openSale(showing: shown.uri)?.id)
        let raw = try await node.signEth(from: payer, to: recipient, wei: wei)
        let snapshot = try await node.snapshot()
        try await node.sendRaw(raw)
        try await node.mine(2)
        _ = try await session.waitFor("PAID", timeout: .seconds(20))

        // The paid block leaves the chain; the very same transaction is mined in the new, longer history.
        try await node.revert(to: snapshot)
        try await node.mine(1)
        try await node.sendRaw(raw)
        try await node.mine(3)
        try await waitUntil(timeout: .seconds(30)) {
            guard let sale = try till.sale(saleID) else { return false }
            return sale.flags.contains(.reorged) && sale.status == .paid && sale.confirmations >= 3
        }
        let sale = try #require(try till.sale(saleID))
        #expect(sale.payments.count == 1 && sale.payments.first?.state == .confirmed)
        #expect(sale.history.contains { $0.from == .paid && $0.to == .confirming }, "the reorg stays in the history")
        #expect(try !Self.exceptions(till).contains { $0.sale.id == saleID }, "nothing is left to do")
        let resolved = try #require(try Self.exceptions(till, includeResolved: true).first { $0.sale.id == saleID })
        #expect(resolved.resolved && resolved.reasons == [.reorged])
    }

    /// Polls `condition` (SQLite, read by a fresh connection) until it holds.
    private func waitUntil(timeout: Duration, _ condition: () throws -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try condition() { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        Issue.record("the condition did not hold within \(timeout)")
    }
}
