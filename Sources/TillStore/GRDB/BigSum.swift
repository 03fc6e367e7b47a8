import BigInt
import GRDB

/// SQL aggregate `till_bigsum(text)`: the exact sum of decimal base-unit strings (wei and token units overflow
/// SQLite's 64-bit SUM, and CAST silently clamps). Sums in UInt64 while it fits, then in BigUInt.
struct BigSum: DatabaseAggregate {
    static let function = DatabaseFunction("till_bigsum", argumentCount: 1, pure: true, aggregate: BigSum.self)

    private var small: UInt64 = 0
    private var big: BigUInt = 0

    init() {}

    mutating func step(_ dbValues: [DatabaseValue]) throws {
        guard let text = String.fromDatabaseValue(dbValues[0]) else { return }
        if text.utf8.count < 19, let value = UInt64(text) {
            let (sum, overflow) = small.addingReportingOverflow(value)
            if overflow {
                big += BigUInt(small)
                small = value
            } else {
                small = sum
            }
        } else if let value = BigUInt(text, radix: 10) {
            big += value
        } else {
            throw DatabaseError(resultCode: .SQLITE_MISMATCH, message: "till_bigsum: \"\(text)\" is not base units")
        }
    }

    func finalize() throws -> (any DatabaseValueConvertible)? {
        String(big + BigUInt(small))
    }
}

extension BigUInt {
    /// Decimal base units from a column. Values that fit 64 bits (nearly all) skip BigInt's generic parser, which
    /// reads character by character through protocol witnesses (it showed at the top of the export's profile).
    public static func fromDecimal(_ text: String) -> BigUInt? {
        if text.utf8.count < 20, let small = UInt64(text) { return BigUInt(small) }
        return BigUInt(text, radix: 10)
    }
}
