import BigInt
import Foundation
import TillCore

/// The shop the generated sales come from: a café-and-electronics catalog, coins with their chains, cashiers.
public enum GeneratedCatalog {
    /// A stablecoin on Ethereum, so token sales (6 decimals, EIP-681 URIs, log indexes) are in the data.
    public static let usdc = Asset(id: "USDC", symbol: "USDC", decimals: 6,
                                   kind: .erc20(contract: "0xA0b86991c6218b36c1d19D4a2E9Eb0cE3606eB48", chainID: 1))

    /// Coins, with the share of sales (per mille), a base price in US cents, and chain facts for payments.
    struct Coin: Sendable {
        let asset: Asset
        let perMille: Int
        let baseCents: Int64
        let source: String
        let coinType: Int
        let blocksPerDay: Int
        let firstHeight: Int
        let secondsPerBlock: Int
    }

    static let coins: [Coin] = [
        Coin(asset: .btc, perMille: 450, baseCents: 6_412_345, source: "kraken", coinType: 0, blocksPerDay: 144,
             firstHeight: 928_000, secondsPerBlock: 600),
        Coin(asset: .ltc, perMille: 150, baseCents: 8_210, source: "kraken", coinType: 2, blocksPerDay: 576,
             firstHeight: 2_950_000, secondsPerBlock: 150),
        Coin(asset: .eth, perMille: 250, baseCents: 315_050, source: "coingecko", coinType: 60, blocksPerDay: 7_200,
             firstHeight: 23_000_000, secondsPerBlock: 12),
        Coin(asset: usdc, perMille: 150, baseCents: 100, source: "coingecko", coinType: 60, blocksPerDay: 7_200,
             firstHeight: 23_000_000, secondsPerBlock: 12),
    ]

    /// Eight cashiers on two shifts.
    public static let cashiers = ["alice", "bob", "carol", "dave", "erin", "frank", "grace", "heidi"]

    private static let vat = try? DecimalNumber(parsing: "8.25")

    /// Products sold: cheap café items most of the time, now and then a gadget (some carry a tax rate).
    public static let products: [Product] = [
        Product(id: "COF-1", name: "Flat white", price: FiatAmount(minor: 450, currency: .usd), category: "Coffee"),
        Product(id: "COF-2", name: "Espresso", price: FiatAmount(minor: 300, currency: .usd), category: "Coffee"),
        Product(id: "COF-3", name: "Cappuccino \"grande\"", price: FiatAmount(minor: 520, currency: .usd),
                category: "Coffee"),
        Product(id: "TEA-1", name: "Green tea", price: FiatAmount(minor: 350, currency: .usd), category: "Tea"),
        Product(id: "BAK-1", name: "Croissant", price: FiatAmount(minor: 375, currency: .usd), category: "Bakery",
                barcode: "4006381333931", stock: 1_000_000),
        Product(id: "BAK-2", name: "Pain au chocolat", price: FiatAmount(minor: 425, currency: .usd),
                category: "Bakery", stock: 1_000_000),
        Product(id: "SAN-1", name: "Club sandwich", price: FiatAmount(minor: 1_150, currency: .usd),
                category: "Food", taxRate: vat),
        Product(id: "MER-1", name: "Mug, 350 ml", price: FiatAmount(minor: 1_800, currency: .usd),
                category: "Merch", taxRate: vat, stock: 1_000_000),
        Product(id: "BEAN-1", name: "Beans 1 kg", price: FiatAmount(minor: 3_400, currency: .usd),
                category: "Beans", taxRate: vat),
        Product(id: "HW-1", name: "Hardware wallet", price: FiatAmount(minor: 7_900, currency: .usd),
                category: "Gadgets", taxRate: vat, stock: 1_000_000),
        Product(id: "LAP-14-PRO", name: "Laptop 14 Pro", price: FiatAmount(minor: 129_900, currency: .usd),
                category: "Computers", taxRate: vat, stock: 1_000_000),
    ]
}
