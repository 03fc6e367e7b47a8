import Testing
@testable import TillCore

/// The compact id and barcode tables answer what a dictionary of the products would answer.
@Suite struct ProductLookupTests {
    static func product(_ id: String, barcode: String? = nil, name: String = "P") -> Product {
        Product(id: id, name: name, price: FiatAmount(minor: 100, currency: .usd), category: "C", barcode: barcode)
    }

    @Test func everyIdAndBarcodeOfAGeneratedCatalogIsFoundAndNothingElse() {
        let products = (0..<5_000).map { index in
            Self.product("SKU-\(index)", barcode: index % 3 == 0 ? nil : "20\(1_000_000 + index)")
        }
        let catalog = Catalog(currency: .usd, products: products)
        for (index, product) in products.enumerated() {
            #expect(catalog.product(id: product.id) == product)
            #expect(catalog.product(scanned: product.id) == product, "a typed SKU")
            if let barcode = product.barcode { #expect(catalog.product(scanned: barcode)?.id == "SKU-\(index)") }
        }
        #expect(catalog.product(id: "SKU-5000") == nil)
        #expect(catalog.product(scanned: "20\(1_000_000)") == nil, "index 0 has no barcode")
        #expect(catalog.product(scanned: "") == nil)
        #expect(catalog.product(id: "sku-1") == nil, "exact, not folded")
    }

    @Test func aBarcodeWinsOverAnIdAndTheLastOfRepeatedKeysWins() {
        let catalog = Catalog(currency: .usd, products: [
            Self.product("123", name: "by id"), Self.product("A", barcode: "123", name: "by barcode"),
            Self.product("DUP", name: "first"), Self.product("DUP", name: "second"),
            Self.product("B", barcode: "777", name: "first code"), Self.product("C", barcode: "777", name: "second code"),
        ])
        #expect(catalog.product(scanned: "123")?.name == "by barcode")
        #expect(catalog.product(id: "123")?.name == "by id")
        #expect(catalog.product(id: "DUP")?.name == "second")
        #expect(catalog.product(scanned: "777")?.name == "second code")
    }

    @Test func keysCompareAsSwiftStringsDo() {
        let catalog = Catalog(currency: .usd, products: [
            Self.product("café", barcode: "Å1"), Self.product("\u{1B}[2J", barcode: "x\u{0}y"), Self.product(""),
        ])
        #expect(catalog.product(id: "cafe\u{301}")?.id == "café", "canonically equal, as a dictionary finds it")
        #expect(catalog.product(scanned: "A\u{30A}1")?.id == "café")
        #expect(catalog.product(scanned: "x\u{0}y")?.id == "\u{1B}[2J")
        #expect(catalog.product(id: "")?.id == "")
        #expect(catalog.product(id: "x") == nil)
    }

    @Test func anEmptyCatalogAndPreparedLookupsAnswerTheSame() {
        #expect(Catalog(currency: .usd, products: []).product(scanned: "1") == nil)
        let catalog = Catalog(currency: .usd, products: [Self.product("A", barcode: "1")])
        catalog.prepareLookups()
        #expect(catalog.product(scanned: "1")?.id == "A")
        #expect(catalog == Catalog(currency: .usd, products: [Self.product("A", barcode: "1")]))
    }
}
