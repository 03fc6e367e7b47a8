import Foundation
import Testing
import TillCore
@testable import TillConfig
@testable import TillUI

/// The summary-filtered, narrowed search must list exactly what a plain scan of every product lists, whatever was
/// typed before and whatever the catalog holds: control characters, combining marks, other scripts, empty and very
/// long queries; and whether the products are an array or read in place from the catalog cache, as a till starts.
@Suite struct CatalogSearchEquivalenceTests {
    /// Pieces of names and queries, hostile ones included.
    static let pieces = ["Mouse", "mouse", "Café", "cafe\u{301}", "CAFÉ", "Tea", "USB-C", "Ünïcode", "42", "4006", "Straße",
                         "İstanbul", "ΟΔΟΣ", "οδος", "ﬁne", "🍵", "e\u{301}", "\u{301}", "tab\there", "nul\u{0}x", "del\u{7F}y",
                         "\u{1B}[31m", "\u{202E}rtl", "zero\u{200B}width", "日本", "a", " ", "x y", "ǅ"]

    struct Random {
        var state: UInt64
        mutating func next(_ bound: Int) -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int((state >> 33) % UInt64(bound))
        }
        mutating func piece() -> String { pieces[next(pieces.count)] }
    }

    static func catalog(seed: UInt64, count: Int) -> Catalog {
        var random = Random(state: seed)
        let products = (0..<count).map { index in
            Product(id: "\(random.piece())-\(index)", name: "\(random.piece()) \(random.piece())\(random.piece()) \(index)",
                    price: FiatAmount(minor: 100, currency: .usd), category: ["Café", "Tech", "ΟΔΟΣ", "a\tb"][random.next(4)],
                    barcode: random.next(3) == 0 ? nil : "\(random.next(10))\(random.piece())", disabled: random.next(10) == 0)
        }
        return Catalog(currency: .usd, products: products)
    }

    /// The same products read in place from a mapped catalog cache section (the file is gone, its mapping stays).
    static func mapped(_ catalog: Catalog) throws -> Catalog {
        var out = ByteWriter()
        CatalogCacheProducts.write(catalog.products, to: &out)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("till-mapped-\(UUID().uuidString)")
        try Data(out.buffer).write(to: url)
        defer { try? FileManager.default.removeItem(at: url) }
        let file = try #require(MappedFile(path: url.path))
        let source = try #require(MappedProducts(file: file, from: 0, to: out.buffer.count, currency: catalog.currency))
        return Catalog(currency: catalog.currency, table: ProductTable(source: source))
    }

    /// Each field lower-cased on its own, control characters (C0 and DEL) as spaces.
    static func folded(_ field: String) -> [UInt8] {
        Array(String(String.UnicodeScalarView(field.lowercased().unicodeScalars.map {
            $0.value < 0x20 || $0.value == 0x7F ? " " : $0
        })).utf8)
    }

    /// A catalog with each product's folded fields, joined by spaces, computed once: folding every product again
    /// for every step made this suite hold both of the test pool's threads for minutes on a loaded 2-core machine.
    struct Reference {
        let catalog: Catalog
        let entries: [[UInt8]]
        init(_ catalog: Catalog) {
            self.catalog = catalog
            entries = catalog.products.map { product in
                [folded(product.name), folded(product.id), folded(product.barcode ?? ""), folded(product.category)]
                    .joined(separator: [0x20]).map { $0 }
            }
        }
    }

    /// The reference: every enabled product of the category whose folded fields hold every folded word of the query.
    static func scan(_ reference: Reference, query: String, category: String?) -> [Int] {
        let words = folded(query).split(separator: 0x20).map(Array.init)
        return reference.catalog.products.indices.filter { index in
            let product = reference.catalog.products[index]
            let entry = reference.entries[index]
            return !product.disabled && (category == nil || product.category == category)
                && words.allSatisfy { word in entry.indices.contains { entry[$0...].starts(with: word) } }
        }
    }

    /// A cashier's editing: type a piece, a character, Backspace, replace the query, clear it, switch categories.
    @Test(arguments: [(11, false), (12, false), (13, true), (14, true)] as [(UInt64, Bool)])
    func anyEditingListsWhatAFullScanLists(seed: UInt64, mapped: Bool) throws {
        let catalog = Self.catalog(seed: seed, count: 400)
        let reference = Reference(catalog)
        var random = Random(state: seed &* 31)
        var browser = CatalogBrowser(catalog: mapped ? try Self.mapped(catalog) : catalog)
        var text = ""
        for step in 0..<300 {
            switch random.next(8) {
            case 0, 1: text += random.piece()
            case 2: text += String(random.piece().prefix(1))
            case 3, 4: if !text.isEmpty { text.removeLast() }
            case 5: text = random.piece()
            case 6: text = random.next(4) == 0 ? "" : String(text.dropFirst())
            default: browser.selectCategory(random.next(browser.categories.count))
            }
            browser.search(text)
            let category = browser.categoryIndex == 0 ? nil : browser.category
            #expect(browser.visible == Self.scan(reference, query: text, category: category),
                    "step \(step): \(text.debugDescription) in \(browser.category.debugDescription)")
        }
    }

    @Test func backspaceAndReTypingReturnTheSameListsAsTypingAfresh() {
        let catalog = Self.catalog(seed: 5, count: 300)
        let reference = Reference(catalog)
        var browser = CatalogBrowser(catalog: catalog)
        let typed = ["c", "ca", "caf", "café", "café ", "café 1", "café 12", "café 1", "café", "cafe\u{301}", "caf",
                     "ΟΔ", "ΟΔΟ", "ΟΔΟΣ", "ΟΔΟΣ ", "ΟΔΟΣ Ο", "οδοσ", "\u{301}", "e\u{301}", "x", "x\u{0}y", "   ", ""]
        for text in typed {
            browser.search(text)
            #expect(browser.visible == Self.scan(reference, query: text, category: nil), "\(text.debugDescription)")
        }
    }

    @Test func emptyWhitespaceAndVeryLongQueries() {
        let catalog = Self.catalog(seed: 7, count: 200)
        let reference = Reference(catalog)
        var browser = CatalogBrowser(catalog: catalog)
        let enabled = catalog.products.indices.filter { !catalog.products[$0].disabled }
        for text in ["", " ", "\t\t", "\u{0}", "\u{7F}"] {
            browser.search(text)
            #expect(browser.visible == enabled, "\(text.debugDescription) filters nothing")
        }
        let long = String(repeating: "mouse café ", count: 200)
        for end in stride(from: 1, through: long.count, by: 97) {
            let text = String(long.prefix(end))
            browser.search(text)
            #expect(browser.visible == Self.scan(reference, query: text, category: nil))
        }
        browser.search(String(repeating: "a", count: 5_000))
        #expect(browser.visible.isEmpty)
    }

    /// From `backgroundThreshold` products the text is built on another thread; searches at once still list the same.
    @Test(arguments: [false, true])
    func aLargeCatalogSearchedWhileItsTextIsBuiltListsTheSame(mapped: Bool) throws {
        let catalog = Self.catalog(seed: 3, count: CatalogSearchIndex.backgroundThreshold + 10)
        let reference = Reference(catalog)
        var browser = CatalogBrowser(catalog: mapped ? try Self.mapped(catalog) : catalog)
        #expect(browser.visible == catalog.products.indices.filter { !catalog.products[$0].disabled })
        for text in ["m", "mo", "mouse", "mouse 1", "café", "ΟΔΟΣ", "🍵"] {
            browser.search(text)
            #expect(browser.visible == Self.scan(reference, query: text, category: nil), "\(text)")
        }
        browser.selectCategory(2)
        #expect(browser.visible == Self.scan(reference, query: "🍵", category: browser.category))
    }

    /// A large catalog's text is not built with the model (the first frame keeps both cores): only once asked, by
    /// `startBuilding()` after the first frame or by the first search, and then it lists the same as a scan.
    @Test func aLargeCatalogBuildsItsTextOnlyWhenAsked() {
        let catalog = Self.catalog(seed: 4, count: CatalogSearchIndex.backgroundThreshold + 1)
        let index = CatalogSearchIndex(catalog: catalog)
        #expect(!index.searchTextReady)
        index.startBuilding()
        index.startBuilding()
        let found = index.matches(CatalogSearchText.Query("mouse"), category: 0, candidates: nil)
        #expect(index.searchTextReady)
        #expect(found == Self.scan(Reference(catalog), query: "mouse", category: nil))
    }
}
