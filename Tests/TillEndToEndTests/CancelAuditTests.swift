import Foundation
import Testing
@testable import TillApp
import TillCore
import TillManager
import TillStore
import TillConfig
import TillUI
import TillTestSupport

/// Issue 13.11: a cashier cancelling their own sale (no PIN needed) is audited.
@Suite struct CancelAuditTests {
    @Test func aCashiersOwnCancelIsAudited() throws {
        let directory = try TemporaryDirectory()
        let database = try TillDatabase(path: directory.file("till.sqlite").path)
        let access = ManagerAccess()
        let accounts = Accounts(store: database, iterations: 1_000)
        try accounts.addUser(name: "carl", role: .manager, pin: "1234", approval: nil, at: Date())
        access.session = try accounts.login(name: "carl", pin: "1234", at: Date())
        let observer = CancelAudit(audit: accounts.audit, access: access, log: FileLog(path: directory.file("till.log").path))
        var cart = Cart(currency: .usd)
        cart.add(Product(id: "M", name: "Mug", price: FiatAmount(minor: 500, currency: .usd), category: "Kitchen"))
        var sale = Sale(id: "S-1", cashier: "carl", openedAt: Date(), cart: cart)
        let effects = sale.handle(.cancel(at: Date()))
        observer.saleSaved(sale, effects: effects)
        observer.saleSaved(sale, effects: [])   // a later save of the cancelled sale is no second cancel
        let cancels = try database.auditLog(afterID: 0, limit: 100).filter { $0.action == "sale.cancel" }
        #expect(cancels.map(\.details) == ["sale=S-1 cashier=carl own=true"])
        #expect(cancels.first?.actor == "carl")
        #expect(try AuditLog(store: database).verify().isIntact)
    }

    @Test func everyTillWithAccountsAuditsCancels() throws {
        let directory = try TemporaryDirectory()
        let runner = try TillLauncher.training(shop: ShopInfo(name: "Shop", currency: .usd), catalog: try CatalogFile.sample(),
                                               cashier: "carl", inbox: Inbox(), log: FileLog(path: directory.file("till.log").path),
                                               receipts: ReceiptWriter(directory: directory.url), now: Date(),
                                               database: directory.file("training.sqlite"))
        #expect(runner.observers.contains { $0 is CancelAudit })
    }
}
