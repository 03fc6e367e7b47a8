import Foundation
import Testing
import TillCore
@testable import TillConfig

/// The cache's products section decoded in runs side by side: every size around the run boundaries comes back
/// exactly as written, and a table or record that does not fit is refused rather than half-read.
@Suite struct CatalogCacheCodingTests {
    static let size = CatalogCacheProducts.chunkSize

    /// Products with every optional field present and absent in turn, multi-byte text, and negative-free prices.
    static func products(_ count: Int) -> [Product] {
        (0..<count).map { index in
            Product(id: "P-\(index)", name: index % 7 == 0 ? "Café crème nº \(index) ☕" : "Product \(index) with a longer name",
                    price: FiatAmount(minor: Int64(index * 37 % 100_000), currency: .eur), category: "Cat \(index % 13)",
                    description: index % 4 == 0 ? "A description, item \(index)" : nil,
                    taxRate: index % 5 == 0 ? try! DecimalNumber(parsing: "8.25") : (index % 11 == 0 ? try! DecimalNumber(parsing: "0") : nil),
                    barcode: index % 3 == 0 ? "20\(String(index).leftPadded(10))7" : nil, stock: index % 6 == 0 ? index % 50 : nil,
                    disabled: index % 17 == 0)
        }
    }

    static func encoded(_ products: [Product]) -> [UInt8] {
        var out = ByteWriter()
        out.bytes([9, 9, 9])  // something before the section, as the header is in the file
        CatalogCacheProducts.write(products, to: &out)
        return out.buffer
    }

    static func decoded(_ bytes: [UInt8]) -> [Product]? {
        bytes.withUnsafeBytes { CatalogCacheProducts.decode($0, from: 3, to: bytes.count, currency: .eur) }
    }

    @Test(arguments: [0, 1, size - 1, size, size + 1, 2 * size, 3 * size + 5])
    func everySizeAroundTheRunsComesBackExactly(count: Int) {
        let products = Self.products(count)
        #expect(Self.decoded(Self.encoded(products)) == products)
    }

    @Test func aRunTableThatDoesNotMatchItsRecordsIsRefused() {
        let bytes = Self.encoded(Self.products(2 * Self.size + 1))
        let table = 3 + 16  // after the count, the run size and the run count
        var swapped = bytes
        swapped.replaceSubrange(table + 8..<table + 16, with: bytes[table + 16..<table + 24])
        swapped.replaceSubrange(table + 16..<table + 24, with: bytes[table + 8..<table + 16])
        #expect(Self.decoded(swapped) == nil)
        var shifted = bytes
        shifted[table + 8] &+= 1
        #expect(Self.decoded(shifted) == nil)
        var beyond = bytes
        beyond.replaceSubrange(table + 16..<table + 24, with: withUnsafeBytes(of: Int64(bytes.count + 1).littleEndian, Array.init))
        #expect(Self.decoded(beyond) == nil)
    }

    @Test func aDamagedRecordInALaterRunIsRefused() {
        let products = Self.products(Self.size + 10)
        let bytes = Self.encoded(products)
        // The second run's first record starts with the id's length; make it run past the end.
        let table = 3 + 16
        let second = Int(bytes[table + 8..<table + 16].withUnsafeBytes { $0.loadUnaligned(as: Int64.self) })
        var damaged = bytes
        damaged.replaceSubrange(second..<second + 4, with: [0xF0, 0xFF, 0xFF, 0x0F])
        #expect(Self.decoded(damaged) == nil)
    }

    @Test func aWrongCountOrRunSizeOrTruncationIsRefused() {
        let bytes = Self.encoded(Self.products(Self.size + 2))
        var count = bytes
        count[3] &+= 1
        #expect(Self.decoded(count) == nil)
        var runSize = bytes
        runSize[3 + 8] &+= 1
        #expect(Self.decoded(runSize) == nil)
        #expect(Self.decoded(Array(bytes.dropLast())) == nil)
        #expect(Self.decoded(bytes + [0]) == nil)
    }

    @Test func aCatalogOfSeveralRunsLoadsFromTheCacheAsParsed() throws {
        let files = try TestFiles()
        var text = "currency = \"USD\"\n"
        for index in 0..<(Self.size + 3) {
            text += "\n[[product]]\nid = \"P-\(index)\"\nname = \"Product \(index)\"\nprice = \"\(index % 90 + 1).25\"\n"
            if index % 2 == 0 { text += "category = \"Even\"\ntax_rate = \"7.5\"\n" }
        }
        let path = try files.write("runs.toml", text)
        let cache = CatalogCache(directory: files.path(""))
        let parsed = try cache.load(file: path)
        #expect(parsed.source == .checkedAgain)
        let cached = try cache.load(file: path)
        #expect(cached.source == .cache)
        #expect(cached.catalog == parsed.catalog)
        #expect(cached.catalog.categories == parsed.catalog.categories)
    }
}

extension String {
    fileprivate func leftPadded(_ width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
