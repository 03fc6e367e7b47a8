import BigInt
import Foundation
import Testing
import TillCore
@testable import TillManager
@testable import TillStore

@Suite struct ExceptionTests {
    let noon = ManagerFixture.noon

    func fixtureWithExceptions() throws -> ManagerFixture {
        let fixture = try ManagerFixture()
        try fixture.users()
        try fixture.sale("S-OK", cashier: "carl", at: noon, status: .paid, paid: 9_000)
        try fixture.sale("S-UNDER", cashier: "carl", at: noon.addingTimeInterval(10), status: .underpaid, coffees: 2,
                         paid: 10_000, flags: [.underpaid])
        try fixture.sale("S-OVER", cashier: "carl", at: noon.addingTimeInterval(20), status: .paid, paid: 12_000,
                         flags: [.overpaid])
        try fixture.sale("S-LATE", cashier: "carl", at: noon.addingTimeInterval(30), status: .expired, paid: 9_000,
                         flags: [.expiredWithFunds, .paidLate])
        return fixture
    }

    @Test func theQueueListsFlaggedSalesWithTheActionsThatFit() throws {
        let fixture = try fixtureWithExceptions()
        let page = try ExceptionQueue(store: fixture.database).page()
        #expect(page.items.map(\.sale.id) == ["S-LATE", "S-OVER", "S-UNDER"])
        #expect(page.items[0].reasons == [.expiredWithFunds, .paidLate])
        #expect(page.items[0].actions == [.acceptAsPaid, .recordRefund, .void])
        #expect(page.items[1].actions == [.recordRefund])
        #expect(page.items[2].actions == [.acceptAsPaid, .recordRefund, .void])
        let first = try ExceptionQueue(store: fixture.database).page(limit: 2)
        let rest = try ExceptionQueue(store: fixture.database).page(after: first.next, limit: 2)
        #expect(first.items.count == 2 && rest.items.map(\.sale.id) == ["S-UNDER"] && rest.next == nil)
    }

