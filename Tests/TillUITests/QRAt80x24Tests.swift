import Foundation
import Testing
import TillCore
import TillTestSupport
@testable import TillUI

/// At the till's minimum size the payment screen, `f` and the customer display show a QR that zbarimg decodes to
/// exactly the URI, for every URI type the till makes (as `PaymentURIs.fitting` shortens them).
@Suite struct QRAt80x24Tests {
    static let uris = [
        "bitcoin:1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2?amount=0.03965567&label=Till%20Demo%20Shop&message=S-20260921-0001",
        "BITCOIN:BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4?amount=0.03965567&label=Till%20Demo%20Shop&message=S-20260921-0001",
        "BITCOIN:BC1P5CYXNUXMEUWUVKWFEM96LQZSZD02N6XDCJRS20CAC6YQJJWUDPXQKEDRCR?amount=0.03965567",
        "ethereum:0x9858EfFD232B4033E47d90003D41EC34EcaEda94@1?value=793113000000000000",
        "ethereum:0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48@1/transfer?address=0x9858EfFD232B4033E47d90003D41EC34EcaEda94&uint256=2379340000",
    ]

    static func paymentModel(uri: String, size: TextSize) throws -> TillModel {
        var model = try ScreenSnapshotTests.model(size)
        for key: Key in [.enter, .character("c"), .character("1")] { _ = model.handle(.key(key)) }
        let base = try ScreenSnapshotTests.quote(model)
        let quote = Quote(address: base.address, derivationPath: base.derivationPath, amount: base.amount, fiat: base.fiat, rate: base.rate,
                          uri: uri, createdAt: base.createdAt, expiresAt: base.expiresAt)
        _ = model.handle(.sale(id: "S-20260920-0001", .quoteReady(quote)))
        return model
    }

    @Test(arguments: uris)
    func paymentScreenAndFullScreenDecodeAt80x24(uri: String) throws {
        var model = try Self.paymentModel(uri: uri, size: TextSize(columns: 80, rows: 24))
        let screen = TillScreen.render(model).text
        #expect(!screen.contains("too small"))
        #expect(try QRScreenDecoder.decode(screen: screen) == uri)
        _ = model.handle(.key(.character("f")))
        #expect(model.fullScreenQR)
        #expect(try QRScreenDecoder.decode(screen: TillScreen.render(model).text) == uri)
    }

    @Test(arguments: uris)
    func customerDisplayDecodesAt80x24And120x40(uri: String) throws {
        let model = try Self.paymentModel(uri: uri, size: TextSize(columns: 80, rows: 24))
        let sale = try #require(model.sale)
        for size in [TextSize(columns: 80, rows: 24), TextSize(columns: 120, rows: 40)] {
            let state = CustomerDisplayState(snapshot: LaneSnapshot(shopName: "Snapshot Shop", training: false, cart: sale.cart, saleID: sale.id),
                                             sale: sale, now: ScreenSnapshotTests.t0, size: size)
            let text = CustomerDisplay.render(state).text
            #expect(try QRScreenDecoder.decode(screen: text) == uri, "\(size)")
            #expect(text.contains("Please pay exactly"))
        }
    }

    /// 120×40 leaves room for 2×-sized modules on the customer display.
    @Test func customerDisplayDrawsLargeModulesWhenThereIsRoom() throws {
        let layout = try #require(QRLayout.best(for: Self.uris[3], in: TextSize(columns: 120 - PaymentGeometry.panelWidth, rows: 40), large: true))
        #expect(layout.scale == 2)
        #expect(QRLayout.best(for: Self.uris[3], in: PaymentGeometry.qrSpace(in: TextSize(columns: 80, rows: 24)), large: true)?.scale == 1)
    }

    /// Idle, cart, paid and cancelled phases show no QR at all.
    @Test func customerDisplayShowsNoQRUnlessPaymentIsLive() throws {
        let model = try Self.paymentModel(uri: Self.uris[0], size: TextSize(columns: 80, rows: 24))
        let sale = try #require(model.sale)
        let size = TextSize(columns: 80, rows: 24)
        let idle = CustomerDisplay.render(CustomerDisplayState(now: ScreenSnapshotTests.t0, size: size)).text
        #expect(idle.contains("Welcome"))
        let cart = CustomerDisplay.render(CustomerDisplayState(snapshot: LaneSnapshot(shopName: "Snapshot Shop", training: true, cart: sale.cart, saleID: nil),
                                                               now: ScreenSnapshotTests.t0, size: size)).text
        #expect(cart.contains("Total") && cart.contains("TRAINING"))
        for text in [idle, cart] { #expect(try QRScreenDecoder.decode(screen: text) == nil) }
    }
}
