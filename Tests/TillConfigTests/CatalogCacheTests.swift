import Foundation
import Testing
import TillCore
@testable import TillConfig

/// The checked copy of the catalog in the data directory: reused while the TOML is unchanged, never after an edit,
/// and an edit that breaks the file still gets its file/line/field errors.
@Suite struct CatalogCacheTests {
    static func toml(price: String = "4.50", extra: String = "") -> String {
        """
        currency = "USD"

        [[product]]
        id = "ESP-1"
        name = "Espresso"
        price = "\(price)"
        category = "Café"
        stock = 12
        tax_rate = "8.25"

        [[product]]
        id = "MUG-1"
        name = "Mug"
        price = "9.00"
        barcode = "4006381333931"
        description = "Stoneware, 350 ml"
        disabled = true
        \(extra)
        """
    }

    @Test func secondLoadComesFromTheCacheAndEqualsTheParse() throws {
        let files = try TestFiles()
        let path = try files.write("catalog.toml", Self.toml())
        let cache = CatalogCache(directory: files.path(""))
        let first = try cache.load(file: path)
        #expect(first.source == .checkedAgain)
        #expect(FileManager.default.fileExists(atPath: cache.path))
        let second = try cache.load(file: path)
        #expect(second.source == .cache)
        #expect(second.catalog == first.catalog)
        #expect(second.catalog == (try CatalogFile.load(path: path)))
        #expect(second.fingerprint == first.fingerprint)
    }

    @Test func anEditOfTheSameSizeRightAfterTheLoadIsReadAgain() throws {
        // Same size, and written within the file system's timestamp tick of the cached copy: only the hash tells.
        let files = try TestFiles()
        let path = try files.write("catalog.toml", Self.toml(price: "4.50"))
        let cache = CatalogCache(directory: files.path(""))
        let before = try cache.load(file: path)
        try files.write("catalog.toml", Self.toml(price: "5.50"))
        let after = try cache.load(file: path)
        #expect(after.source == .checkedAgain)
        #expect(after.catalog.product(id: "ESP-1")?.price.minor == 550)
        #expect(after.fingerprint != before.fingerprint)
    }

    @Test func anEditWithAnOldModificationTimeIsReadAgain() throws {
        // An editor or a copy that keeps the old time (cp -p, rsync -t): the size differs, so the hash is asked.
        let files = try TestFiles()
        let path = try files.write("catalog.toml", Self.toml())
        let cache = CatalogCache(directory: files.path(""))
        let old = Date(timeIntervalSinceNow: -3_600)
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        _ = try cache.load(file: path)
        _ = try cache.load(file: path)
        try files.write("catalog.toml", Self.toml(price: "14.50"))
        try FileManager.default.setAttributes([.modificationDate: old], ofItemAtPath: path)
        let after = try cache.load(file: path)
        #expect(after.catalog.product(id: "ESP-1")?.price.minor == 1_450)
    }

    @Test func aBrokenEditNamesFileLineAndFieldAndTheFixLoadsAgain() throws {
        let files = try TestFiles()
        let path = try files.write("catalog.toml", Self.toml())
        let cache = CatalogCache(directory: files.path(""))
        _ = try cache.load(file: path)
        try files.write("catalog.toml", Self.toml(price: "4.505"))
        let error = #expect(throws: ConfigFileError.self) { try cache.load(file: path) }
        #expect(error?.issues.first?.file == path)
        #expect(error?.issues.first?.line == 6)
        #expect(error?.issues.first?.field == "product[0].price")
        // The broken file is refused at every start, not only the first one after the edit.
        #expect(throws: ConfigFileError.self) { try cache.load(file: path) }
        try files.write("catalog.toml", Self.toml(price: "4.75"))
        #expect(try cache.load(file: path).catalog.product(id: "ESP-1")?.price.minor == 475)
    }

    @Test func aTouchedButUnchangedFileIsRecognisedByItsHash() throws {
        let files = try TestFiles()
        let path = try files.write("catalog.toml", Self.toml())
        let cache = CatalogCache(directory: files.path(""))
        let first = try cache.load(file: path)
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: 60)], ofItemAtPath: path)
        let touched = try cache.load(file: path)
        #expect(touched.source == .cache)
        #expect(touched.catalog == first.catalog)
    }

    @Test func aDamagedCacheIsIgnoredAndRewritten() throws {
        let files = try TestFiles()
        let path = try files.write("catalog.toml", Self.toml())
        let cache = CatalogCache(directory: files.path(""))
        let good = try cache.load(file: path).catalog
        let bytes = try Data(contentsOf: URL(fileURLWithPath: cache.path))
        for damaged in [bytes.prefix(bytes.count / 2), Data(bytes.prefix(80)) + Data(repeating: 0xFF, count: 64),
                        Data("not a cache".utf8), Data()] {
            try damaged.write(to: URL(fileURLWithPath: cache.path))
            let loaded = try cache.load(file: path)
            #expect(loaded.source == .checkedAgain)
            #expect(loaded.catalog == good)
        }
        #expect(try cache.load(file: path).source == .cache)
    }

    @Test func anotherCatalogFileDoesNotUseTheCopyOfTheFirst() throws {
        let files = try TestFiles()
        let first = try files.write("a.toml", Self.toml(price: "1.00"))
        let second = try files.write("b.toml", Self.toml(price: "2.00"))
        let cache = CatalogCache(directory: files.path(""))
        _ = try cache.load(file: first)
        #expect(try cache.load(file: second).catalog.product(id: "ESP-1")?.price.minor == 200)
        #expect(try cache.load(file: first).catalog.product(id: "ESP-1")?.price.minor == 100)
    }

    @Test func aMissingDataDirectoryStillLoads() throws {
        let files = try TestFiles()
        let path = try files.write("catalog.toml", Self.toml())
        let cache = CatalogCache(directory: files.path("no/such/dir"))
        #expect(try cache.load(file: path).catalog.products.count == 2)
        #expect(!FileManager.default.fileExists(atPath: cache.path))
    }

    @Test func aLargeChangedCatalogReportsProgress() throws {
        let files = try TestFiles()
        var text = "currency = \"USD\"\n"
        for index in 0..<(CatalogFile.progressStep + 10) {
            text += "\n[[product]]\nid = \"P-\(index)\"\nname = \"Product number \(index) with a long enough name\"\nprice = \"1.00\"\n"
        }
        let path = try files.write("big.toml", text)
        var messages: [String] = []
        _ = try CatalogCache(directory: files.path("")).load(file: path) { messages.append($0) }
        #expect(messages.first?.contains("big.toml") == true)
        #expect(messages.contains { $0.contains("checked \(CatalogFile.progressStep) of") })
    }
}