    @Test func acceptingAnUnderpaidSaleWithAManagerOverride() throws {
        let fixture = try fixtureWithExceptions()
        let carl = try fixture.accounts.login(name: "carl", pin: "1234", at: noon)
        let actions = SaleActions(store: fixture.database)
        let cashierOnly = ManagerApprovalProbe.cashierCannot(fixture.accounts, carl, .acceptAsPaid)
        #expect(cashierOnly)
        let wrongKind = try fixture.accounts.override(carl, manager: "mia", pin: "4321", for: .voidSale, at: noon)
        #expect(throws: ManagerError.notAllowed(user: "carl", permission: .acceptAsPaid)) {
            try actions.acceptAsPaid(saleID: "S-UNDER", reason: "known customer", approval: wrongKind, at: noon)
        }
        let approval = try fixture.accounts.override(carl, manager: "mia", pin: "4321", for: .acceptAsPaid, at: noon)
        #expect(throws: ManagerError.reasonRequired) {
            try actions.acceptAsPaid(saleID: "S-UNDER", reason: " ", approval: approval, at: noon)
        }
        let sale = try actions.acceptAsPaid(saleID: "S-UNDER", reason: "known customer", approval: approval,
                                            at: noon.addingTimeInterval(600))
        #expect(sale.status == .paid && sale.flags.contains(.acceptedByManager) && sale.note == "known customer")
        let stored = try #require(try fixture.database.sale(id: "S-UNDER"))
        #expect(stored == sale)
        #expect(try fixture.database.outbox(saleID: "S-UNDER").contains { $0.kind == "notify" })
        let entry = try #require(try fixture.database.auditLog(afterID: 0, limit: 100).last)
        #expect(entry.action == "sale.accept" && entry.actor == "mia")
        #expect(entry.details.contains("sale=S-UNDER") && entry.details.contains("override-for=carl"))
        // Accepted: out of the open queue, still there with includeResolved.
        #expect(!(try ExceptionQueue(store: fixture.database).page().items.map(\.sale.id).contains("S-UNDER")))
        #expect(try ExceptionQueue(store: fixture.database).page(includeResolved: true).items.count == 3)
        #expect(throws: ManagerError.self) {
            try actions.acceptAsPaid(saleID: "S-OK", reason: "again", approval: approval, at: noon)
        }
        #expect(try AuditLog(store: fixture.database).verify().isIntact)
    }

    @Test func voidingAndRecordingARefundAreAudited() throws {
        let fixture = try fixtureWithExceptions()
        let mia = try fixture.accounts.login(name: "mia", pin: "4321", at: noon)
        let actions = SaleActions(store: fixture.database)
        let voided = try actions.void(saleID: "S-LATE", reason: "customer left",
                                      approval: try fixture.accounts.authorize(mia, for: .voidSale, at: noon), at: noon)
        #expect(voided.status == .voided)
        let refund = try fixture.accounts.authorize(mia, for: .recordRefund, at: noon)
        #expect(throws: ManagerError.self) {  // more than was received
            try actions.recordRefund(saleID: "S-LATE", txid: "rf1", amount: CoinAmount(units: 9_001, asset: .btc),
                                     approval: refund, at: noon)
        }
        #expect(throws: ManagerError.self) {  // wrong coin
            try actions.recordRefund(saleID: "S-LATE", txid: "rf1", amount: CoinAmount(units: 1, asset: .eth),
                                     approval: refund, at: noon)
        }
        let record = try actions.recordRefund(saleID: "S-LATE", txid: " rf1 ", amount: CoinAmount(units: 8_000, asset: .btc),
                                              note: "minus fee", approval: refund, at: noon)
        #expect(record.txid == "rf1" && record.amountUnits == 8_000 && record.recordedBy == "mia")
        #expect(try fixture.database.refunds(saleID: "S-LATE") == [record])
        #expect(throws: ManagerError.self) {  // 8,000 + 1,001 > 9,000
            try actions.recordRefund(saleID: "S-LATE", txid: "rf2", amount: CoinAmount(units: 1_001, asset: .btc),
                                     approval: refund, at: noon)
        }
        let open = try ExceptionQueue(store: fixture.database).page().items.map(\.sale.id)
        #expect(open == ["S-OVER", "S-UNDER"])
        let actionsLogged = try fixture.database.auditLog(afterID: 0, limit: 100).map(\.action)
        #expect(actionsLogged.suffix(2) == ["sale.void", "refund.record"])
    }

    @Test func aCashierCancelsOnlyTheirOwnPendingSale() throws {
        let fixture = try ManagerFixture()
        try fixture.users()
        try fixture.accounts.addUser(name: "dora", role: .cashier, pin: "5555",
                                     approval: try fixture.accounts.override(nil, manager: "mia", pin: "4321",
                                                                             for: .changeUsers, at: noon), at: noon)
        try fixture.sale("S-C", cashier: "carl", at: noon, status: .awaitingPayment)
        try fixture.sale("S-D", cashier: "dora", at: noon, status: .awaitingPayment)
        let carl = try fixture.accounts.login(name: "carl", pin: "1234", at: noon)
        let actions = SaleActions(store: fixture.database)
        #expect(try actions.cancel(saleID: "S-C", session: carl, approval: nil, at: noon).status == .cancelled)
        #expect(throws: ManagerError.notAllowed(user: "carl", permission: .cancelAnySale)) {
            try actions.cancel(saleID: "S-D", session: carl, approval: nil, at: noon)
        }
        let approval = try fixture.accounts.override(carl, manager: "mia", pin: "4321", for: .cancelAnySale, at: noon)
        #expect(try actions.cancel(saleID: "S-D", session: carl, approval: approval, at: noon).status == .cancelled)
    }
}

enum ManagerApprovalProbe {
    /// True when the cashier's own session cannot approve `permission`.
    static func cashierCannot(_ accounts: Accounts, _ session: LoginSession, _ permission: Permission) -> Bool {
        (try? accounts.authorize(session, for: permission, at: ManagerFixture.noon)) == nil
    }
}

@Suite struct HealedReorgExceptionTests {
    let noon = ManagerFixture.noon

    @Test func aPaidSaleWhosePaymentWasMinedAgainIsResolvedWithItsHistoryKept() throws {
        let fixture = try ManagerFixture()
        try fixture.users()
        try fixture.sale("S-HEALED", cashier: "carl", at: noon, status: .paid, paid: 9_000, flags: [.reorged])
        try fixture.sale("S-REORG-OPEN", cashier: "carl", at: noon.addingTimeInterval(10), status: .confirming, paid: 9_000,
                         flags: [.reorged])
        try fixture.sale("S-REORG-OVER", cashier: "carl", at: noon.addingTimeInterval(20), status: .paid, paid: 12_000,
                         flags: [.overpaid, .reorged])
        try fixture.sale("S-SPENT", cashier: "carl", at: noon.addingTimeInterval(30), status: .awaitingPayment,
                         flags: [.doubleSpent, .reorged])
        let queue = ExceptionQueue(store: fixture.database)
        #expect(try queue.page().items.map(\.sale.id) == ["S-SPENT", "S-REORG-OVER", "S-REORG-OPEN"])
        let all = try queue.page(includeResolved: true).items
        let healed = try #require(all.first { $0.sale.id == "S-HEALED" })
        #expect(healed.resolved && !healed.refunded)
        #expect(healed.reasons == [.reorged], "the reorg stays on record")
        #expect(try fixture.database.sale(id: "S-HEALED")?.flags == [.reorged])
    }
}
