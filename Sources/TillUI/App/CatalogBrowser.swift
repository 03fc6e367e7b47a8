import TillCore

/// The product list the cashier sees: a category filter and an incremental search over a catalog.
/// Search keys are lower-cased once, and a longer query filters the previous matches only, so each
/// keystroke stays fast on catalogs of 100,000 products.
public struct CatalogBrowser: Sendable {
    public let catalog: Catalog
    /// "All" first, then the catalog's categories.
    public let categories: [String]
    private let searchKeys: [String]
    private let categoryOf: [Int]
    public private(set) var categoryIndex = 0
    public private(set) var query = ""
    /// Indexes into `catalog.products` of what is listed now.
    public private(set) var visible: [Int]

    public init(catalog: Catalog) {
        self.catalog = catalog
        let names = catalog.categories
        categories = ["All"] + names
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0 + 1) })
        categoryOf = catalog.products.map { position[$0.category] ?? 0 }
        searchKeys = catalog.products.map { "\($0.name) \($0.id) \($0.barcode ?? "") \($0.category)".lowercased() }
        visible = catalog.products.indices.filter { !catalog.products[$0].disabled }
    }

    /// The products listed now, in catalog order.
    public var products: [Product] { visible.map { catalog.products[$0] } }

    public var category: String { categories[categoryIndex] }

    /// Shows only `index` of `categories` (0 is all).
    public mutating func selectCategory(_ index: Int) {
        categoryIndex = (index % categories.count + categories.count) % categories.count
        recompute(from: nil)
    }

    /// Sets the search text; extending the previous query narrows the previous result.
    public mutating func search(_ text: String) {
        let lowered = text.lowercased()
        let previous = query
        query = lowered
        recompute(from: !previous.isEmpty && lowered.hasPrefix(previous) ? visible : nil)
    }

    private mutating func recompute(from candidates: [Int]?) {
        let pool = candidates ?? Array(catalog.products.indices)
        let words = query.split(separator: " ")
        visible = pool.filter { index in
            guard !catalog.products[index].disabled else { return false }
            guard categoryIndex == 0 || categoryOf[index] == categoryIndex else { return false }
            return words.allSatisfy { searchKeys[index].contains($0) }
        }
    }
}
