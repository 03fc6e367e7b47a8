import BigInt
import Foundation
import Testing
import TillConfig
import TillCore
@testable import TillUI

/// Rows, a context and a manager-screen model for the exceptions and report tab tests.
enum ManagerTabFixture {
    static let t0 = Date(timeIntervalSince1970: 1_795_608_000) // 2026-11-25 12:00 UTC
    static let berlin = TimeZone(identifier: "Europe/Berlin")!

    static func context(now: Date = t0, zone: TimeZone = berlin) -> ManagerContext {
        ManagerContext(now: now, timeZone: zone, currency: .usd, assets: [.btc, .eth], approver: "mia", onBehalfOf: nil,
                       training: false)
    }

    static func row(_ id: String, _ status: SaleStatus, _ reasons: [SaleFlag], received: BigUInt = 10_000,
                    actions: [ExceptionRowAction], asset: Asset = .btc, minutes: Double = 0, resolved: Bool = false) -> ExceptionRow {
        ExceptionRow(saleID: id, cashier: "carl", openedAt: t0.addingTimeInterval(minutes * 60), status: status, reasons: reasons,
                     fiatTotal: FiatAmount(minor: 900, currency: .usd), asset: asset,
                     due: CoinAmount(units: 18_000, asset: asset), received: CoinAmount(units: received, asset: asset),
                     refunded: false, resolved: resolved, actions: actions)
    }

    static let rows = [
        row("S-20261125-0004", .expired, [.expiredWithFunds, .paidLate], actions: [.acceptAsPaid, .recordRefund, .void], minutes: 3),
        row("S-20261125-0003", .paid, [.overpaid], received: 24_000, actions: [.recordRefund], minutes: 2),
        row("S-20261125-0002", .underpaid, [.underpaid], actions: [.acceptAsPaid, .recordRefund, .void], minutes: 1),
    ]

    /// The full model on the manager screen (the sales tab first, as the screen opens).
    static func model(_ size: TextSize = TextSize(columns: 80, rows: 24)) throws -> TillModel {
        var model = TillModel(shop: ShopInfo(name: "Snapshot Shop", currency: .usd), cashier: "mia", training: false,
                              catalog: try CatalogFile.sample(), coins: [], now: t0, size: size)
        model.timeZone = berlin
        model.session = SignedInUser(name: "mia", isManager: true)
        _ = model.openManager(approver: "mia", onBehalfOf: nil)
        return model
    }
}

@Suite struct ExceptionsTabTests {
    let context = ManagerTabFixture.context()

    func loaded() -> ExceptionsTab {
        var tab = ExceptionsTab()
        _ = tab.handle(.loaded(ManagerTabFixture.rows, more: false), context)
        return tab
    }

    func type(_ text: String, into tab: inout ExceptionsTab) {
        for character in text { _ = tab.key(.character(character), context) }
    }

    @Test func openingLoadsTheOpenQueueAndTheToggleAsksForResolvedOnes() {
        var tab = ExceptionsTab()
        #expect(tab.opened(context) == [.refresh(includeResolved: false)])
        #expect(tab.key(.character("s"), context) == [.refresh(includeResolved: true)])
        #expect(tab.includeResolved)
        #expect(tab.key(.character("s"), context) == [.refresh(includeResolved: false)])
    }

    @Test func theCursorMovesAndAReloadKeepsTheSelectedSale() {
        var tab = loaded()
        _ = tab.key(.down, context)
        _ = tab.key(.down, context)
        _ = tab.key(.down, context)
        #expect(tab.selected?.saleID == "S-20261125-0002")
        _ = tab.key(.up, context)
        #expect(tab.selected?.saleID == "S-20261125-0003")
        // A new exception arrives on top: the cursor stays on the same sale.
        let newer = ManagerTabFixture.row("S-20261125-0005", .underpaid, [.underpaid], actions: [.void], minutes: 4)
        _ = tab.handle(.loaded([newer] + ManagerTabFixture.rows, more: true), context)
        #expect(tab.selected?.saleID == "S-20261125-0003" && tab.cursor == 2 && tab.more)
        // The selected sale left the queue: the cursor stays in range.
        _ = tab.handle(.loaded([newer], more: false), context)
        #expect(tab.cursor == 0)
    }

