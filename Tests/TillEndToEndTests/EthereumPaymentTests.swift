import Foundation
import Testing
import TillChainTestSupport
import TillCore
import TillTestSupport
import TillWallet
#if canImport(Glibc)
import Glibc
#endif

/// The till in a real terminal against a real EVM: a USDC-like ERC-20 sale's QR is decoded by zbarimg, checked
/// against the sale in SQLite, paid with a real `transfer`, and the progress bar advances block by block to PAID.
@Suite(.serialized) struct EthereumPaymentTests {
    /// Adds the first product and chooses coin 1; returns the payment screen and the decoded URI.
    static func startSale(_ session: TmuxSession, coin: String = "1") async throws -> (screen: String, uri: String) {
        _ = try await session.waitFor("Products", timeout: .seconds(30))
        try session.send(keys: "Enter")
        _ = try await session.waitFor("Total")
        try session.send(text: "c")
        _ = try await session.waitFor("Choose a coin")
        try session.send(text: coin)
        let screen = try await session.waitFor("Waiting for payment", timeout: .seconds(30))
        guard let uri = try QRScreenDecoder.decode(screen: screen) else {
            throw TmuxSession.Failure(description: "zbarimg found no QR code on:\n\(screen)")
        }
        return (screen, uri)
    }

    @Test func payTheScannedTokenQRCodeUntilPaid() async throws {
        let node = try await EVMNode.start()
        defer { node.stop() }
        let payer = try #require(try await node.accounts().first)
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000_000)
        let till = try EthereumLiveTill(node: node, token: token)
        let session = try await till.start()
        defer { session.kill() }

        // The coin with the wrong decimals is refused at start, with the contract's answer, and logged.
        _ = try await session.waitFor("Products", timeout: .seconds(30))
        try session.send(keys: "Enter")
        _ = try await session.waitFor("Total")
        try session.send(text: "c")
        let picker = try await session.waitFor("the config says decimals = 18", timeout: .seconds(20))
        #expect(picker.contains("unavailable: token"))
        #expect(till.log().contains("refusing this token"))
        try session.send(text: "1")
        let screen = try await session.waitFor("Waiting for payment", timeout: .seconds(30))

        // The QR is an EIP-681 transfer whose token, chain, recipient and amount are the sale's.
        let uri = try #require(try QRScreenDecoder.decode(screen: screen), "zbarimg found no QR code on:\n\(screen)")
        let request = try EthereumPaymentURI(parsing: uri)
        guard case .token(let contract, let recipient, let units?) = request.request else {
            Issue.record("not an ERC-20 transfer request with an amount: \(uri)")
            return
        }
        #expect(contract.lowercased() == token.lowercased())
        #expect(request.chainID == EVMNode.chainID)
        let sale = try #require(try till.openSale(showing: uri), "no open sale in SQLite asks for \(uri)")
        let quote = try #require(sale.currentQuote)
        #expect(quote.address == recipient, "the recipient is the sale's address (EIP-55)")
        #expect(quote.amount.units == units && quote.amount.asset.decimals == 6)
        #expect(quote.amount.asset.id == "USDC")
        #expect(sale.status == .awaitingPayment)
        // The recipient is the merchant's first receive address of the account xpub (a fresh till), EIP-55 checksummed.
        let wallet = try WatchOnlyWallet(parsing: EthereumLiveTill.accountXpub, network: .ethereum, addressType: .evm)
        #expect(try wallet.derive(index: 0).address == recipient)

        // The recipient is the one complete address on screen; the contract only a short identity with the chain,
        // and the customer is warned not to send to it.
        #expect(screen.split(separator: "\n").filter { $0.contains(recipient) }.count == 1)
        #expect(!screen.lowercased().contains(token.lowercased()), "the contract is never shown whole")
        let short = String(contract.prefix(6)) + "…" + String(contract.suffix(4))
        let flat = EthereumEdgeTests.flat(screen)
        #expect(flat.contains("token contract \(short) on chain \(EVMNode.chainID)"))
        #expect(flat.contains("Send USDC to the address above, never to the token contract"))

