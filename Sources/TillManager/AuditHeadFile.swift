import Crypto
import Foundation
import TillCore
import TillStore

/// `<database>.audit-head`: the newest audit entry's id and hash with a MAC under the audit key, rewritten after
/// each append. The database alone cannot say that its newest entries were deleted; this file, outside it, can.
struct AuditHeadFile {
    enum Recorded: Equatable {
        case none
        case head(id: Int64, hash: String)
        case unreadable(String)
    }

    let path: String
    let key: [UInt8]

    /// Records `entry` as the head unless a later one is recorded already (two processes appending).
    func advance(to entry: AuditEntry) {
        if case .head(let id, _) = read(), id >= entry.id { return }
        let line = "\(entry.id) \(entry.hash) \(mac(entry.id, entry.hash))\n"
        try? PrivateFiles.write(Data(line.utf8), to: path)
    }

    func read() -> Recorded {
        guard let data = FileManager.default.contents(atPath: path) else { return .none }
        let parts = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isWhitespace).map(String.init)
        guard parts.count == 3, let id = Int64(parts[0]) else { return .unreadable("\(path) is damaged") }
        guard parts[2] == mac(id, parts[1]) else {
            return .unreadable("\(path) does not carry this till's MAC (replaced or from another install)")
        }
        return .head(id: id, hash: parts[1])
    }

    private func mac(_ id: Int64, _ hash: String) -> String {
        Hex.encode(HMAC<SHA256>.authenticationCode(for: Array("till-audit-head\n\(id)\n\(hash)".utf8), using: SymmetricKey(data: key)))
    }
}
