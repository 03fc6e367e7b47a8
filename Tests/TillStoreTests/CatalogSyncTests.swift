import Foundation
import GRDB
import Testing
import TillCore
import TillStore

/// A start writes the catalog's products only when the catalog changed, and then only the changed ones.
@Suite struct CatalogSyncTests {
    static let later = Fixture.noon.addingTimeInterval(3_600)

    static func millis(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1_000) }

    static func updatedAt(_ test: TestDatabase) throws -> [String: Int64] {
        try test.database.pool.read { db in
            var result: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT id, updated_at FROM products") { result[row["id"]] = row["updated_at"] }
            return result
        }
    }

    @Test func anUnchangedCatalogIsNotWrittenAgain() throws {
        let test = try TestDatabase()
        #expect(try test.database.syncProducts([Fixture.coffee, Fixture.laptop], fingerprint: "v1-a", at: Fixture.noon))
        #expect(try test.database.syncProducts([Fixture.coffee, Fixture.laptop], fingerprint: "v1-a", at: Self.later) == false)
        #expect(try Self.updatedAt(test).values.allSatisfy { $0 == Self.millis(Fixture.noon) })
        // A reopened store (the next start) still knows it.
        #expect(try test.reopened().syncProducts([Fixture.coffee], fingerprint: "v1-a", at: Self.later) == false)
    }

    @Test func aChangedCatalogRewritesOnlyTheChangedProductsAndKeepsSoldStock() throws {
        let test = try TestDatabase()
        try test.database.syncProducts([Fixture.coffee, Fixture.laptop], fingerprint: "v1-a", at: Fixture.noon)
        try test.database.pool.write { db in try db.execute(sql: "UPDATE products SET stock = 3 WHERE id = ?", arguments: [Fixture.coffee.id]) }
        let dearer = Product(id: Fixture.laptop.id, name: Fixture.laptop.name,
                             price: FiatAmount(minor: Fixture.laptop.price.minor + 100, currency: .usd),
                             category: Fixture.laptop.category, taxRate: Fixture.laptop.taxRate, stock: Fixture.laptop.stock)
        #expect(try test.database.syncProducts([Fixture.coffee, dearer], fingerprint: "v1-b", at: Self.later))
        let stamps = try Self.updatedAt(test)
        #expect(stamps[Fixture.coffee.id] == Self.millis(Fixture.noon), "an unchanged product is not rewritten")
        #expect(stamps[Fixture.laptop.id] == Self.millis(Self.later))
        #expect(try test.database.stock(productID: Fixture.coffee.id) == 3, "sales since the last start keep counting")
    }

    @Test func missingProductsAreAddedOnceAndNeverOverwritten() throws {
        let test = try TestDatabase()
        try test.database.insertMissingProducts([Fixture.coffee], at: Fixture.noon)
        try test.database.pool.write { db in try db.execute(sql: "UPDATE products SET stock = 1 WHERE id = ?", arguments: [Fixture.coffee.id]) }
        try test.database.insertMissingProducts([Fixture.coffee, Fixture.laptop], at: Self.later)
        #expect(try test.database.stock(productID: Fixture.coffee.id) == 1)
        #expect(try test.database.stock(productID: Fixture.laptop.id) == Fixture.laptop.stock)
    }
}
