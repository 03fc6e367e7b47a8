import Foundation
import Testing
import TillConfig
import TillCore
import TillTestSupport
@testable import TillUI

/// Every screen rendered to text at 80×24 and 120×40 and compared with the files in Snapshots/.
/// A missing file is written and the test fails, so a new snapshot is always reviewed before it counts.
@Suite struct ScreenSnapshotTests {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let sizes = [TextSize(columns: 80, rows: 24), TextSize(columns: 120, rows: 40)]

    static func model(_ size: TextSize) throws -> TillModel {
        let coin = CoinOption(asset: .btc, network: "Bitcoin regtest", policy: PaymentPolicy(), backend: .online,
                              rate: ExchangeRate(asset: .btc, currency: .usd, price: try DecimalNumber(parsing: "60000"), source: "fixed",
                                                 time: t0.addingTimeInterval(-12)))
        var model = TillModel(shop: ShopInfo(name: "Snapshot Shop", currency: .usd, taxMode: .excluded), cashier: "alice", training: false,
                              catalog: try CatalogFile.sample(), coins: [coin], now: t0, size: size)
        model.timeZone = TimeZone(identifier: "UTC")!
        model.nextSaleID = "S-20260920-0001"
        return model
    }

    /// The model after typing `keys`, and the sale driven by `events`.
    static func scene(_ size: TextSize, keys: [Key], events: [SaleEvent] = []) throws -> TillModel {
        var model = try model(size)
        for key in keys { _ = model.handle(.key(key)) }
        for event in events { _ = model.handle(.sale(id: "S-20260920-0001", event)) }
        return model
    }

    static func quote(_ model: TillModel) throws -> Quote {
        let rate = model.coins[0].rate!
        let amount = try rate.coinDue(for: model.cart.total)
        let address = "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn"
        return Quote(address: address, derivationPath: "m/44'/1'/0'/0/7", amount: amount, fiat: model.cart.total, rate: rate,
                     uri: "bitcoin:\(address)?amount=\(amount.plainDecimal)&label=Snapshot%20Shop&message=S-20260920-0001",
                     createdAt: t0, expiresAt: t0.addingTimeInterval(900))
    }

    static func scenes(_ size: TextSize) throws -> [(String, TillModel)] {
        let cart: [Key] = [.enter, .down, .enter, .enter]
        // One coin: `c` goes straight to its quote (no picker).
        var payment = try scene(size, keys: cart + [.character("c")])
        let quote = try quote(payment)
        _ = payment.handle(.sale(id: "S-20260920-0001", .quoteReady(quote)))
        var confirming = payment
        let seen = PaymentObservation(ref: PaymentRef(txid: String(repeating: "ab", count: 32), output: 1), address: quote.address,
                                      amount: quote.amount, replaceable: false)
        _ = confirming.handle(.sale(id: "S-20260920-0001", .observed(seen, at: t0.addingTimeInterval(60))))
        let three = PaymentObservation(ref: seen.ref, address: quote.address, amount: quote.amount, replaceable: false, confirmations: 3,
                                       blockHeight: 120, blockHash: "00ab")
        _ = confirming.handle(.sale(id: "S-20260920-0001", .observed(three, at: t0.addingTimeInterval(1_800))))
        var paid = confirming
        let six = PaymentObservation(ref: seen.ref, address: quote.address, amount: quote.amount, replaceable: false, confirmations: 6,
                                     blockHeight: 120, blockHash: "00ab")
        _ = paid.handle(.sale(id: "S-20260920-0001", .observed(six, at: t0.addingTimeInterval(3_600))))
        var receipt = paid
        _ = receipt.handle(.key(.enter))
        // The whole amount seen, then `n`: the next customer's catalog with the strip of sales in flight.
        var handOff = payment
        _ = handOff.handle(.sale(id: "S-20260920-0001", .observed(seen, at: t0.addingTimeInterval(60))))
        var seenScreen = handOff
        _ = handOff.handle(.key(.character("n")))
        _ = handOff.handle(.saleIDReserved("S-20260920-0002"))
        _ = handOff.handle(.key(.enter))
        var expired = payment
        _ = expired.handle(.tick(t0.addingTimeInterval(900)))
        var vanished = payment
        _ = vanished.handle(.sale(id: "S-20260920-0001", .observed(seen, at: t0.addingTimeInterval(60))))
        _ = vanished.handle(.sale(id: "S-20260920-0001", .vanished(seen.ref, at: t0.addingTimeInterval(90))))
        seenScreen.notice = nil
        // Two coins: the picker.
        var coins = try model(size)
        coins.coins.append(CoinOption(asset: Asset(id: "ETH", symbol: "ETH", decimals: 18, kind: .evmNative(chainID: 1337)),
                                      network: "Ethereum dev", policy: PaymentPolicy(requiredConfirmations: 12), backend: .online))
        for key in cart + [.character("c")] { _ = coins.handle(.key(key)) }
        var help = try scene(size, keys: cart)
        _ = help.handle(.key(.character("?")))
        let search = try scene(size, keys: [.character("/"), .character("s"), .character("s"), .character("d")])
        return [
            ("catalog", try scene(size, keys: cart)), ("search", search), ("coins", coins),
            ("payment", payment), ("confirming", confirming), ("paid", paid), ("receipt", receipt), ("help", help),
            ("seen", seenScreen), ("handoff", handOff), ("expired", expired), ("vanished", vanished),
        ]
    }

    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")

    @Test(arguments: sizes)
    func screensMatchTheirSnapshots(_ size: TextSize) throws {
        for (name, model) in try Self.scenes(size) {
            let text = TillScreen.render(model).text + "\n"
            let file = Self.directory.appendingPathComponent("\(name)-\(size.columns)x\(size.rows).txt")
            guard let expected = try? String(contentsOf: file, encoding: .utf8), ProcessInfo.processInfo.environment["TILL_RECORD_SNAPSHOTS"] == nil else {
                try FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
                try Data(text.utf8).write(to: file)
                Issue.record("recorded \(file.lastPathComponent): review it and run again")
                continue
            }
            #expect(text == expected, "\(name) at \(size) differs from \(file.lastPathComponent)")
        }
    }

    /// Every role a screen uses is visible in every shipped theme, and the QR stays black on white.
    @Test(arguments: ["dark", "light", "high-contrast"])
    func everyThemeShowsEveryRoleUsed(_ themeName: String) throws {
        let theme = try #require(ThemeFile.builtIn(themeName))
        for size in Self.sizes {
            for (name, model) in try Self.scenes(size) {
                let canvas = TillScreen.render(model)
                for cell in canvas.cells where cell.grapheme != " " && !cell.style.isQR {
                    let pair = theme.pair(cell.style.role)
                    #expect(pair.foreground != pair.background, "\(themeName): \(cell.style.role) invisible on \(name)")
                }
            }
        }
    }

    @Test func paymentScreenShowsTheQRAndTheProgress() throws {
        let scenes = Dictionary(uniqueKeysWithValues: try Self.scenes(TextSize(columns: 120, rows: 40)))
        let confirming = TillScreen.render(scenes["confirming"]!)
        #expect(confirming.text.contains("3/6 confirmations"))
        #expect(confirming.cells.contains { $0.style.isQR && $0.grapheme == "█" })
        #expect(TillScreen.render(scenes["paid"]!).text.contains("PAID"))
    }

    @Test func tooSmallTerminalSaysHowBig() throws {
        let model = try Self.model(TextSize(columns: 60, rows: 20))
        let text = TillScreen.render(model).text
        #expect(text.contains("Terminal too small"))
        #expect(text.contains("need at least 80×24, now 60×20"))
    }
}
