import BigInt
import Foundation
import Testing
import TillConfig
import TillCore
@testable import TillUI

/// The ERC-20 payment screen: the recipient is the one complete address, the token contract only a short labelled
/// identity; a wrong-asset deposit is told in words. Snapshots at 80×24 and 120×40 (Snapshots/, recorded when missing).
@Suite struct TokenPaymentSnapshotTests {
    static let t0 = ScreenSnapshotTests.t0
    static let contract = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48"
    static let recipient = "0x9858EfFD232B4033E47d90003D41EC34EcaEda94"
    static let usdc = Asset(id: "USDC", symbol: "USDC", decimals: 6, kind: .erc20(contract: contract, chainID: 1))
    static let ether = Asset(id: "ETH", symbol: "ETH", decimals: 18, kind: .evmNative(chainID: 1))
    static let saleID = "S-20260920-0001"

    static func model(_ size: TextSize) throws -> TillModel {
        let rate = ExchangeRate(asset: usdc, currency: .usd, price: try DecimalNumber(parsing: "1.00"), source: "fixed",
                                time: t0.addingTimeInterval(-12))
        let coin = CoinOption(asset: usdc, network: "Ethereum mainnet", policy: PaymentPolicy(requiredConfirmations: 12),
                              backend: .online, rate: rate)
        var model = TillModel(shop: ShopInfo(name: "Snapshot Shop", currency: .usd, taxMode: .excluded), cashier: "alice", training: false,
                              catalog: try CatalogFile.sample(), coins: [coin], now: t0, size: size)
        model.timeZone = TimeZone(identifier: "UTC")!
        model.nextSaleID = saleID
        for key: Key in [.enter, .down, .enter, .enter, .character("c"), .character("1")] { _ = model.handle(.key(key)) }
        let amount = try rate.coinDue(for: model.cart.total)
        let quote = Quote(address: recipient, derivationPath: "m/44'/60'/0'/0/7", amount: amount, fiat: model.cart.total, rate: rate,
                          uri: "ethereum:\(contract)@1/transfer?address=\(recipient)&uint256=\(amount.units)",
                          createdAt: t0, expiresAt: t0.addingTimeInterval(900))
        _ = model.handle(.sale(id: saleID, .quoteReady(quote)))
        return model
    }

    /// The token sale after 0.02 ETH reached its address.
    static func wrongAsset(_ size: TextSize) throws -> TillModel {
        var model = try model(size)
        let stray = PaymentObservation(ref: PaymentRef(txid: "0x" + String(repeating: "e7", count: 32), output: -1), address: recipient,
                                       amount: CoinAmount(units: 20_000_000_000_000_000, asset: ether), replaceable: false,
                                       confirmations: 1, blockHeight: 21_000_000, blockHash: "0x" + String(repeating: "0b", count: 32))
        _ = model.handle(.sale(id: saleID, .wrongAsset(stray, at: t0.addingTimeInterval(60))))
        return model
    }

    @Test(arguments: ScreenSnapshotTests.sizes)
    func tokenScreensMatchTheirSnapshots(_ size: TextSize) throws {
        for (name, model) in [("payment-token", try Self.model(size)), ("payment-wrong-asset", try Self.wrongAsset(size))] {
            let text = TillScreen.render(model).text + "\n"
            let file = ScreenSnapshotTests.directory.appendingPathComponent("\(name)-\(size.columns)x\(size.rows).txt")
            guard let expected = try? String(contentsOf: file, encoding: .utf8), ProcessInfo.processInfo.environment["TILL_RECORD_SNAPSHOTS"] == nil else {
                try Data(text.utf8).write(to: file)
                Issue.record("recorded \(file.lastPathComponent): review it and run again")
                continue
            }
            #expect(text == expected, "\(name) at \(size) differs from \(file.lastPathComponent)")
        }
    }

    @Test(arguments: ScreenSnapshotTests.sizes)
    func theRecipientIsTheOneCompleteAddress(_ size: TextSize) throws {
        let lines = TillScreen.render(try Self.model(size)).text.split(separator: "\n").map(String.init)
        // Beside the QR at 80×24 the text column is 33 wide: the 42-character address then takes two lines of that
        // column, split nowhere else and with nothing else on them (never shortened, never in groups).
        let column = Self.textColumn(lines)
        let whole = column.indices.filter { column[$0] == Self.recipient }
        let wrapped = column.indices.dropLast().filter {
            !column[$0].isEmpty && column[$0] + column[$0 + 1] == Self.recipient && !column[$0].contains(" ")
        }
        #expect(whole.count + wrapped.count == 1, "the recipient appears complete, once: \(column)")
        if size.columns >= 120 { #expect(whole.count == 1, "on one line where the column has room") }
        let text = lines.joined(separator: "\n")
        #expect(!text.contains(Self.contract) && !text.lowercased().contains(Self.contract.lowercased()), "the contract is never shown whole")
        #expect(!text.contains("0x9858 EfFD"), "not in groups of four")
        let sentences = column.joined(separator: " ")
        #expect(sentences.contains("token contract 0xA0b8…eB48 on chain 1"), "\(sentences)")
        #expect(sentences.contains("never to the token contract"))
        #expect(!lines.contains { $0.trimmingCharacters(in: .whitespaces) == "." }, "no stray full stop on its own line")
    }

    @Test func aWrongAssetDepositIsToldInWordsAndNotCounted() throws {
        let model = try Self.wrongAsset(TextSize(columns: 80, rows: 24))
        let text = TillScreen.render(model).text
        let column = Self.textColumn(text.split(separator: "\n").map(String.init)).joined(separator: " ")
        #expect(column.contains("received 0.02 ETH on a USDC sale: not counted, the manager can refund"), "\(column)")
        #expect(text.contains("Waiting for payment"))
        #expect(model.sale?.received?.units == 0)
        #expect(model.sale?.flags == [.wrongAsset])
    }

    /// The text beside the QR, line by line, trimmed: each line from the column where "Pay exactly" starts.
    static func textColumn(_ lines: [String]) -> [String] {
        guard let heading = lines.first(where: { $0.contains("Pay exactly") }),
              let start = heading.firstIndex(where: { $0 != " " }) else { return [] }
        let offset = heading.distance(from: heading.startIndex, to: start)
        return lines.map { line in
            guard line.count > offset else { return "" }
            return String(line.dropFirst(offset)).trimmingCharacters(in: .whitespaces)
        }
    }
}
