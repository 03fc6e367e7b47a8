import Testing
import TillCore
@testable import TillUI

/// The indexed search must list exactly what a plain filter over every product lists, whatever was typed before.
@Suite struct CatalogSearchIndexTests {
    static let words = ["Mouse", "mouse", "Café", "CAFÉ", "Laptop", "Tea", "USB-C", "Ünïcode", "42", "Pro", "4006"]

    /// A small deterministic catalog: random names from `words`, some disabled, three categories.
    static func catalog(seed: UInt64) -> Catalog {
        var random = seed
        func next(_ bound: Int) -> Int {
            random = random &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((random >> 33) % UInt64(bound))
        }
        let products = (0..<300).map { index in
            Product(id: "ID-\(index)", name: "\(words[next(words.count)]) \(words[next(words.count)]) \(index)",
                    price: FiatAmount(minor: 100, currency: .usd), category: ["Café", "Tech", "Other"][next(3)],
                    barcode: next(2) == 0 ? "40063813\(index)" : nil, disabled: next(10) == 0)
        }
        return Catalog(currency: .usd, products: products)
    }

    /// What the list must be: every enabled product of the category whose lower-cased text holds every word.
    static func expected(_ catalog: Catalog, query: String, category: String?) -> [String] {
        let words = query.lowercased().split(separator: " ")
        return catalog.products.filter { product in
            let text = "\(product.name) \(product.id) \(product.barcode ?? "") \(product.category)".lowercased()
            return !product.disabled && (category == nil || product.category == category)
                && words.allSatisfy { text.contains($0) }
        }.map(\.id)
    }

    @Test(arguments: [1, 2, 3] as [UInt64])
    func typingCorrectingAndSwitchingCategoriesAlwaysListsWhatAFullFilterLists(seed: UInt64) {
        let catalog = Self.catalog(seed: seed)
        var browser = CatalogBrowser(catalog: catalog)
        let typed = ["m", "mo", "mou", "mouse", "mouse ", "mouse 1", "mouse 12", "mouse 1", "mouse", "mo", "c", "ca", "caf",
                     "café", "CAFÉ t", "café te", "4", "40", "4006", "40063813", "id-2", "ü", "ün", "x", "", "pro 4", "usb-c"]
        for categoryIndex in [0, 1, 2, 0] {
            browser.selectCategory(categoryIndex)
            let category = categoryIndex == 0 ? nil : browser.category
            for text in typed {
                browser.search(text)
                #expect(browser.products.map(\.id) == Self.expected(catalog, query: text, category: category),
                        "query \"\(text)\" in \(browser.category)")
            }
        }
    }

    @Test func controlCharactersAndEmptyWordsNeitherCrashNorMatchAcrossProducts() {
        let catalog = Catalog(currency: .usd, products: [
            Product(id: "A", name: "Tab\tname", price: FiatAmount(minor: 1, currency: .usd), category: "X"),
            Product(id: "B", name: "other", price: FiatAmount(minor: 1, currency: .usd), category: "X"),
        ])
        var browser = CatalogBrowser(catalog: catalog)
        browser.search("tab name")
        #expect(browser.products.map(\.id) == ["A"])
        browser.search("name oth")
        #expect(browser.products.isEmpty, "every word must match inside the same product")
        browser.search("x oth")
        #expect(browser.products.map(\.id) == ["B"])
        browser.search("   ")
        #expect(browser.products.count == 2)
    }
}
