import Foundation
import Testing
import TillConfig
import TillCore
@testable import TillUI

/// The counter never waits (issue 14): (model, events) → (screen, sale on screen, strip, notice, effects), as a table.
struct HandOffRow: CustomTestStringConvertible, Sendable {
    let name: String
    let given: @Sendable () throws -> TillModel
    let events: [TillEvent]
    let screen: Screen
    let sale: String?
    let inFlight: [String]
    /// A part of the notice line (nil: no notice).
    let notice: String?
    /// The kinds of the last event's effects, in order.
    let effects: [String]
    /// When set, the event is S-1's change in the background after these sale events (as the runner reports it).
    var backgroundEvents: (@Sendable (TillModel) -> [SaleEvent])? = nil
    var testDescription: String { name }
}

enum HandOffFixture {
    static let t0 = Date(timeIntervalSince1970: 1_790_000_000)
    static let address = "mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn"

    static func model(coins: Int = 1) throws -> TillModel {
        let rate = ExchangeRate(asset: .btc, currency: .usd, price: try DecimalNumber(parsing: "60000"), source: "fixed", time: t0)
        var options = [CoinOption(asset: .btc, network: "Bitcoin regtest", policy: PaymentPolicy(), backend: .online, rate: rate)]
        if coins > 1 {
            let eth = Asset(id: "ETH", symbol: "ETH", decimals: 18, kind: .evmNative(chainID: 1337))
            options.append(CoinOption(asset: eth, network: "Ethereum dev", policy: PaymentPolicy(requiredConfirmations: 12), backend: .online))
        }
        var model = TillModel(shop: ShopInfo(name: "Hand-off Shop", currency: .usd), cashier: "alice", training: false,
                              catalog: try CatalogFile.sample(), coins: options, now: t0, size: TextSize(columns: 80, rows: 24))
        model.timeZone = TimeZone(identifier: "UTC")!
        model.nextSaleID = "S-1"
        return model
    }

    static func quote(_ model: TillModel) throws -> Quote {
        let rate = model.coins[0].rate!
        let amount = try rate.coinDue(for: model.cart.total)
        return Quote(address: address, derivationPath: nil, amount: amount, fiat: model.cart.total, rate: rate,
                     uri: "bitcoin:\(address)?amount=\(amount.plainDecimal)", createdAt: t0, expiresAt: t0.addingTimeInterval(900))
    }

    /// A sale of one product showing its QR (one coin: `c` goes straight to the quote).
    static func awaiting() throws -> TillModel {
        var model = try model()
        _ = model.handle(.key(.enter))
        _ = model.handle(.key(.character("c")))
        _ = model.handle(.sale(id: "S-1", .quoteReady(try quote(model))))
        return model
    }

    static func observation(_ model: TillModel, confirmations: Int = 0) -> PaymentObservation {
        let amount = (model.sale ?? model.inFlight[0]).totalDue!
        return PaymentObservation(ref: PaymentRef(txid: String(repeating: "ab", count: 32), output: 0), address: address,
                                  amount: amount, replaceable: false,
                                  confirmations: confirmations, blockHeight: confirmations > 0 ? 101 : nil,
                                  blockHash: confirmations > 0 ? "00aa" : nil)
    }

    /// The whole amount seen in the mempool.
    static func seen() throws -> TillModel {
        var model = try awaiting()
        _ = model.handle(.sale(id: "S-1", .observed(observation(model), at: t0.addingTimeInterval(60))))
        return model
    }

    /// S-1 handed off with `n`: the catalog is free for the next customer.
    static func handedOff() throws -> TillModel {
        var model = try seen()
        _ = model.handle(.key(.character("n")))
        return model
    }

    static func kind(_ effect: TillEffect) -> String {
        switch effect {
        case .persist: "persist"
        case .reserveSaleID: "reserveSaleID"
        case .writeReceipt: "writeReceipt"
        case .simulatePayment: "simulatePayment"
        case .simulateBlock: "simulateBlock"
        case .login: "login"
        case .manager: "manager"
        case .quit: "quit"
        }
    }
}

private typealias H = HandOffFixture
private let ref = PaymentRef(txid: String(repeating: "ab", count: 32), output: 0)
private let at = H.t0.addingTimeInterval(600)

/// Rows whose event comes from the background sale S-1 (as the runner reports it).
private func backgroundRow(_ name: String, _ events: @escaping @Sendable (TillModel) -> [SaleEvent], inFlight: [String],
                           notice: String?, effects: [String]) -> HandOffRow {
    HandOffRow(name: name, given: { try H.handedOff() }, events: [], screen: .catalog, sale: nil, inFlight: inFlight, notice: notice,
               effects: effects, backgroundEvents: events)
}

