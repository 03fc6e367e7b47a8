import Foundation
import Testing
import TillApp
import TillConfig
import TillCore
import TillTestSupport
import TillUI
import TillWallet

/// Training offers a simulated Ethereum and an ERC-20 stablecoin beside Bitcoin: a sale in each goes to PAID
/// with an EIP-681 QR whose URI decodes (zbarimg) to a request for the quoted amount on the training chain.
@Suite struct TrainingEVMFlowTests {
    @Test(arguments: [("2", TrainingCoins.eth), ("3", TrainingCoins.usd)])
    func sellInTrainingWith(key: String, asset: Asset) async throws {
        let directory = try TemporaryDirectory()
        let runner = try TillLauncher.training(shop: ShopInfo(name: "Test Shop", currency: .usd), catalog: try CatalogFile.sample(),
                                               cashier: "alice", inbox: Inbox(), log: FileLog(path: directory.file("till.log").path),
                                               receipts: ReceiptWriter(directory: directory.file("receipts")), now: Date(),
                                               database: directory.file("training.sqlite"))
        let decoded = Box()
        let required = PaymentPolicy.defaults(for: asset).requiredConfirmations
        var steps: [ScriptedTerminal.Step] = [
            .on("Products", .enter),
            .on("Total", type: "c"),
            .on("Choose a coin", type: Character(key)),
            .on("Waiting for payment", do: {
                decoded.value = try QRScreenDecoder.decode(screen: decoded.terminal?.lastScreen ?? "")
            }),
            .on("Waiting for payment", type: "p"),
            .on("Payment seen", type: "b"),
        ]
        for done in 1..<required { steps.append(.on("\(done)/\(required) confirm", type: "b")) }
        steps += [.on("PAID", .enter), .on("Receipt", type: "q")]
        let terminal = ScriptedTerminal(size: TextSize(columns: 80, rows: 24), steps: steps)
        decoded.terminal = terminal
        #expect(await runOnOwnThread(runner, terminal) == 0)
        #expect(terminal.failure == nil, "\(terminal.failure ?? "")")
        let uri = try #require(decoded.value, "no QR decoded while waiting for payment")
        let request = try EthereumPaymentURI(parsing: uri)
        #expect(request.chainID == TrainingCoins.chainID)
        let amount = try #require(try request.amount(in: asset))
        #expect(amount.units > 0)
    }
}

/// A value the terminal's screen callback fills in.
final class Box: @unchecked Sendable {
    var value: String?
    var terminal: ScriptedTerminal?
}
