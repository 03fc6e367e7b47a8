import Foundation

/// What the customer display of a lane follows, as the till last published it: the shop, the cart being built,
/// and the sale on the cashier's screen (nil while there is none). Written by the till, read by `till display`.
public struct LaneSnapshot: Hashable, Sendable, Codable {
    public var shopName: String
    public var training: Bool
    /// The cart on the cashier's screen (the sale's own cart once checkout began).
    public var cart: Cart
    /// The sale on the cashier's screen, if any; the display reads it from the sales tables.
    public var saleID: String?

    public init(shopName: String, training: Bool, cart: Cart, saleID: String?) {
        self.shopName = shopName
        self.training = training
        self.cart = cart
        self.saleID = saleID
    }
}