    @Test func anActionThatDoesNotFitTheSaleOpensNoDialog() {
        var tab = loaded()
        _ = tab.key(.down, context) // the overpaid, paid sale: refund only
        #expect(tab.key(.character("a"), context) == [])
        #expect(tab.dialog == nil && tab.status?.kind == .warning)
        #expect(tab.status?.text.contains("accept as paid") == true)
        #expect(tab.key(.character("v"), context) == [] && tab.dialog == nil)
        #expect(tab.key(.character("r"), context) == [] && tab.dialog?.action == .recordRefund)
    }

    @Test func acceptingNeedsAReasonTypedInTheDialog() {
        var tab = loaded()
        #expect(tab.key(.character("a"), context) == [])
        #expect(tab.dialog?.action == .acceptAsPaid && tab.dialog?.saleID == "S-20261125-0004")
        #expect(tab.key(.enter, context) == [])
        #expect(tab.dialog?.error == "a reason is required")
        type("   ", into: &tab)
        #expect(tab.key(.enter, context) == [])
        #expect(tab.dialog?.error == "a reason is required")
        for _ in 0..<3 { _ = tab.key(.backspace, context) }
        type("known customer", into: &tab)
        #expect(tab.dialog?.error == nil)
        #expect(tab.key(.enter, context) == [.accept(saleID: "S-20261125-0004", reason: "known customer")])
        // The dialog stays until the service answers: a refusal is shown in it.
        _ = tab.handle(.failed("sale S-20261125-0004: nothing was received for this sale"), context)
        #expect(tab.dialog?.error == "sale S-20261125-0004: nothing was received for this sale")
        #expect(tab.handle(.acted("S-20261125-0004 accepted as paid"), context) == [.refresh(includeResolved: false)])
        #expect(tab.dialog == nil && tab.status == Notice("S-20261125-0004 accepted as paid", .success))
    }

    @Test func voidingNeedsAReasonAndEscapeCancels() {
        var tab = loaded()
        _ = tab.key(.character("v"), context)
        type("customer left", into: &tab)
        #expect(tab.key(.escape, context) == [])
        #expect(tab.dialog == nil && tab.status?.text == "cancelled")
        _ = tab.key(.character("v"), context)
        #expect(tab.dialog?.reason.text == "", "a new dialog starts empty")
        type("customer left", into: &tab)
        #expect(tab.key(.enter, context) == [.void(saleID: "S-20261125-0004", reason: "customer left")])
    }

