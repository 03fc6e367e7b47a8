import Foundation
import Testing
import TillCore
@testable import TillUI

/// Never a payable QR for a sale that must not be paid: PAID, EXPIRED, cancelled, voided, a vanished payment.
@Suite struct QRReplacementTests {
    static func hasQR(_ model: TillModel) -> Bool { TillScreen.render(model).cells.contains { $0.style.isQR } }

    @Test(arguments: [TextSize(columns: 80, rows: 24), TextSize(columns: 120, rows: 40)])
    func endedSalesShowWordsInsteadOfTheQR(_ size: TextSize) throws {
        let scenes = Dictionary(uniqueKeysWithValues: try ScreenSnapshotTests.scenes(size))
        let expectations = [("paid", "✓ PAID"), ("expired", "EXPIRED"), ("vanished", "PAYMENT VANISHED")]
        for (name, words) in expectations {
            var model = try #require(scenes[name])
            #expect(!Self.hasQR(model), "\(name) at \(size) still shows a QR")
            #expect(TillScreen.render(model).text.contains(words), "\(name) at \(size) does not say \(words)")
            model.fullScreenQR = true
            #expect(!Self.hasQR(model), "\(name) at \(size) shows a QR full screen")
        }
    }

    @Test func cancelledAndVoidedSalesShowNoQR() throws {
        let size = TextSize(columns: 120, rows: 40)
        let scenes = Dictionary(uniqueKeysWithValues: try ScreenSnapshotTests.scenes(size))
        let payment = try #require(scenes["payment"])
        #expect(Self.hasQR(payment), "the control: a sale awaiting payment shows its QR")
        var voided = payment
        var sale = try #require(voided.sale)
        _ = sale.handle(.managerVoid(reason: "customer left", at: payment.now))
        _ = voided.handle(.saleChangedByManager(sale, effects: []))
        #expect(!Self.hasQR(voided))
        #expect(TillScreen.render(voided).text.contains("VOIDED"))
        var cancelled = payment
        cancelled.confirmation = .cancelSale
        _ = cancelled.handle(.key(.character("y")))
        #expect(cancelled.screen == .catalog && cancelled.sale == nil, "a cancelled sale leaves the screen at once")
    }
}
