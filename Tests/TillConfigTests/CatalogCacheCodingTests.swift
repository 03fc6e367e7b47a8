import Foundation
import Testing
import TillCore
@testable import TillConfig

/// The cache's products section read in place from a mapped file: every product, field and category comes back
/// exactly as written (hostile text, trailing zeros of a tax rate, absent fields), lookups answer as over the array,
/// and a record that points outside the section is refused when the file is opened, never when a product is read.
@Suite struct CatalogCacheCodingTests {
    /// Text a catalog file would refuse, which the cache must still carry byte for byte.
    static let hostile = ["", "Café crème nº ☕", "cafe\u{301}", "nul\u{0}x", "\u{1B}[31mred", "\u{202E}rtl", "zero\u{200B}width",
                          "日本", "ǅ", String(repeating: "long ", count: 200), "tab\there", "İstanbul"]

    /// Products with every optional field present and absent in turn, repeated ids and barcodes, hostile text.
    static func products(_ count: Int) -> [Product] {
        (0..<count).map { index in
            let text = hostile[index % hostile.count]
            return Product(id: index % 29 == 28 ? "P-1" : "P-\(index)\(index % 5 == 0 ? text : "")",
                           name: index % 3 == 0 ? "\(text) \(index)" : "Product \(index) with a longer name",
                           price: FiatAmount(minor: Int64(index * 37 % 100_000) - 50, currency: .eur),
                           category: index % 11 == 0 ? text : "Cat \(index % 13)",
                           description: index % 4 == 0 ? "A description, \(text)" : nil,
                           taxRate: index % 5 == 0 ? try! DecimalNumber(parsing: "8.250") : (index % 7 == 0 ? try! DecimalNumber(parsing: "0") : nil),
                           barcode: index % 3 == 0 ? "20\(index)\(index % 6 == 0 ? text : "")" : (index % 31 == 30 ? "203" : nil),
                           stock: index % 6 == 0 ? index % 50 : (index % 19 == 0 ? Int(Int64.max) : nil),
                           disabled: index % 17 == 0)
        }
    }

    static func encoded(_ products: [Product]) -> [UInt8] {
        var out = ByteWriter()
        out.bytes([9, 9, 9])  // something before the section, as the header is in the file
        CatalogCacheProducts.write(ProductTable(products), to: &out)
        return out.buffer
    }

    /// The section mapped from a file, as a start reads it; nil when refused.
    static func mapped(_ bytes: [UInt8], in files: TestFiles) throws -> MappedProducts? {
        let path = files.path("section-\(bytes.count)-\(bytes.hashValue)")
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return MappedFile(path: path).flatMap { MappedProducts(file: $0, from: 3, to: bytes.count, currency: .eur) }
    }

    @Test(arguments: [0, 1, 2, 40, 1_000])
    func everyProductAndFieldComesBackExactly(count: Int) throws {
        let files = try TestFiles()
        let products = Self.products(count)
        let source = try #require(try Self.mapped(Self.encoded(products), in: files))
        let table = ProductTable(source: source)
        let array = ProductTable(products)
        #expect(table == array)
        #expect(table.hashValue == array.hashValue)
        #expect(Array(table) == products)
        for index in products.indices {
            let product = products[index]
            #expect(table.id(at: index).utf8.elementsEqual(product.id.utf8))
            #expect(table.name(at: index).utf8.elementsEqual(product.name.utf8))
            #expect(table.barcode(at: index)?.utf8.elementsEqual((product.barcode ?? "").utf8) ?? (product.barcode == nil))
            #expect(table.isDisabled(at: index) == product.disabled)
            #expect(table[index].taxRate?.scale == product.taxRate?.scale, "8.250 keeps its three decimals")
            #expect(table[index].description?.utf8.elementsEqual((product.description ?? "").utf8) ?? (product.description == nil))
        }
        #expect(table.categoryNumbering() == array.categoryNumbering())
        let mappedCatalog = Catalog(currency: .eur, table: table), arrayCatalog = Catalog(currency: .eur, products: products)
        #expect(mappedCatalog == arrayCatalog)
        #expect(mappedCatalog.categories == arrayCatalog.categories)
    }