private let rows: [HandOffRow] = [
    HandOffRow(name: "n hands a seen payment off to the background", given: { try H.seen() }, events: [.key(.character("n"))],
               screen: .catalog, sale: nil, inFlight: ["S-1"], notice: "S-1 confirms in the background", effects: []),
    HandOffRow(name: "n does nothing while nothing was paid", given: { try H.awaiting() }, events: [.key(.character("n"))],
               screen: .payment, sale: "S-1", inFlight: [], notice: nil, effects: []),
    HandOffRow(name: "Esc on a seen payment points at n", given: { try H.seen() }, events: [.key(.escape)],
               screen: .payment, sale: "S-1", inFlight: [], notice: "n serves the next customer", effects: []),
    HandOffRow(name: "the next sale asks for its number only when it starts", given: { try H.handedOff() }, events: [.key(.enter)],
               screen: .catalog, sale: nil, inFlight: ["S-1"], notice: "S-1 confirms", effects: ["reserveSaleID"]),
    HandOffRow(name: "the number arrives and the product waiting for it is added", given: { try H.handedOff() },
               events: [.key(.enter), .saleIDReserved("S-2")], screen: .catalog, sale: "S-2", inFlight: ["S-1"], notice: "added",
               effects: ["persist"]),
    backgroundRow("background PAID names the sale and writes its receipt",
                  { m in [.observed(H.observation(m, confirmations: 6), at: at)] }, inFlight: [], notice: "S-1 PAID ✓", effects: ["writeReceipt"]),
    backgroundRow("background confirmations update the strip quietly",
                  { m in [.observed(H.observation(m, confirmations: 2), at: at)] }, inFlight: ["S-1"], notice: "S-1 confirms", effects: []),
    backgroundRow("background reorg is an error notice naming the sale",
                  { m in [.observed(H.observation(m, confirmations: 2), at: at), .reorged(ref, at: at)] }, inFlight: ["S-1"],
                  notice: "S-1: a block was replaced", effects: []),
    backgroundRow("background double spend names the sale", { _ in [.vanished(ref, at: at)] }, inFlight: ["S-1"],
                  notice: "S-1: the payment VANISHED", effects: []),
    backgroundRow("background double spend after expiry stays in the strip only with funds",
                  { _ in [.vanished(ref, at: H.t0.addingTimeInterval(1_000))] }, inFlight: [], notice: "S-1: the payment VANISHED", effects: []),
    backgroundRow("background overpayment is told in coin and fiat",
                  { m in [.observed(PaymentObservation(ref: PaymentRef(txid: String(repeating: "cd", count: 32), output: 0), address: H.address,
                                                       amount: CoinAmount(units: 10_000, asset: .btc), replaceable: false, confirmations: 6,
                                                       blockHeight: 101, blockHash: "00aa"), at: at),
                          .observed(H.observation(m, confirmations: 6), at: at)] },
                  inFlight: [], notice: "S-1 overpaid by 0.00010000 BTC ($6.00)", effects: ["writeReceipt"]),
    HandOffRow(name: "i opens the newest sale in flight again", given: { try H.handedOff() }, events: [.key(.character("i"))],
               screen: .payment, sale: "S-1", inFlight: [], notice: "opened S-1 again", effects: []),
    HandOffRow(name: "i waits for a cart in progress", given: { try H.handedOff() }, events: [.key(.enter), .saleIDReserved("S-2"), .key(.character("i"))],
               screen: .catalog, sale: "S-2", inFlight: ["S-1"], notice: "finish or empty this cart first", effects: []),
    HandOffRow(name: "n on a reopened sale hands it back", given: { try H.handedOff() }, events: [.key(.character("i")), .key(.character("n"))],
               screen: .catalog, sale: nil, inFlight: ["S-1"], notice: "S-1 confirms", effects: []),
    HandOffRow(name: "a manager voids the sale on screen: its end is shown, not a stuck quote",
               given: { var m = try H.awaiting(); m.screen = .catalog; return m },
               events: [.saleChangedByManager({ var s = try! H.awaiting().sale!; _ = s.handle(.managerVoid(reason: "test", at: at)); return s }(), effects: [])],
               screen: .payment, sale: "S-1", inFlight: [], notice: nil, effects: []),
    HandOffRow(name: "Enter after a void starts a new sale", given: { var m = try H.awaiting(); _ = m.handle(.saleChangedByManager(
        { var s = m.sale!; _ = s.handle(.managerVoid(reason: "test", at: at)); return s }(), effects: [])); return m },
               events: [.key(.enter)], screen: .catalog, sale: nil, inFlight: [], notice: nil, effects: []),
    HandOffRow(name: "double spent on screen: Esc asks to cancel instead of trapping the cashier",
               given: { var m = try H.seen(); _ = m.handle(.sale(id: "S-1", .vanished(ref, at: at))); return m },
               events: [.key(.escape)], screen: .payment, sale: "S-1", inFlight: [], notice: nil, effects: []),
    HandOffRow(name: "one coin: c goes straight to its quote", given: { var m = try H.model(); _ = m.handle(.key(.enter)); return m },
               events: [.key(.character("c"))], screen: .coinPicker, sale: "S-1", inFlight: [], notice: "preparing a BTC quote", effects: ["persist"]),
    HandOffRow(name: "two coins: c shows the picker without a stale notice", given: { var m = try H.model(coins: 2); _ = m.handle(.key(.enter)); return m },
               events: [.key(.character("c"))], screen: .coinPicker, sale: "S-1", inFlight: [], notice: nil, effects: []),
]

@Suite struct HandOffTableTests {
    @Test(arguments: rows)
    func row(_ row: HandOffRow) throws {
        var model = try row.given()
        var effects: [TillEffect] = []
        var events = row.events
        if let background = row.backgroundEvents {
            var sale = model.inFlight[0]
            var saleEffects: [SaleEffect] = []
            for event in background(model) { saleEffects += sale.handle(event) }
            events = [.backgroundSale(sale, effects: saleEffects)]
        }
        for event in events { effects = model.handle(event) }
        #expect(model.screen == row.screen)
        #expect(model.sale?.id == row.sale)
        #expect(model.inFlight.map(\.id) == row.inFlight)
        if let notice = row.notice {
            #expect(model.notice?.text.contains(notice) == true, "notice: \(model.notice?.text ?? "none")")
        } else {
            #expect(model.notice == nil, "notice: \(model.notice?.text ?? "none")")
        }
        #expect(effects.map(H.kind) == row.effects)
    }
}
