import Foundation
import Testing
import TillConfig
import TillCore
@testable import TillUI

/// A cashier cancels their own pending sale; another cashier's needs a manager's PIN in the override dialog.
struct CancelOverrideTests {
    static let start = Date(timeIntervalSince1970: 1_795_608_000)

    /// A model with a sale of `owner` in its cart, logged in as `user`.
    static func model(owner: String, user: String, isManager: Bool = false) throws -> TillModel {
        var model = TillModel(shop: ShopInfo(name: "Cancel Shop", currency: .usd), cashier: owner, training: false,
                              catalog: try CatalogFile.sample(), coins: [], now: start, size: TextSize(columns: 80, rows: 24))
        _ = model.handle(.saleIDReserved("S-1"))
        _ = model.handle(.key(.enter))
        model.session = SignedInUser(name: user, isManager: isManager)
        model.cashier = user
        return model
    }

    /// The cancel question (Esc on the payment screen before anything was paid asks it), answered yes.
    static func askToCancel(_ model: inout TillModel) -> [TillEffect] {
        model.confirmation = .cancelSale
        return model.handle(.key(.character("y")))
    }

    @Test(arguments: [("carl", "carl", false), ("carl", "mia", true)])
    func theOwnerOrAManagerCancelsAtOnce(owner: String, user: String, isManager: Bool) throws {
        var model = try Self.model(owner: owner, user: user, isManager: isManager)
        try #require(model.sale?.cart.isEmpty == false)
        let effects = Self.askToCancel(&model)
        #expect(model.login.override == nil)
        #expect(effects.contains { if case .persist(let sale, _) = $0 { sale.status == .cancelled } else { false } })
    }

    @Test func anotherCashiersSaleAsksForAManagerPINThenCancelsOnApproval() throws {
        var model = try Self.model(owner: "carl", user: "dana")
        let effects = Self.askToCancel(&model)
        #expect(effects.isEmpty, "nothing is cancelled yet")
        #expect(model.login.override?.purpose == .cancelSale(saleID: "S-1", owner: "carl"))
        #expect(TillScreen.render(model).text.contains("Cancelling carl's sale needs a manager's PIN"))
        for character in "mia" { _ = model.handle(.key(.character(character))) }
        _ = model.handle(.key(.enter))
        for digit in "4321" { _ = model.handle(.key(.character(digit))) }
        #expect(model.handle(.key(.enter)) == [.login(.approveCancel(manager: "mia", pin: "4321", saleID: "S-1"))])
        // A refusal keeps the dialog open with the reason; an approval cancels.
        _ = model.handle(.login(.overrideRefused(.wrongPIN(user: "mia", attemptsLeft: 4))))
        #expect(model.login.override?.problem == "wrong PIN for mia: 4 attempts left")
        let approved = model.handle(.login(.cancelApproved(saleID: "S-1", manager: "mia")))
        #expect(model.login.override == nil)
        #expect(approved.contains { if case .persist(let sale, _) = $0 { sale.status == .cancelled } else { false } })
        #expect(model.notice?.text == "sale S-1 of carl cancelled with mia's approval")
    }

    @Test func escapeInTheDialogKeepsTheSale() throws {
        var model = try Self.model(owner: "carl", user: "dana")
        _ = Self.askToCancel(&model)
        _ = model.handle(.key(.escape))
        #expect(model.login.override == nil && model.sale?.status == .building)
        #expect(model.notice?.text == "the sale was not cancelled")
    }
}
