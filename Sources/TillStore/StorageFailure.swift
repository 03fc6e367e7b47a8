import Foundation
import GRDB

/// A failed database read or write, named for the person at the till: a full disk is not a node outage, and
/// "do not hand over goods" must say why.
public struct StorageFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The disk (or the database's size limit) is full: nothing new can be written.
        case diskFull
        /// The file or its directory cannot be written (permissions, a read-only mount).
        case readOnly
        /// The file is damaged or not a database.
        case damaged
        /// The shop's shared ledger (PostgreSQL) cannot be reached: nothing can be saved or quoted until it is back.
        case unreachable
        /// Any other database error.
        case other
    }

    public let kind: Kind
    /// The underlying error's text, for the log.
    public let detail: String

    public init(kind: Kind, detail: String) {
        self.kind = kind
        self.detail = detail
    }

    /// Classifies `error` (GRDB, POSIX or an earlier `StorageFailure`).
    public init(_ error: any Error) {
        if let failure = error as? StorageFailure { self = failure; return }
        let detail = String(describing: error)
        if let database = error as? DatabaseError {
            self.init(kind: Self.kind(of: database.resultCode), detail: detail)
        } else if let store = error as? StoreError {
            switch store {
            case .notADatabase, .unreadableRow: self.init(kind: .damaged, detail: detail)
            // A PostgreSQL lane names its server by URL; a SQLite file that will not open is a path.
            case .cannotOpen(let location, _) where location.hasPrefix("postgres"): self.init(kind: .unreachable, detail: detail)
            default: self.init(kind: Self.kind(ofText: detail), detail: detail)
            }
        } else {
            let posix = (error as NSError).domain == NSPOSIXErrorDomain ? Int32((error as NSError).code) : nil
            switch posix {
            case ENOSPC, EDQUOT: self.init(kind: .diskFull, detail: detail)
            case EROFS, EACCES, EPERM: self.init(kind: .readOnly, detail: detail)
            default: self.init(kind: Self.kind(ofText: detail), detail: detail)
            }
        }
    }

    /// A short label for the status bar: "DISK FULL", "DATABASE READ-ONLY", "DATABASE DAMAGED", "LEDGER OFFLINE", "DATABASE ERROR".
    public var label: String {
        switch kind {
        case .diskFull: "DISK FULL"
        case .readOnly: "DATABASE READ-ONLY"
        case .damaged: "DATABASE DAMAGED"
        case .unreachable: "LEDGER OFFLINE"
        case .other: "DATABASE ERROR"
        }
    }

    /// What happened and what to do, in one line.
    public var description: String {
        switch kind {
        case .diskFull: "the disk is full: free space on the data directory's disk (\(detail))"
        case .readOnly: "the database cannot be written: check the data directory's permissions and mount (\(detail))"
        case .damaged: "the database is damaged: stop the till and restore a backup (\(detail))"
        case .unreachable: "the shop's ledger (PostgreSQL) cannot be reached: no new quotes until it is back; the till reconnects by itself (\(detail))"
        case .other: "database error: \(detail)"
        }
    }

    private static func kind(of code: ResultCode) -> Kind {
        switch code.primaryResultCode {
        case .SQLITE_FULL: .diskFull
        case .SQLITE_READONLY, .SQLITE_PERM, .SQLITE_CANTOPEN: .readOnly
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: .damaged
        default: .other
        }
    }

    /// For errors that only carry SQLite's text (wrapped in a `StoreError`).
    private static func kind(ofText text: String) -> Kind {
        let lowered = text.lowercased()
        if lowered.contains("database or disk is full") || lowered.contains("no space left") { return .diskFull }
        if lowered.contains("readonly database") || lowered.contains("read-only") { return .readOnly }
        if lowered.contains("malformed") || lowered.contains("not a database") { return .damaged }
        return .other
    }
}
