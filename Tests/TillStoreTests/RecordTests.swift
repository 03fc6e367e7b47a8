import BigInt
import Foundation
import GRDB
import Testing
import TillCore
import TillStore

@Suite struct RecordTests {
    @Test func observationsAreAppendedAndNeverRewritten() throws {
        let test = try TestDatabase()
        let observation = ChainObservationRecord(at: Fixture.noon, backend: "bitcoind", kind: "payment", txid: "ab",
                                                 output: 1, address: "bc1q", amountUnits: BigUInt("123456789012345678901"),
                                                 height: 10, blockHash: "00ff", rawJSON: #"{"n":1}"#)
        try test.database.recordObservation(observation)
        try test.database.recordObservation(observation)
        #expect(try test.database.observationCount() == 2)
        let amount = try test.database.pool.read { db in
            try String.fetchOne(db, sql: "SELECT amount_units FROM observations LIMIT 1")
        }
        #expect(amount == "123456789012345678901")
        #expect(throws: DatabaseError.self) {
            try test.database.pool.write { db in try db.execute(sql: "UPDATE observations SET kind = 'x'") }
        }
    }

    @Test func theChainCursorIsSavedAndReplaced() throws {
        let test = try TestDatabase()
        #expect(try test.database.chainCursor(backendID: "btc") == nil)
        try test.database.saveChainCursor(ChainCursor(backendID: "btc", height: 100, blockHash: "aa"), at: Fixture.noon)
        try test.database.saveChainCursor(ChainCursor(backendID: "btc", height: 101, blockHash: "bb"), at: Fixture.noon)
        #expect(try test.reopened().chainCursor(backendID: "btc") == ChainCursor(backendID: "btc", height: 101,
                                                                                  blockHash: "bb"))
    }

    @Test func usersAreStoredAndUpdated() throws {
        let test = try TestDatabase()
        var manager = UserRecord(name: "maria", role: "manager", pinHash: "h1", salt: "s1", iterations: 100_000,
                                 createdAt: Fixture.noon)
        try test.database.saveUser(manager)
        manager.failedAttempts = 5
        manager.lockedUntil = Fixture.noon.addingTimeInterval(60)
        try test.database.saveUser(manager)
        #expect(try test.database.user(named: "maria") == manager)
        #expect(try test.database.users().map(\.name) == ["maria"])
        #expect(try test.database.user(named: "nobody") == nil)
    }

    @Test func theAuditLogChainsEachEntryToThePreviousOneAndIsAppendOnly() throws {
        let test = try TestDatabase()
        // A stand-in digest: the store only has to hand over the right predecessor and keep what it returns.
        func chain(_ prev: String, _ entry: AuditEntry) -> String { "\(prev)|\(entry.id):\(entry.action)" }
        let first = try test.database.appendAudit(at: Fixture.noon, actor: "maria", action: "login", details: "",
                                                  hash: chain)
        let second = try test.reopened().appendAudit(at: Fixture.noon, actor: "maria", action: "void",
                                                     details: "S-1 wrong item", hash: chain)
        #expect(first.prevHash == "" && first.hash == "|1:login")
        #expect(second.prevHash == first.hash && second.hash == "|1:login|2:void")
        #expect(try test.database.auditLog(afterID: 0, limit: 10) == [first, second])
        #expect(throws: DatabaseError.self) {
            try test.database.pool.write { db in try db.execute(sql: "DELETE FROM audit_log WHERE id = 1") }
        }
    }

    @Test func everyEffectSurvivesTheOutboxRoundTrip() throws {
        let ref = PaymentRef(txid: "ff", output: 2)
        let effects: [SaleEffect] = [
            .requestQuote(asset: .btc, amount: FiatAmount(minor: 100, currency: .usd), remainder: nil, reuseAddress: nil),
            .watch(address: "a", asset: .ltc), .unwatch(address: "a", asset: .eth),
            .adjustStock([StockChange(productID: "P", delta: 3)]),
        ] + [SaleNotice.quoted, .paymentSeen(ref), .confirmations(1, of: 6), .paid,
             .overpaid(by: CoinAmount(units: 5, asset: .btc)), .underpaid(stillDue: CoinAmount(units: 6, asset: .btc)),
             .expired, .paidLate, .reorged(ref), .doubleSpent(ref), .cancelled, .acceptedByManager(reason: "ok"),
             .voided(reason: "no"), .rejected("why")].map { SaleEffect.notify($0) }
        for effect in effects {
            let (kind, json) = try EffectPayload.encode(effect)
            #expect(EffectPayload.decode(kind: kind, json: json) == effect)
        }
        #expect(EffectPayload.decode(kind: "teleport", json: "{}") == nil)
    }
}
