import Testing
import TillCore
@testable import TillConfig

@Suite struct CatalogFileTests {
    @Test func sampleCatalogLoadsWithTheLaptop() throws {
        let catalog = try CatalogFile.load(path: Repository.path("catalog/sample.toml"))
        #expect(catalog.products.count >= 40)
        #expect(catalog.categories.count >= 5)
        #expect(catalog.currency == .usd)
        let laptop = try #require(catalog.product(id: "LAP-14-PRO"))
        #expect(laptop.price.minor == 129_900)
        #expect(laptop.category == "Laptops")
        #expect(catalog.products.contains { $0.disabled })
        #expect(catalog.products.contains { $0.stock == 0 })
        #expect(catalog.products.contains { (1...2).contains($0.stock ?? 99) })
        #expect(catalog.products.contains { $0.taxRate != nil })
        for product in catalog.products {
            if let code = product.barcode {
                #expect(code.count == 13 && ProductRules.hasValidCheckDigit(code.compactMap(\.wholeNumberValue)), "\(product.id)")
            }
        }
    }

    @Test func embeddedSampleIsTheRepositorySample() throws {
        #expect(CatalogFile.sampleText == (try Repository.text("catalog/sample.toml")))
        #expect(try CatalogFile.sample().products.count == (try CatalogFile.load(path: Repository.path("catalog/sample.toml"))).products.count)
    }

    private func issues(_ text: String) throws -> [ConfigIssue] {
        let files = try TestFiles()
        let path = try files.write("shop.toml", text)
        do { _ = try CatalogFile.load(path: path); Issue.record("loaded a bad catalog"); return [] }
        catch { #expect(error.issues.allSatisfy { $0.file == path }); return error.issues }
    }

    private func entry(_ lines: String...) -> String { "[[product]]\n" + lines.joined(separator: "\n") + "\n" }

    @Test func duplicateIDNamesLineAndField() throws {
        let text = "currency = \"USD\"\n\n" + entry("id = \"A\"", "name = \"One\"", "price = \"1.00\"")
            + entry("id = \"A\"", "name = \"Two\"", "price = \"2.00\"")
        let found = try issues(text)
        #expect(found.count == 1)
        #expect(found.first?.line == 8)
        #expect(found.first?.field == "product[1].id")
        #expect(found.first?.message.contains("duplicate id \"A\"") == true)
        #expect(found.first?.message.contains("line 3") == true)
    }

    @Test func badPricesNameLineAndField() throws {
        let text = "currency = \"USD\"\n" + entry("id = \"A\"", "name = \"One\"", "price = \"1.005\"")
            + entry("id = \"B\"", "name = \"Two\"", "price = \"ten\"")
            + entry("id = \"C\"", "name = \"Three\"", "price = 1.5")
        let found = try issues(text)
        #expect(found.map(\.line) == [5, 9, 13])
        #expect(found.map(\.field) == ["product[0].price", "product[1].price", "product[2].price"])
        #expect(found[0].problem.contains("more than 2 decimal places"))
        #expect(found[1].problem.contains("not a decimal number"))
        #expect(found[2].problem.contains("floating-point"))
    }

    @Test func yenPricesAllowNoDecimals() throws {
        let found = try issues("currency = \"JPY\"\n" + entry("id = \"A\"", "name = \"Tea\"", "price = \"300.5\""))
        #expect(found.first?.problem.contains("more than 0 decimal places") == true)
        let catalog = try CatalogFile.parse(text: "currency = \"JPY\"\n" + entry("id = \"A\"", "name = \"Tea\"", "price = \"300\""), file: "x")
        #expect(catalog.products[0].price.minor == 300)
    }

    @Test func unknownCurrencyNamesLine() throws {
        let found = try issues("# shop\ncurrency = \"XYZ\"\n" + entry("id = \"A\"", "name = \"One\"", "price = \"1.00\""))
        #expect(found.count == 1)
        #expect(found[0].line == 2 && found[0].field == "currency")
        #expect(found[0].problem.contains("XYZ"))
    }

    @Test func missingNameAndWrongTypesAreAllCollected() throws {
        let text = "currency = \"USD\"\n" + entry("id = \"A\"", "price = \"1.00\"")
            + entry("id = \"B\"", "name = \"Two\"", "price = \"2.00\"", "stock = \"five\"", "disabled = \"no\"")
            + entry("id = \"C\"", "name = \"Three\"", "price = \"3.00\"", "prise = \"3.00\"", "barcode = \"4006381333932\"")
        let found = try issues(text)
        #expect(found.contains { $0.field == "product[0].name" && $0.line == 2 && $0.problem.contains("missing") })
        #expect(found.contains { $0.field == "product[1].stock" && $0.line == 9 && $0.problem.contains("expected an integer, found a string") })
        #expect(found.contains { $0.field == "product[1].disabled" && $0.line == 10 })
        #expect(found.contains { $0.field == "product[2].prise" && $0.line == 15 && $0.problem.contains("known keys") })
        #expect(found.contains { $0.field == "product[2].barcode" && $0.line == 16 && $0.problem.contains("check digit") })
        #expect(found.count == 5)
    }

    @Test func syntaxErrorNamesLine() throws {
        let found = try issues("currency = \"USD\"\n[[product]]\nid = \"A\nname = \"x\"\n")
        #expect(found.count == 1)
        #expect(found[0].line == 3)
        #expect(found[0].problem.contains("not valid TOML"))
    }

    @Test func missingFileIsAnError() throws {
        let files = try TestFiles()
        #expect(throws: ConfigFileError.self) { try CatalogFile.load(path: files.path("none.toml")) }
    }

    @Test func renderedCatalogParsesBackEqual() throws {
        let sample = try CatalogFile.sample()
        // Control characters are refused in catalogs (CatalogControlTests); quotes and backslashes round-trip.
        let odd = Product(id: "Q-1", name: "Quote \" and \\ back slash", price: FiatAmount(minor: 5, currency: .usd),
                          category: "Odd", description: "tab «here»", taxRate: try DecimalNumber(parsing: "7.125"))
        let catalog = Catalog(currency: .usd, products: sample.products + [odd])
        let again = try CatalogFile.parse(text: CatalogFile.render(catalog), file: "rendered")
        #expect(again == catalog)
    }
}