    /// Every id, barcode and hostile string looked up over the mapped table finds what the array finds (the last of
    /// repeated keys; canonically equal spellings alike).
    @Test func lookupsAnswerAsOverTheArray() throws {
        let files = try TestFiles()
        let products = Self.products(600)
        let mapped = Catalog(currency: .eur, table: ProductTable(source: try #require(try Self.mapped(Self.encoded(products), in: files))))
        let array = Catalog(currency: .eur, products: products)
        let keys = products.flatMap { [$0.id, $0.barcode ?? "", $0.name] } + Self.hostile + Self.hostile.map { "P-0\($0)" }
            + ["P-1", "203", "P-0café", "P-0cafe\u{301}", "20", "p-1", " P-1", "P-1 "]
        for key in keys {
            #expect(mapped.product(id: key) == array.product(id: key), "id \(key.debugDescription)")
            #expect(mapped.product(scanned: key) == array.product(scanned: key), "scanned \(key.debugDescription)")
        }
        #expect(mapped.product(id: "P-1") == products.last { $0.id == "P-1" })
    }

    @Test func aRecordOutsideTheSectionOrANumberWithoutAnEntryIsRefused() throws {
        let files = try TestFiles()
        let products = Self.products(50)
        let bytes = Self.encoded(products)
        #expect(try Self.mapped(bytes, in: files) != nil)
        // The records start after the count, the categories and the tax rates.
        let records = bytes.withUnsafeBytes { raw -> Int in
            var reader = ByteReader(raw)
            reader.offset = 3 + 8
            for _ in 0..<reader.u32()! { _ = reader.string() }
            for _ in 0..<reader.u32()! { _ = reader.string(); _ = reader.u32() }
            return reader.offset
        }
        let last = records + (products.count - 1) * CatalogCacheProducts.recordSize
        func patched(_ offset: Int, _ value: UInt32) -> [UInt8] {
            var copy = bytes
            copy.replaceSubrange(offset..<offset + 4, with: withUnsafeBytes(of: value.littleEndian, Array.init))
            return copy
        }
        for damaged in [patched(last + 4, 1 << 30),           // the id runs past the heap
                        patched(last + 8, UInt32.max - 2),     // the name starts past it
                        patched(last + 12, UInt32.max),        // a name cannot be absent
                        patched(last + 32, 200),               // no such category
                        patched(last + 36, 4),                 // an unknown flag
                        patched(last + 40, 7),                 // no such tax rate
                        patched(last + 44, 1),                 // the unused word is not zero
                        patched(3, 51),                        // one product more than there are records
                        Array(bytes.dropLast()), bytes + [0]] {
            #expect(try Self.mapped(damaged, in: files) == nil)
        }
    }

    @Test func aCatalogLoadsFromTheCacheAsParsedAndReadsProductsInPlace() throws {
        let files = try TestFiles()
        var text = "currency = \"USD\"\n"
        for index in 0..<300 {
            text += "\n[[product]]\nid = \"P-\(index)\"\nname = \"Product \(index)\"\nprice = \"\(index % 90 + 1).25\"\n"
            if index % 2 == 0 { text += "category = \"Even\"\ntax_rate = \"7.50\"\nbarcode = \"X\(index)\"\n" }
            if index % 7 == 0 { text += "disabled = true\nstock = \(index)\n" }
        }
        let path = try files.write("in-place.toml", text)
        let cache = CatalogCache(directory: files.path(""))
        let parsed = try cache.load(file: path)
        #expect(parsed.source == .checkedAgain)
        let cached = try cache.load(file: path)
        #expect(cached.source == .cache)
        #expect(cached.catalog == parsed.catalog)
        #expect(cached.catalog.categories == parsed.catalog.categories)
        #expect(cached.catalog.product(scanned: "X42") == parsed.catalog.product(scanned: "X42"))
        #expect(cached.catalog.products[14].taxRate == parsed.catalog.products[14].taxRate)
    }
}
