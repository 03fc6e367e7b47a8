import Foundation
import Testing
import TillConfig
import TillCore
@testable import TillUI

/// The manager visit around the tabs: opening, leaving, and closing by itself when nobody is at the counter.
struct ManagerVisitTests {
    static let start = Date(timeIntervalSince1970: 1_795_608_000)

    static func model() throws -> TillModel {
        var model = TillModel(shop: ShopInfo(name: "Visit Shop", currency: .usd), cashier: "carl", training: false,
                              catalog: try CatalogFile.sample(), coins: [], now: start, size: TextSize(columns: 80, rows: 24))
        model.session = SignedInUser(name: "carl", isManager: false)
        return model
    }

    @Test func anUnattendedVisitClosesAfterTheIdleLimitAndAKeyKeepsItOpen() throws {
        var model = try Self.model()
        _ = model.openManager(approver: "boss", onBehalfOf: "carl")
        #expect(model.screen == .manager)
        _ = model.handle(.tick(Self.start.addingTimeInterval(ManagerModel.idleLimit - 1)))
        #expect(model.screen == .manager)
        _ = model.handle(.key(.tab))
        _ = model.handle(.tick(Self.start.addingTimeInterval(ManagerModel.idleLimit + 60)))
        #expect(model.screen == .manager, "a key restarted the idle time")
        let effects = model.handle(.tick(Self.start.addingTimeInterval(2 * ManagerModel.idleLimit)))
        #expect(model.screen == .catalog)
        #expect(effects.contains(.manager(.closed)), "the service forgets the approval")
        #expect(model.manager.approver == nil && model.manager.onBehalfOf == nil)
        #expect(model.notice?.text.contains("closed after 5 minutes") == true)
    }

    @Test func escapeLeavesBackToTheSaleOnScreen() throws {
        var model = try Self.model()
        _ = model.handle(.saleIDReserved("S-1"))
        _ = model.handle(.key(.enter))
        let onScreen = try #require(model.sale?.id)
        _ = model.openManager(approver: "boss", onBehalfOf: "carl")
        let effects = model.handle(.key(.escape))
        #expect(effects == [.manager(.closed)])
        #expect(model.screen == .catalog)
        #expect(model.sale?.id == onScreen)
    }
}

/// Chain events for the sale on screen keep updating it while a manager works on the manager screen.
struct ManagerVisitChainTests {
    @Test func aPaymentConfirmedDuringAVisitKeepsTheManagerScreen() throws {
        var model = try ManagerVisitTests.model()
        _ = model.handle(.saleIDReserved("S-1"))
        _ = model.handle(.key(.enter))
        var sale = try #require(model.sale)
        _ = sale.handle(.checkout(.btc, policy: PaymentPolicy(requiredConfirmations: 1), at: ManagerVisitTests.start))
        let rate = ExchangeRate(asset: .btc, currency: .usd, price: try DecimalNumber(parsing: "60000"), source: "fixed",
                                time: ManagerVisitTests.start)
        let due = try rate.coinDue(for: sale.cart.total)
        let quote = Quote(address: "bcrt1qexample", derivationPath: nil, amount: due, fiat: sale.cart.total, rate: rate,
                          uri: "bitcoin:bcrt1qexample", createdAt: ManagerVisitTests.start,
                          expiresAt: ManagerVisitTests.start.addingTimeInterval(900))
        _ = sale.handle(.quoteReady(quote))
        _ = model.handle(.restored(sale))
        _ = model.openManager(approver: "boss", onBehalfOf: "carl")
        let payment = PaymentObservation(ref: PaymentRef(txid: String(repeating: "a", count: 64), output: 0), address: quote.address,
                                         amount: due, replaceable: false, confirmations: 1,
                                         blockHeight: 101, blockHash: String(repeating: "b", count: 64))
        let effects = model.handle(.sale(id: sale.id, .observed(payment, at: ManagerVisitTests.start)))
        #expect(model.sale?.status == .paid, "the sale still follows the chain")
        #expect(effects.contains { if case .persist = $0 { true } else { false } })
        #expect(model.screen == .manager)
        _ = model.handle(.key(.escape))
        #expect(model.screen == .receipt, "leaving shows where the sale is now")
    }
}
