import Foundation
import Testing
import TillConfig
import TillCore
@testable import TillUI

/// Killed while the quote was being prepared (sale `building` with a coin chosen): the restarted till asks for the
/// quote again, picking the coin again asks again, and Esc goes back to the cart.
struct QuoteWindowRestartTests {
    static let start = Date(timeIntervalSince1970: 1_795_608_000)
    static let coin = CoinOption(asset: .btc, network: "regtest", policy: PaymentPolicy())

    /// A logged-in model with one product in the cart of sale S-1.
    static func model() throws -> TillModel {
        var model = TillModel(shop: ShopInfo(name: "Quote Shop", currency: .usd), cashier: "carl", training: false,
                              catalog: try CatalogFile.sample(), coins: [coin], now: start, size: TextSize(columns: 80, rows: 24))
        model.session = SignedInUser(name: "carl", isManager: false)
        _ = model.handle(.saleIDReserved("S-1"))
        _ = model.handle(.key(.enter))
        return model
    }

    /// The sale as saved when the coin key was pressed: building, BTC chosen, no quote.
    static func pendingQuote() throws -> Sale {
        var model = try Self.model()
        _ = model.handle(.key(.character("c")))
        let effects = model.handle(.key(.character("1")))
        #expect(Self.requestsQuote(effects))
        let sale = try #require(model.sale)
        #expect(sale.status == .building && sale.asset == .btc && sale.quotes.isEmpty)
        return sale
    }

    static func requestsQuote(_ effects: [TillEffect]) -> Bool {
        effects.contains {
            guard case .persist(_, let saleEffects) = $0 else { return false }
            return saleEffects.contains { if case .requestQuote(.btc, _, nil, nil) = $0 { true } else { false } }
        }
    }

    @Test func aRestoredSaleWaitingForItsQuoteAsksForItAgain() throws {
        let saved = try Self.pendingQuote()
        var restarted = try Self.model()
        let effects = restarted.handle(.restored(saved))
        #expect(Self.requestsQuote(effects), "the restart re-issues the lost quote request")
        #expect(restarted.screen == .coinPicker)
        #expect(restarted.sale == saved, "asking again changes nothing in the sale")
        // The answer then arrives and the payment screen follows.
        let quote = Quote(address: "bcrt1qexample", derivationPath: nil, amount: CoinAmount(units: 1_000, asset: .btc),
                          fiat: saved.cart.total, rate: ExchangeRate(asset: .btc, currency: .usd, price: DecimalNumber(digits: 60000, scale: 0), source: "fixed", time: Self.start),
                          uri: "bitcoin:bcrt1qexample", createdAt: Self.start, expiresAt: Self.start.addingTimeInterval(900))
        _ = restarted.handle(.sale(id: saved.id, .quoteReady(quote)))
        #expect(restarted.screen == .payment && restarted.sale?.status == .awaitingPayment)
    }

    /// Every key on the coin picker while the quote is pending: what it does to the screen, the sale and the request.
    @Test(arguments: [
        (Key.character("1"), Screen.coinPicker, true, true),
        (Key.enter, Screen.coinPicker, true, true),
        (Key.escape, Screen.catalog, false, false),
    ])
    func keysWhileTheQuoteIsPending(key: Key, screen: Screen, keepsCoin: Bool, requests: Bool) throws {
        let saved = try Self.pendingQuote()
        var model = try Self.model()
        _ = model.handle(.restored(saved))
        let effects = model.handle(.key(key))
        #expect(model.screen == screen)
        #expect((model.sale?.asset != nil) == keepsCoin)
        #expect(Self.requestsQuote(effects) == requests)
        if !keepsCoin {
            // Back in the cart: it can be edited again, and a late answer to the abandoned request is refused.
            #expect(model.sale?.status == .building && model.sale?.cart.isEmpty == false)
            #expect(effects.contains { if case .persist(let sale, _) = $0 { sale.asset == nil } else { false } }, "saved before shown")
        }
    }
}