    @Test func aRefundIsATxidAndAnExactAmountInTheSaleCoin() {
        var tab = loaded()
        _ = tab.key(.character("r"), context)
        #expect(tab.dialog?.focus == .txid)
        #expect(tab.key(.enter, context) == [])
        #expect(tab.dialog?.focus == .amount, "Enter on the txid moves on to the amount")
        #expect(tab.key(.enter, context) == [])
        #expect(tab.dialog?.error == "the refund's transaction id is required")
        _ = tab.key(.tab, context)
        #expect(tab.dialog?.focus == .txid)
        type("ab12 zz", into: &tab) // a txid field takes hex digits only
        #expect(tab.dialog?.txid.text == "ab12")
        _ = tab.key(.down, context)
        type("0.0001.2", into: &tab) // one decimal point only
        #expect(tab.dialog?.amount.text == "0.00012")
        #expect(tab.key(.enter, context) == [.refund(saleID: "S-20261125-0004", txid: "ab12",
                                                     amount: CoinAmount(units: 12_000, asset: .btc))])
    }

    @Test func amountsParseExactlyWithTheCoinsDecimals() throws {
        func units(_ text: String, _ asset: Asset) -> BigUInt? { try? ExceptionDialog.parseAmount(text, asset: asset).get().units }
        #expect(units("0.00012", .btc) == 12_000)
        #expect(units("0.00000001", .btc) == 1)
        #expect(units("21", .btc) == 2_100_000_000)
        #expect(units("1.000000000000000001", .eth) == BigUInt("1000000000000000001"))
        #expect(units("123456789.123456789123456789", .eth) == BigUInt("123456789123456789123456789"))
        #expect(units("0.1", .btc) == 10_000_000, "0.1 is not a binary fraction: exact only without Double")
        func problem(_ text: String, _ asset: Asset) -> String? {
            if case .failure(let problem) = ExceptionDialog.parseAmount(text, asset: asset) { return problem.message }
            return nil
        }
        #expect(problem("0.000000001", .btc)?.contains("more than 8 decimal places") == true)
        #expect(problem("0", .btc) == "the amount must be above zero")
        #expect(problem("0.00000000", .btc) == "the amount must be above zero")
        #expect(problem("", .btc) == "the amount in BTC is required")
        #expect(problem(".", .btc) != nil)
    }

    @Test func aRefundAboveTheReceivedAmountIsRefusedInTheDialog() {
        var tab = loaded()
        _ = tab.key(.character("r"), context)
        type("ab", into: &tab)
        _ = tab.key(.tab, context)
        type("1", into: &tab)
        #expect(tab.key(.enter, context)?.count == 1)
        _ = tab.handle(.failed("refund: 1.00000000 BTC is more than the 0.00010000 BTC left to refund"), context)
        #expect(tab.dialog?.error?.contains("left to refund") == true)
        _ = tab.key(.backspace, context)
        #expect(tab.dialog?.error == nil, "editing clears the error")
    }

    @Test func aFailureWithoutADialogShowsOnTheTab() {
        var tab = loaded()
        _ = tab.handle(.failed("could not load the exceptions: disk I/O error"), context)
        #expect(tab.status == Notice("could not load the exceptions: disk I/O error", .error))
    }

    @Test func theTabRefreshesEveryFewSecondsButNotUnderADialog() {
        var tab = ExceptionsTab()
        _ = tab.opened(context)
        #expect(tab.tick(ManagerTabFixture.context(now: ManagerTabFixture.t0.addingTimeInterval(2))) == [])
        #expect(tab.tick(ManagerTabFixture.context(now: ManagerTabFixture.t0.addingTimeInterval(5))) == [.refresh(includeResolved: false)])
        _ = tab.handle(.loaded(ManagerTabFixture.rows, more: false), context)
        _ = tab.key(.character("v"), context)
        #expect(tab.tick(ManagerTabFixture.context(now: ManagerTabFixture.t0.addingTimeInterval(60))) == [])
    }

    @Test func keysTheTabDoesNotUseGoToTheScreenButADialogTakesEveryKey() throws {
        var model = try ManagerTabFixture.model()
        _ = model.handle(.key(.tab))
        #expect(model.manager.tab == .exceptions)
        _ = model.handle(.manager(.exceptions(.loaded(ManagerTabFixture.rows, more: false))))
        _ = model.handle(.key(.character("v")))
        #expect(model.manager.exceptions.dialog != nil)
        for key: Key in [.tab, .right, .left, .character("m")] { _ = model.handle(.key(key)) }
        #expect(model.manager.tab == .exceptions && model.screen == .manager)
        #expect(model.manager.exceptions.dialog?.reason.text == "m", "m is typed into the reason")
        _ = model.handle(.key(.escape))
        #expect(model.screen == .manager && model.manager.exceptions.dialog == nil, "Esc closes the dialog only")
        _ = model.handle(.key(.right))
        #expect(model.manager.tab == .report)
        _ = model.handle(.key(.backTab))
        _ = model.handle(.key(.escape))
        #expect(model.screen != .manager)
    }

    @Test func theSaleOnScreenIsReplacedByTheOneAManagerChanged() throws {
        var model = try ManagerTabFixture.model()
        var cart = Cart(currency: .usd)
        cart.add(Product(id: "P-1", name: "Tea", price: FiatAmount(minor: 300, currency: .usd), category: "Drinks"), quantity: 1)
        var sale = Sale(id: "S-20261125-0009", cashier: "mia", openedAt: ManagerTabFixture.t0, cart: cart)
        model.sale = sale
        _ = sale.handle(.cancel(at: ManagerTabFixture.t0))
        #expect(sale.status == .cancelled && model.sale != sale)
        _ = model.handle(.saleChangedByManager(sale, effects: []))
        #expect(model.sale == sale)
        let other = Sale(id: "S-OTHER", cashier: "carl", openedAt: ManagerTabFixture.t0, cart: Cart(currency: .usd))
        _ = model.handle(.saleChangedByManager(other, effects: []))
        #expect(model.sale?.id == "S-20261125-0009", "another sale does not take the screen")
    }
}
