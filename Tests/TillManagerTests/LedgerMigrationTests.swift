import Foundation
import GRDB
import Testing
import TillConfig
import TillCore
import TillManager
import TillStore
import TillStorePostgres
import TillStoreTestSupport
import TillTestSupport

/// `till store migrate`: a single till's SQLite ledger copied into PostgreSQL, every row, the audit chain intact
/// on both sides, and the shop carrying on from where the till left off.
@Suite struct LedgerMigrationTests {
    static let zone = TimeZone(identifier: "UTC")!
    // The 100,000 sales: about 3 minutes on 2 cores (10,000 took 19 s at load 0.1), well inside CI's budget.
    static let count = 100_000

    @Test func aGeneratedLedgerRoundTripsWithTheAuditChainIntactOnBothSides() async throws {
        let directory = try TemporaryDirectory(prefix: "till-migrate")
        let source = try TillDatabase(path: directory.file("till.sqlite").path, timeZone: Self.zone)
        let generator = SalesGenerator(.init(count: Self.count, firstDay: Date(timeIntervalSince1970: 1_767_225_600),
                                             days: 200), timeZone: Self.zone)
        #expect(try source.storeGenerated(generator) { _ in } == Self.count)
        let log = AuditLog(store: source)
        for number in 0..<40 {
            _ = try log.append(.login, actor: "alice", details: "entry \(number) ✓ \"quoted\"",
                               at: Date(timeIntervalSince1970: 1_767_225_600 + Double(number)))
        }
        try source.saveUser(UserRecord(name: "alice", role: "manager", pinHash: "h", salt: "s", iterations: 1,
                                       createdAt: Date(timeIntervalSince1970: 1_767_225_600)))
        for index in 0..<5 {
            _ = try source.allocateAddress(AddressRequest(walletID: "btc", saleID: "S-A\(index)", at: Date()),
                                           derive: { IndexedAddress(address: "bc1qmig\($0)", path: "m/0/\($0)") },
                                           isUnusedOnChain: { _ in true })
        }
        try source.recordObservation(ChainObservationRecord(at: Date(), backend: "regtest", kind: "mempool", txid: "ab",
                                                            output: 0, address: "bc1qmig0", amountUnits: 5))
        let before = try log.verify()
        #expect(before.firstBreak == nil && before.entriesChecked == 40)

        let server = try await PostgresServer.shared()
        let url = server.url(database: try server.createDatabase(prefix: "migrated"))
        // The lane uses the till's data directory, so its till.key: the chain and PINs are keyed with it.
        let target = try PostgresStore(location: try PostgresLocation.parse(url, environment: [:]), lane: "main",
                                       keyDirectory: directory.url.path, timeZone: Self.zone)
        let counts = try LedgerCopy.copy(from: source, to: target)
        for (table, copied) in counts {
            let inSQLite = try await source.pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM \(table)") ?? 0 }
            #expect(copied == inSQLite, "\(table)")
            let inPostgres = try server.psql("SELECT COUNT(*) FROM \(table)", database: url.databaseName)
            #expect(inPostgres == String(inSQLite), "\(table)")
        }
        #expect(counts["sales"] == Self.count)

        let after = try AuditLog(store: target).verify()
        #expect(after.firstBreak == nil)
        #expect(after.entriesChecked == before.entriesChecked && after.headHash == before.headHash)
        // Sales reload equal, and the manager's totals agree to the unit on both engines.
        let ids = try source.listSales(.all, after: nil, limit: Self.count).rows.map(\.id)
        for id in ids.enumerated().filter({ $0.offset % 997 == 0 }).map(\.element) {
            #expect(try target.sale(id: id) == source.sale(id: id), "\(id)")
        }
        let grouping: Set<TotalsGrouping> = [.day, .asset, .cashier]
        #expect(try target.totals(.all, groupedBy: grouping) == source.totals(.all, groupedBy: grouping))
        #expect(try target.openSales(at: Date(timeIntervalSince1970: 1_767_225_600))
            .map(\.id) == source.openSales(at: Date(timeIntervalSince1970: 1_767_225_600)).map(\.id))
        // The shop carries on: the next address follows the till's last one, the audit chain continues.
        let next = try target.allocateAddress(AddressRequest(walletID: "btc", saleID: "S-NEXT", at: Date()),
                                              derive: { IndexedAddress(address: "bc1qmig\($0)", path: "m/0/\($0)") },
                                              isUnusedOnChain: { _ in true })
        #expect(next.index == 5)
        _ = try AuditLog(store: target).append(.login, actor: "bob", details: "after", at: Date())
        #expect(try AuditLog(store: target).verify().entriesChecked == 41)
        // A second copy into a ledger that holds sales is refused, and writes nothing.
        #expect(throws: StoreError.self) { try LedgerCopy.copy(from: source, to: target) }
        #expect(try server.psql("SELECT COUNT(*) FROM sales", database: url.databaseName) == String(Self.count))
    }

    /// A lane with a key of its own would get a chain that verifies as edited and PINs nobody can use: refused,
    /// with nothing written.
    @Test func aLaneUnderAnotherInstallKeyIsRefusedBeforeAnythingIsCopied() async throws {
        let directory = try TemporaryDirectory(prefix: "till-migrate-key")
        let source = try TillDatabase(path: directory.file("till/till.sqlite").path, timeZone: Self.zone)
        _ = try AuditLog(store: source).append(.login, actor: "alice", details: "one", at: Date())
        let server = try await PostgresServer.shared()
        let url = server.url(database: try server.createDatabase(prefix: "migratedkey"))
        let target = try PostgresStore(location: try PostgresLocation.parse(url, environment: [:]), lane: "main",
                                       keyDirectory: directory.file("elsewhere").path, timeZone: Self.zone)
        #expect {
            try LedgerCopy.copy(from: source, to: target)
        } throws: { error in
            "\(error)".contains("till.key") && "\(error)".contains(directory.file("elsewhere").path)
        }
        #expect(try server.psql("SELECT COUNT(*) FROM audit_log", database: url.databaseName) == "0")
    }
}

private extension String {
    /// The database name of a postgresql:// URL.
    var databaseName: String { URLComponents(string: self)!.path.trimmingCharacters(in: CharacterSet(charactersIn: "/")) }
}
