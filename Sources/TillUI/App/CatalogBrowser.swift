import TillCore

/// The product list the cashier sees: a category filter and an incremental search over a catalog.
/// Search keys are lower-cased once, and a longer query filters the previous matches only, so each
/// keystroke stays fast on catalogs of 100,000 products.
public struct CatalogBrowser: Sendable {
    public let catalog: Catalog
    /// "All" first, then the catalog's categories.
    public let categories: [String]
    /// Lower-cased "name id barcode category" of each product as UTF-8 bytes.
    private let searchKeys: [[UInt8]]
    private let categoryOf: [Int]
    public private(set) var categoryIndex = 0
    public private(set) var query = ""
    /// Indexes into `catalog.products` of what is listed now.
    public private(set) var visible: [Int]
    /// The store's live counts (sales paid since the catalog was loaded); they override the catalog file's.
    public private(set) var liveStock: [String: Int] = [:]

    public init(catalog: Catalog) {
        self.catalog = catalog
        let names = catalog.categories
        categories = ["All"] + names
        let position = Dictionary(uniqueKeysWithValues: names.enumerated().map { ($1, $0 + 1) })
        categoryOf = catalog.products.map { position[$0.category] ?? 0 }
        searchKeys = catalog.products.map { Array("\($0.name) \($0.id) \($0.barcode ?? "") \($0.category)".lowercased().utf8) }
        visible = catalog.products.indices.filter { !catalog.products[$0].disabled }
    }

    /// The products listed now, in catalog order.
    public var products: [Product] { visible.map { catalog.products[$0] } }

    public var category: String { categories[categoryIndex] }

    /// Units of `product` in stock now: the live count when the store sent one, else the catalog file's.
    public func stock(of product: Product) -> Int? { liveStock[product.id] ?? product.stock }

    /// Takes newer live counts (only the products listed change).
    public mutating func applyStock(_ levels: [String: Int]) {
        liveStock.merge(levels) { _, new in new }
    }

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
        let words = query.split(separator: " ").map { Array($0.utf8) }
        visible = pool.filter { index in
            guard !catalog.products[index].disabled else { return false }
            guard categoryIndex == 0 || categoryOf[index] == categoryIndex else { return false }
            return words.allSatisfy { Self.contains(searchKeys[index], $0) }
        }
    }

    /// Byte substring search: String.contains is Unicode-aware and many times slower per product.
    private static func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard needle.count <= haystack.count else { return false }
        return haystack.withUnsafeBufferPointer { hay in
            needle.withUnsafeBufferPointer { pin in
                let first = pin[0], last = hay.count - pin.count
                var start = 0
                while start <= last {
                    if hay[start] == first {
                        var offset = 1
                        while offset < pin.count && hay[start + offset] == pin[offset] { offset += 1 }
                        if offset == pin.count { return true }
                    }
                    start += 1
                }
                return false
            }
        }
    }
}
