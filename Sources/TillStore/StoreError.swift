import TillCore

/// Why the store refused or failed; `message` is for people and names the file and what to do.
public enum StoreError: Error, UserFacingError, Sendable, Equatable, CustomStringConvertible {
    /// The database holds migrations this Till does not know: a newer Till wrote it.
    case newerSchema(path: String, unknownMigrations: [String])
    /// The file exists but is not an SQLite database (or is damaged beyond opening).
    case notADatabase(path: String, detail: String)
    /// The file or its directory could not be created or opened (permissions, a directory in the way, …).
    case cannotOpen(path: String, detail: String)
    /// No sale with this id.
    case saleNotFound(id: String)
    /// Handing out another address would leave more unused addresses in a row than the wallet scans,
    /// and no expired sale's address could be proven unused: the manager must be warned.
    case gapLimitReached(walletID: String, chain: Int, gapLimit: Int)
    /// A stored row could not be read back (hand-edited or damaged database).
    case unreadableRow(path: String, table: String, key: String, detail: String)
    /// Any other SQLite failure, with the operation that failed.
    case database(path: String, operation: String, detail: String)

    public var message: String {
        switch self {
        case .newerSchema(let path, let unknown):
            return "\(path): this database was written by a newer Till (schema \(unknown.joined(separator: ", "))); "
                + "upgrade Till or set data_dir in till.toml to another directory"
        case .notADatabase(let path, let detail):
            return "\(path) is not a Till database (\(detail)); move it away or set data_dir in till.toml to another directory"
        case .cannotOpen(let path, let detail):
            return "cannot open the database \(path): \(detail)"
        case .saleNotFound(let id):
            return "no sale with id \(id)"
        case .gapLimitReached(let walletID, let chain, let gapLimit):
            return "wallet \(walletID) chain \(chain): \(gapLimit) unused addresses in a row already (the gap limit) "
                + "and no expired sale's address is provably unused; raise the gap limit in the wallet and till.toml, "
                + "or wait for payments"
        case .unreadableRow(let path, let table, let key, let detail):
            return "\(path): row \(key) of table \(table) cannot be read: \(detail)"
        case .database(let path, let operation, let detail):
            return "\(path): \(operation) failed: \(detail)"
        }
    }

    public var description: String { message }
}