        // eth-tester mines the transfer in its own block: 1 confirmation at once, then one per mined block.
        try await node.transferToken(token, from: payer, to: recipient, units: units)
        _ = try await session.waitFor("1/3 confirmations", timeout: .seconds(20))
        try await node.mine(1)
        _ = try await session.waitFor("2/3 confirmations", timeout: .seconds(20))
        try await node.mine(1)
        _ = try await session.waitFor("PAID", timeout: .seconds(20))
        let paid = try #require(try till.sale(sale.id))
        #expect(paid.status == .paid)
        #expect(paid.payments.count == 1)
        #expect(paid.payments.first?.amount == quote.amount)
        #expect(paid.payments.first?.confirmations == 3)
        #expect(paid.payments.first?.address == recipient)
        try session.send(text: "q")
        await #expect(try session.waitForExit() == 0)
    }

    @Test func killedAfterThePaymentWasSeenRestartsAndKeepsCounting() async throws {
        let node = try await EVMNode.start()
        defer { node.stop() }
        let payer = try #require(try await node.accounts().first)
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000_000)
        let till = try EthereumLiveTill(node: node, token: token)
        var session = try await till.start()
        let shown = try await Self.startSale(session)
        let saleID = try #require(try till.openSale(showing: shown.uri)?.id, "no open sale in SQLite asks for \(shown.uri)")
        guard case .token(_, let recipient, let units?) = try EthereumPaymentURI(parsing: shown.uri).request else {
            Issue.record("not an ERC-20 transfer request with an amount: \(shown.uri)")
            return
        }
        try await node.transferToken(token, from: payer, to: recipient, units: units)
        _ = try await session.waitFor("1/3 confirmations", timeout: .seconds(20))
        Glibc.kill(try session.programProcessID(), SIGKILL)
        session.kill()

        // A block is mined while the till is down; the restarted till finds the payment again and counts on.
        try await node.mine(1)
        session = try await till.start()
        defer { session.kill() }
        let restored = try await session.waitFor("2/3 confirmations", timeout: .seconds(30))
        #expect(try QRScreenDecoder.decode(screen: restored) == shown.uri, "restarted into the same payment screen")
        try await node.mine(1)
        _ = try await session.waitFor("PAID", timeout: .seconds(20))
        let paid = try #require(try till.sale(saleID))
        #expect(paid.status == .paid)
        #expect(paid.payments.count == 1, "the payment found again after the restart is the same one")
        #expect(paid.payments.first?.amount.units == units)
    }

    @Test func payTheScannedEtherQRCodeUntilPaid() async throws {
        let node = try await EVMNode.start()
        defer { node.stop() }
        let payer = try #require(try await node.accounts().first)
        let token = try await node.deployToken(name: "USD Coin", symbol: "USDC", decimals: 6, supply: 1_000_000_000_000)
        let till = try EthereumLiveTill(node: node, token: token)
        let session = try await till.start()
        defer { session.kill() }
        let shown = try await Self.startSale(session, coin: "3")
        let request = try EthereumPaymentURI(parsing: shown.uri)
        guard case .native(let recipient, let wei?) = request.request else {
            Issue.record("not a native ETH request with a value: \(shown.uri)")
            return
        }
        #expect(request.chainID == EVMNode.chainID)
        let sale = try #require(try till.openSale(showing: shown.uri), "no open sale in SQLite asks for \(shown.uri)")
        let quote = try #require(sale.currentQuote)
        #expect(quote.address == recipient && quote.amount.units == wei && quote.amount.asset.id == "ETH")
        #expect(!shown.screen.contains("token contract"), "no token warning for native ETH")

        try await node.sendEth(from: payer, to: recipient, wei: wei)
        _ = try await session.waitFor("1/3 confirmations", timeout: .seconds(20))
        try await node.mine(2)
        _ = try await session.waitFor("PAID", timeout: .seconds(20))
        let paid = try #require(try till.sale(sale.id))
        #expect(paid.status == .paid)
        #expect(paid.payments.map(\.amount) == [quote.amount])
    }
}
