import TillCore

/// One line of `till addresses`.
public struct AddressRow: Hashable, Sendable, Codable {
    public let index: Int
    public let path: String
    public let address: String
}

/// The rows behind `till addresses`, so the merchant can compare them with their own wallet before going live.
public enum AddressListing {
    /// The first `count` addresses of chain `change` starting at `start`.
    public static func rows(_ wallet: WatchOnlyWallet, count: Int, start: Int = 0, change: Int = 0) throws(WalletError) -> [AddressRow] {
        guard count >= 0, start >= 0 else { throw WalletError(.derivation, "count and start must not be negative") }
        return try (start..<(start + count)).map { (index) throws(WalletError) in
            let derived = try wallet.derive(change: change, index: index)
            return AddressRow(index: index, path: derived.path, address: derived.address)
        }
    }

    /// Stable columns: index right-aligned, then path and address left-aligned, separated by two spaces; a header line.
    public static func text(_ rows: [AddressRow]) -> String {
        let indexWidth = max("index".count, rows.map { String($0.index).count }.max() ?? 0)
        let pathWidth = max("path".count, rows.map(\.path.count).max() ?? 0)
        func line(_ index: String, _ path: String, _ address: String) -> String {
            String(repeating: " ", count: indexWidth - index.count) + index + "  "
                + path + String(repeating: " ", count: pathWidth - path.count) + "  " + address
        }
        return ([line("index", "path", "address")] + rows.map { line(String($0.index), $0.path, $0.address) })
            .joined(separator: "\n") + "\n"
    }

    /// A JSON array of {"index","path","address"} in that key order, one object per line.
    public static func json(_ rows: [AddressRow]) -> String {
        let objects = rows.map { "  {\"index\": \($0.index), \"path\": \(JSONText.quoted($0.path)), \"address\": \(JSONText.quoted($0.address))}" }
        return objects.isEmpty ? "[]\n" : "[\n" + objects.joined(separator: ",\n") + "\n]\n"
    }
}
