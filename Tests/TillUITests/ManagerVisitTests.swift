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
        model.session = UserSession(name: "carl", isManager: false)
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
