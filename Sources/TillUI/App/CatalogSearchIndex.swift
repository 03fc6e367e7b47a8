import Dispatch
import Foundation
import TillCore

/// What the catalog screen filters by: the categories in order of first appearance, the enabled products of each
/// (a category key copies a list instead of testing every product), and the folded search text.
/// Categories take one pass over the products' category numbers and disabled flags; the search text, the costly part, is built on another thread when
/// the catalog has `backgroundThreshold` products or more, started by `startBuilding()` once the first frame is drawn
/// (started with the model, it took a core from the start on two). A search that arrives before it is ready starts it
/// if need be and waits for it (it starts with the till, so a cashier's first key rarely does).
final class CatalogSearchIndex: Sendable {
    /// From this many products the search text is built in the background.
    static let backgroundThreshold = 10_000

    /// The catalog's categories in order of first appearance (`CatalogBrowser.categories` without "All").
    let categoryNames: [String]
    /// Enabled products per category number (1-based like `CatalogBrowser.categories`); 0 holds every enabled product.
    let enabledByCategory: [[Int]]
    private let text: PendingSearchText

    init(catalog: Catalog) {
        // The categories come numbered from the catalog (the cache stores them so), and each product is read for its
        // disabled flag only, in place: this pass runs before the first frame.
        let products = catalog.products
        let numbering = products.categoryNumbering()
        let names = numbering.names
        var lists = [[Int]](repeating: [], count: names.count + 1)
        lists[0].reserveCapacity(products.count)
        numbering.numbers.withUnsafeBufferPointer { numbers in
            for index in products.indices where !products.isDisabled(at: index) {
                lists[0].append(index)
                lists[Int(numbers[index]) + 1].append(index)
            }
        }
        categoryNames = names
        enabledByCategory = lists
        if products.count >= Self.backgroundThreshold {
            // The id and barcode lookups are built there too, after the text, so the first scan does not wait.
            text = PendingSearchText(deferred: { CatalogSearchText(products: products) }, afterwards: { catalog.prepareLookups() })
        } else {
            text = PendingSearchText(ready: CatalogSearchText(products: products))
        }
    }

    /// Enabled products of `category` (0: all) whose entry holds every word of `query`; only `candidates` when
    /// given (the result of a query this one narrows), else the whole category.
    func matches(_ query: CatalogSearchText.Query, category: Int, candidates: [Int]?) -> [Int] {
        let pool = candidates ?? enabledByCategory[category]
        guard !query.words.isEmpty else { return pool }
        return text.value.filter(pool, query)
    }

    /// True once the search text is built (for tests and the benchmark).
    var searchTextReady: Bool { text.isReady }

    /// Starts building the search text in the background if it is not built or under way.
    func startBuilding() { text.start() }
}

/// A `CatalogSearchText` built on a background thread once `start()` is called; `value` starts it if need be and waits.
final class PendingSearchText: @unchecked Sendable {
    private let condition = NSCondition()
    private var built: CatalogSearchText?
    /// What builds it and what runs after, until started.
    private var pending: (building: @Sendable () -> CatalogSearchText, afterwards: @Sendable () -> Void)?

    init(ready: CatalogSearchText) { built = ready }

    init(deferred building: @escaping @Sendable () -> CatalogSearchText, afterwards: @escaping @Sendable () -> Void) {
        pending = (building, afterwards)
    }

    /// Begins the build on a global queue; nothing when it is built or already under way.
    func start() {
        condition.lock()
        let work = pending
        pending = nil
        condition.unlock()
        guard let work else { return }
        DispatchQueue.global(qos: .userInitiated).async { [self] in
            let made = work.building()
            condition.lock()
            built = made
            condition.broadcast()
            condition.unlock()
            work.afterwards()
        }
    }

    var value: CatalogSearchText {
        start()
        condition.lock()
        defer { condition.unlock() }
        while built == nil { condition.wait() }
        return built!
    }

    var isReady: Bool {
        condition.lock()
        defer { condition.unlock() }
        return built != nil
    }
}
