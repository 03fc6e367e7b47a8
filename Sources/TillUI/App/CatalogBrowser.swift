import TillCore

/// The product list the cashier sees: a category filter and an incremental search over a catalog.
/// The search runs over `CatalogSearchIndex` (per-product byte summaries, then `memchr`/`memcmp` in one folded
/// buffer); a query that narrows the previous one (each of its words inside one of the new query's) filters only the
/// previous result, and going back (Backspace) reuses the result kept for the shorter query, so each keystroke stays
/// within a few milliseconds at 100,000 products. The screen draws only the visible page.
public struct CatalogBrowser: Sendable {
    public let catalog: Catalog
    /// "All" first, then the catalog's categories.
    public let categories: [String]
    private let index: CatalogSearchIndex
    public private(set) var categoryIndex = 0
    public private(set) var query = ""
    /// Indexes into `catalog.products` of what is listed now.
    public private(set) var visible: [Int]
    /// The store's live counts (sales paid since the catalog was loaded); they override the catalog file's.
    public private(set) var liveStock: [String: Int] = [:]
    /// Results of the shorter queries typed on the way to `query` (same category), for Backspace.
    private var earlier: [(query: String, visible: [Int])] = []

    public init(catalog: Catalog) {
        self.catalog = catalog
        index = CatalogSearchIndex(catalog: catalog)
        categories = ["All"] + index.categoryNames
        visible = index.enabledByCategory[0]
    }

    /// Starts building the search index in the background (a large catalog's is deferred until asked, so the first
    /// frame does not share the cores with it); a search before it is done waits for it.
    public func prepareSearch() { index.startBuilding() }

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
        earlier = []
        visible = self.index.matches(CatalogSearchText.Query(query), category: categoryIndex, candidates: nil)
    }

    /// Sets the search text; a query that narrows the previous one filters only the previous result.
    public mutating func search(_ text: String) {
        let previous = query
        query = text
        if text.isEmpty {
            earlier = []
            visible = index.enabledByCategory[categoryIndex]
            return
        }
        // Byte for byte: canonically equal strings ("é" and "e\u{301}") fold to different bytes.
        if let kept = earlier.lastIndex(where: { $0.query.utf8.elementsEqual(text.utf8) }) {
            visible = earlier[kept].visible
            earlier.removeSubrange(kept...)
            return
        }
        let wanted = CatalogSearchText.Query(text)
        let narrowing = !previous.isEmpty && wanted.narrows(CatalogSearchText.Query(previous))
        if narrowing { earlier.append((previous, visible)) } else { earlier = [] }
        if earlier.count > 32 { earlier.removeFirst() }
        visible = index.matches(wanted, category: categoryIndex, candidates: narrowing ? visible : nil)
    }
}
