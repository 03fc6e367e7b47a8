import Crypto
import Foundation
import TillCore
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
    case reportWritten = "report.write"
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
    /// Entries hashed before the chain was keyed (plain SHA-256, version 1): they prove order, not authorship.
    public var unkeyedEntries: Int = 0
    /// What the checks beyond the chain found: a recorded head that is gone (truncation), a closed day or a printed
    /// Z-report head the chain does not contain, a closed day without its audit entry or with an edited report.
    public var problems: [String] = []

    public var isIntact: Bool { firstBreak == nil && problems.isEmpty }
}

/// The append-only, hash-chained audit log.
///
/// Canonical serialisation (version 2): `"till-audit-v2\n"` followed by, for each of id (decimal), at
/// (milliseconds since 1970, decimal), actor, action, details, prev_hash in that order: the UTF-8 byte count in
/// decimal, `":"`, the UTF-8 bytes, `"\n"`. Length prefixes make the encoding unambiguous whatever the fields
/// contain (newlines, colons). The hash is HMAC-SHA256 (hex, lower-case) keyed with
/// HMAC-SHA256(install secret, "till-audit-v2"): without `<data>/till.key` nobody can re-hash an edited entry.
/// Version 1 (the same form with "till-audit-v1", plain SHA-256) is accepted only for entries before the first
/// keyed one, from installs older than the key. After each append the head (id, hash, MAC) is written to
/// `<database>.audit-head`, so deleting the newest entries is found.
public struct AuditLog: Sendable {
    public let store: any AccountStore

    public init(store: any AccountStore) {
        self.store = store
    }

    /// Appends one entry chained to the last, and records the new head.
    @discardableResult
    public func append(_ action: AuditAction, actor: String, details: String, at: Date) throws -> AuditEntry {
        let key = auditKey
        let entry = try store.appendAudit(at: at, actor: actor, action: action.rawValue, details: details) { prevHash, entry in
            Self.keyedHash(of: entry, prevHash: prevHash, key: key)
        }
        AuditHeadFile(path: store.auditHeadPath, key: key).advance(to: entry)
        return entry
    }

    /// The canonical bytes of an entry (see the type's documentation) in `version` 1 or 2.
    public static func canonical(_ entry: AuditEntry, prevHash: String, version: Int = 1) -> [UInt8] {
        var bytes = Array("till-audit-v\(version)\n".utf8)
        let millis = Int64((entry.at.timeIntervalSince1970 * 1000).rounded(.down))
        for field in [String(entry.id), String(millis), entry.actor, entry.action, entry.details, prevHash] {
            let utf8 = Array(field.utf8)
            bytes += Array("\(utf8.count):".utf8) + utf8 + [0x0a]
        }
        return bytes
    }

    /// Version 1: hex SHA-256 of the canonical bytes (unkeyed; anyone can recompute it).
    public static func hash(of entry: AuditEntry, prevHash: String) -> String {
        Hex.encode(SHA256.hash(data: canonical(entry, prevHash: prevHash)))
    }

