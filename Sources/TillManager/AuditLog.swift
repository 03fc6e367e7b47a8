import Crypto
import Foundation
import TillStore

/// What an audit entry records (the `action` column).
public enum AuditAction: String, Sendable, CaseIterable {
    case login = "login"
    case loginFailed = "login.failed"
    case lockedOut = "login.locked"
    case managerOverride = "override"
    case overrideFailed = "override.failed"
    case userAdded = "user.add"
    case userChanged = "user.change"
    case saleAccepted = "sale.accept"
    case saleVoided = "sale.void"
    case saleCancelled = "sale.cancel"
    case refundRecorded = "refund.record"
    case dayClosed = "day.close"
    case reportPrinted = "report.print"
    case export = "export"
    case configChanged = "config.change"
    case webhookResent = "webhook.resend"
}

/// Where the chain first breaks.
public struct AuditBreak: Hashable, Sendable, CustomStringConvertible {
    public enum Problem: Hashable, Sendable {
        /// The entry's fields no longer hash to its stored hash (the row was edited).
        case hashMismatch(stored: String, computed: String)
        /// The entry's prev_hash is not the previous entry's hash (a row was replaced or re-hashed).
        case brokenLink(expected: String, found: String)
        /// Ids jump: entries were deleted (or inserted with a gap).
        case missingEntries(expectedID: Int64, foundID: Int64)
    }

    public let entryID: Int64
    public let problem: Problem

    public var description: String {
        switch problem {
        case .hashMismatch(let stored, let computed):
            return "entry \(entryID): its fields hash to \(computed) but the stored hash is \(stored) (edited)"
        case .brokenLink(let expected, let found):
            return "entry \(entryID): prev_hash is \(found) but the previous entry's hash is \(expected)"
        case .missingEntries(let expected, let found):
            return "entry \(found) follows entry \(expected - 1): entries \(expected)…\(found - 1) are missing"
        }
    }
}

/// The outcome of walking the chain.
public struct AuditVerification: Hashable, Sendable {
    public let entriesChecked: Int
    /// The hash of the last entry ("" for an empty log): print it (the Z report does) to anchor the history.
    public let headHash: String
    /// nil when every entry is intact.
    public let firstBreak: AuditBreak?

    public var isIntact: Bool { firstBreak == nil }
}

/// The append-only, hash-chained audit log.
///
/// Canonical serialisation (version 1) hashed with SHA-256, hex lower-case:
/// `"till-audit-v1\n"` followed by, for each of id (decimal), at (milliseconds since 1970, decimal), actor, action,
/// details, prev_hash in that order: the UTF-8 byte count in decimal, `":"`, the UTF-8 bytes, `"\n"`.
/// Length prefixes make the encoding unambiguous whatever the fields contain (newlines, colons).
public struct AuditLog: Sendable {
    public let store: any AccountStore

    public init(store: any AccountStore) {
        self.store = store
    }

    /// Appends one entry chained to the last.
    @discardableResult
    public func append(_ action: AuditAction, actor: String, details: String, at: Date) throws -> AuditEntry {
        try store.appendAudit(at: at, actor: actor, action: action.rawValue, details: details) { prevHash, entry in
            Self.hash(of: entry, prevHash: prevHash)
        }
    }

    /// The canonical bytes of an entry (see the type's documentation).
    public static func canonical(_ entry: AuditEntry, prevHash: String) -> [UInt8] {
        var bytes = Array("till-audit-v1\n".utf8)
        let millis = Int64((entry.at.timeIntervalSince1970 * 1000).rounded(.down))
        for field in [String(entry.id), String(millis), entry.actor, entry.action, entry.details, prevHash] {
            let utf8 = Array(field.utf8)
            bytes += Array("\(utf8.count):".utf8) + utf8 + [0x0a]
        }
        return bytes
    }

    /// Hex SHA-256 of the canonical bytes.
    public static func hash(of entry: AuditEntry, prevHash: String) -> String {
        Hex.encode(SHA256.hash(data: canonical(entry, prevHash: prevHash)))
    }

    /// Walks the whole chain from the first entry and reports the first break.
    public func verify(pageSize: Int = 1_000) throws -> AuditVerification {
        var previousHash = "", expectedID: Int64 = 1, checked = 0
        var afterID: Int64 = 0
        while true {
            let page = try store.auditLog(afterID: afterID, limit: pageSize)
            for entry in page {
                if entry.id != expectedID {
                    return AuditVerification(entriesChecked: checked, headHash: previousHash,
                                             firstBreak: AuditBreak(entryID: entry.id, problem: .missingEntries(
                                                expectedID: expectedID, foundID: entry.id)))
                }
                if entry.prevHash != previousHash {
                    return AuditVerification(entriesChecked: checked, headHash: previousHash,
                                             firstBreak: AuditBreak(entryID: entry.id, problem: .brokenLink(
                                                expected: previousHash, found: entry.prevHash)))
                }
                let computed = Self.hash(of: entry, prevHash: entry.prevHash)
                if computed != entry.hash {
                    return AuditVerification(entriesChecked: checked, headHash: previousHash,
                                             firstBreak: AuditBreak(entryID: entry.id, problem: .hashMismatch(
                                                stored: entry.hash, computed: computed)))
                }
                previousHash = entry.hash
                expectedID += 1
                checked += 1
            }
            guard let last = page.last, page.count == pageSize else { break }
            afterID = last.id
        }
        return AuditVerification(entriesChecked: checked, headHash: previousHash, firstBreak: nil)
    }

    /// The last entry's hash ("" when empty).
    public func headHash() throws -> String { try store.lastAuditEntry()?.hash ?? "" }
}
