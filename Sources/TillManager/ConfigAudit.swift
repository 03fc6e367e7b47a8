import Crypto
import Foundation
import TillCore
import TillStore

/// Puts configuration changes in the audit log: at start the till hands over what `till config check` found (never
/// credentials); when it differs from the configuration recorded last, a `config.change` entry names the lines that
/// changed and keeps the whole description for the next comparison.
public struct ConfigAudit: Sendable {
    public let database: any LedgerStore
    public let audit: AuditLog

    public init(database: any LedgerStore) {
        self.database = database
        self.audit = AuditLog(store: database)
    }

    /// Records `found` if it changed since the last record; returns the new entry, or nil when nothing changed.
    @discardableResult
    public func recordIfChanged(found: [String], actor: String, at date: Date) throws -> AuditEntry? {
        let lines = found.map(Self.normalized)
        let fingerprint = Self.sha256(lines.joined(separator: "\n"))
        let previous = try database.lastAuditEntry(action: AuditAction.configChanged.rawValue)
        let before = previous.map(Self.lines(of:)) ?? []
        if let previous, Self.fingerprint(of: previous) == fingerprint { return nil }
        let removed = before.filter { !lines.contains($0) }.map { "- " + $0 }
        let added = lines.filter { !before.contains($0) }.map { "+ " + $0 }
        let summary = previous == nil ? "first recorded configuration" : "\(removed.count + added.count) line(s) changed"
        let details = (["sha256=\(fingerprint) \(summary)"] + removed + added + ["--"] + lines).joined(separator: "\n")
        return try audit.append(.configChanged, actor: actor, details: details, at: date)
    }

    /// Lines whose wording depends on the moment, not on the configuration, lose that part.
    static func normalized(_ line: String) -> String {
        var line = line
        for volatile in [" (will be created)"] { line = line.replacingOccurrences(of: volatile, with: "") }
        if line.hasPrefix("Theme: "), let note = line.range(of: " (NO_COLOR is set") { line = String(line[..<note.lowerBound]) }
        return line
    }

    static func fingerprint(of entry: AuditEntry) -> String? {
        guard let first = entry.details.split(separator: "\n").first, first.hasPrefix("sha256=") else { return nil }
        return String(first.dropFirst("sha256=".count).prefix(64))
    }

    /// The full description kept after the "--" line.
    static func lines(of entry: AuditEntry) -> [String] {
        let all = entry.details.components(separatedBy: "\n")
        guard let separator = all.firstIndex(of: "--") else { return [] }
        return Array(all[(separator + 1)...])
    }

    static func sha256(_ text: String) -> String {
        Hex.encode(SHA256.hash(data: Data(text.utf8)))
    }
}