    /// Version 2: hex HMAC-SHA256 of the version-2 canonical bytes under `key` (`auditKey`).
    public static func keyedHash(of entry: AuditEntry, prevHash: String, key: [UInt8]) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: canonical(entry, prevHash: prevHash, version: 2),
                                                   using: SymmetricKey(data: key)))
    }

    /// The chain's key, derived from the install secret (never the same bytes as the PIN pepper).
    public var auditKey: [UInt8] { Self.derive(store.installSecret, "till-audit-v2") }

    static func derive(_ secret: InstallSecret, _ label: String) -> [UInt8] {
        Array(HMAC<SHA256>.authenticationCode(for: Array(label.utf8), using: SymmetricKey(data: secret.bytes)))
    }

    /// Walks the whole chain from the first entry and reports the first break; then checks the recorded head
    /// (`<database>.audit-head`), every closed day in `dayCloses` (its report's audit head must be in the chain, its
    /// `day.close` entry must name the report's SHA-256, the text must still hash to it) and each head in
    /// `printedHeads` (read off paper Z reports) against the chain.
    public func verify(pageSize: Int = 1_000, dayCloses: [DayCloseRecord] = [], printedHeads: [String] = []) throws -> AuditVerification {
        let key = auditKey
        var previousHash = "", expectedID: Int64 = 1, checked = 0, unkeyed = 0, keyedSeen = false
        var afterID: Int64 = 0
        var hashes: [String: Int64] = [:]
        var closeDetails: [String] = []
        func broken(_ id: Int64, _ problem: AuditBreak.Problem) -> AuditVerification {
            AuditVerification(entriesChecked: checked, headHash: previousHash, firstBreak: AuditBreak(entryID: id, problem: problem),
                              unkeyedEntries: unkeyed)
        }
        while true {
            let page = try store.auditLog(afterID: afterID, limit: pageSize)
            for entry in page {
                if entry.id != expectedID { return broken(entry.id, .missingEntries(expectedID: expectedID, foundID: entry.id)) }
                if entry.prevHash != previousHash { return broken(entry.id, .brokenLink(expected: previousHash, found: entry.prevHash)) }
                let computed = Self.keyedHash(of: entry, prevHash: entry.prevHash, key: key)
                if computed == entry.hash {
                    keyedSeen = true
                } else if !keyedSeen, Self.hash(of: entry, prevHash: entry.prevHash) == entry.hash {
                    unkeyed += 1
                } else {
                    return broken(entry.id, .hashMismatch(stored: entry.hash, computed: computed))
                }
                hashes[entry.hash] = entry.id
                if entry.action == AuditAction.dayClosed.rawValue { closeDetails.append(entry.details) }
                previousHash = entry.hash
                expectedID += 1
                checked += 1
            }
            guard let last = page.last, page.count == pageSize else { break }
            afterID = last.id
        }
        var problems: [String] = []
        switch AuditHeadFile(path: store.auditHeadPath, key: key).read() {
        case .none:
            // Every keyed append writes the head file: keyed entries without one means it was removed.
            if keyedSeen {
                problems.append("\((store.auditHeadPath as NSString).lastPathComponent) is missing: whether the newest entries were deleted cannot be told")
            }
        case .unreadable(let why): problems.append(why)
        case .head(let id, let hash):
            if hashes[hash] != id {
                problems.append(id >= expectedID
                    ? "the log ends at entry \(expectedID - 1) but entry \(id) was written (\((store.auditHeadPath as NSString).lastPathComponent)): entries were deleted from the end"
                    : "entry \(id) is not the one written (\((store.auditHeadPath as NSString).lastPathComponent) records hash \(hash))")
            }
        }
        for close in dayCloses {
            if ZReportText.sha256(close.reportText) != close.reportHash {
                problems.append("day \(close.day): the recorded report text no longer hashes to its report-sha256 (edited)")
            }
            if !closeDetails.contains(where: { $0.hasPrefix("day=\(close.day) ") && $0.hasSuffix("report-sha256=\(close.reportHash)") }) {
                problems.append("day \(close.day): closed, but no day.close entry in the audit log names its report")
            }
            if let head = ZReportText.auditHead(in: close.reportText), !head.isEmpty, hashes[head] == nil {
                problems.append("day \(close.day): its Z report printed audit head \(head), which is not in the chain")
            }
        }
        for head in printedHeads where hashes[head.lowercased()] == nil {
            problems.append("printed audit head \(head) is not in the chain (entries were replaced or removed)")
        }
        return AuditVerification(entriesChecked: checked, headHash: previousHash, firstBreak: nil, unkeyedEntries: unkeyed,
                                 problems: problems)
    }

    /// The last entry's hash ("" when empty).
    public func headHash() throws -> String { try store.lastAuditEntry()?.hash ?? "" }
}
