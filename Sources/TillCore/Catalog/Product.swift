/// A product the shop sells, as loaded from the catalog.
public struct Product: Hashable, Sendable, Codable, Identifiable {
    /// Unique id / SKU ("LAP-14-PRO").
    public let id: String
    public let name: String
    /// Unit price in the shop currency.
    public let price: FiatAmount
    public let category: String
    public let description: String?
    /// Tax rate in percent ("8.25"); nil means the shop default.
    public let taxRate: DecimalNumber?
    /// EAN/UPC or any scanned code.
    public let barcode: String?
    /// Units in stock; nil when the shop does not count stock for it.
    public let stock: Int?
    /// Disabled products stay in the file but cannot be sold.
    public let disabled: Bool

    public init(id: String, name: String, price: FiatAmount, category: String, description: String? = nil,
                taxRate: DecimalNumber? = nil, barcode: String? = nil, stock: Int? = nil, disabled: Bool = false) {
        self.id = id
        self.name = name
        self.price = price
        self.category = category
        self.description = description
        self.taxRate = taxRate
        self.barcode = barcode
        self.stock = stock
        self.disabled = disabled
    }
}

/// The shop's products in file order (`ProductTable`: an array, or the catalog cache read product by product), with
/// lookups by id and barcode (`ProductLookup`, built on first use).
public struct Catalog: Sendable, Hashable {
    public let currency: FiatCurrency
    public let products: ProductTable
    private let lookup: ProductLookup

    public init(currency: FiatCurrency, products: [Product]) {
        self.init(currency: currency, table: ProductTable(products))
    }

    /// A catalog over products that are made when read (the catalog cache).
    public init(currency: FiatCurrency, table: ProductTable) {
        self.currency = currency
        products = table
        lookup = ProductLookup(products: table)
    }

    /// Categories in order of first appearance.
    public var categories: [String] { products.categoryNumbering().names }

    public func product(id: String) -> Product? { lookup.index(id: id).map { products[$0] } }

    /// The product with this barcode, or else this id (a typed SKU).
    public func product(scanned code: String) -> Product? {
        (lookup.index(barcode: code) ?? lookup.index(id: code)).map { products[$0] }
    }

    /// Builds the id and barcode lookups now (else the first lookup does), e.g. on a background thread after loading.
    public func prepareLookups() { lookup.prepare() }

    public static func == (left: Catalog, right: Catalog) -> Bool {
        left.currency == right.currency && left.products == right.products
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(currency)
        hasher.combine(products)
    }
}
