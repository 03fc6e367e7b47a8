import BigInt
import Foundation
import GRDB

extension TillDatabase {
    /// The observation log of one address, oldest first (for the manager's details and tests).
    public func observations(address: String) throws -> [ChainObservationRecord] {
        try read("reading the observations of an address") { db in
            try Row.fetchAll(db, sql: """
                SELECT at, backend, kind, txid, output, address, amount_units, height, block_hash, raw_json
                FROM observations WHERE address = ? ORDER BY id
                """, arguments: [address]).map { row in
                ChainObservationRecord(at: Date(millis: row["at"]), backend: row["backend"], kind: row["kind"], txid: row["txid"],
                                       output: row["output"], address: row["address"],
                                       amountUnits: (row["amount_units"] as String?).flatMap { BigUInt.fromDecimal($0) },
                                       height: row["height"], blockHash: row["block_hash"], rawJSON: row["raw_json"])
            }
        }
    }
}
