import Foundation
import GRDB
import Testing
import TillCore
import TillTestSupport
@testable import TillStore

/// The customer display's reader: read-only, follows each publish, copes with a missing or replaced file.
@Suite struct LaneReaderTests {
    static let cart = Cart(currency: .usd)

    @Test func followsPublishesAndNeverWrites() throws {
        let directory = try TemporaryDirectory()
        let path = directory.file("till.sqlite").path
        #expect(throws: StoreError.self) { try LaneReader(path: path) }
        let database = try TillDatabase(path: path)
        let reader = try LaneReader(path: path)
        #expect(try reader.read().snapshot == nil)
        let before = try reader.dataVersion()
        try database.publishLane(LaneSnapshot(shopName: "Shop", training: false, cart: Self.cart, saleID: nil), at: Date())
        #expect(try reader.dataVersion() != before)
        #expect(try reader.read().snapshot?.shopName == "Shop")
        try database.publishLane(LaneSnapshot(shopName: "Shop", training: true, cart: Self.cart, saleID: "S-1"), at: Date())
        let view = try reader.read()
        #expect(view.snapshot?.saleID == "S-1" && view.snapshot?.training == true && view.sale == nil)
        // Read-only: the connection refuses a write.
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: path, configuration: configuration)
        #expect(throws: (any Error).self) { try queue.write { db in try db.execute(sql: "DELETE FROM lane_display") } }
        #expect(!reader.isStale)
        try FileManager.default.removeItem(atPath: path)
        #expect(reader.isStale)
    }
}
