import Testing
import TillCore
@testable import TillUI

@Suite struct CatalogBrowserTests {
    static let catalog = Catalog(currency: .usd, products: [
        Product(id: "LAP-14", name: "Aurora 14 Pro Laptop", price: FiatAmount(minor: 129_900, currency: .usd), category: "Laptops",
                barcode: "2000000000017"),
        Product(id: "CAB-1", name: "USB-C Cable 2 m", price: FiatAmount(minor: 1_499, currency: .usd), category: "Cables"),
        Product(id: "ESP-1", name: "Espresso", price: FiatAmount(minor: 300, currency: .usd), category: "Café"),
        Product(id: "OLD-1", name: "Old Laptop", price: FiatAmount(minor: 100, currency: .usd), category: "Laptops", disabled: true),
    ])

    @Test func searchMatchesNameIdBarcodeAndCategoryCaseInsensitively() {
        var browser = CatalogBrowser(catalog: Self.catalog)
        #expect(browser.products.map(\.id) == ["LAP-14", "CAB-1", "ESP-1"], "disabled products are not listed")
        browser.search("LAPTOP")
        #expect(browser.products.map(\.id) == ["LAP-14"])
        browser.search("cab")
        #expect(browser.products.map(\.id) == ["CAB-1"])
        browser.search("0000017")
        #expect(browser.products.map(\.id) == ["LAP-14"])
        browser.search("café")
        #expect(browser.products.map(\.id) == ["ESP-1"], "non-ASCII text matches byte for byte")
        browser.search("usb 2 m")
        #expect(browser.products.map(\.id) == ["CAB-1"], "every word must match")
        browser.search("zzz")
        #expect(browser.products.isEmpty)
        browser.search("")
        #expect(browser.products.count == 3)
    }

    @Test func categoriesFilterAndCombineWithSearch() {
        var browser = CatalogBrowser(catalog: Self.catalog)
        browser.selectCategory(1)
        #expect(browser.category == "Laptops")
        #expect(browser.products.map(\.id) == ["LAP-14"])
        browser.search("usb")
        #expect(browser.products.isEmpty)
        browser.selectCategory(0)
        #expect(browser.products.map(\.id) == ["CAB-1"])
    }
}
