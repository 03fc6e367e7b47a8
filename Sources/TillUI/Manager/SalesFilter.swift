import Foundation
import TillCore

/// The sales tab's filter, as the manager typed and cycled it. Empty fields match everything.
public struct SalesFilter: Hashable, Sendable {
    /// First local day, "YYYY-MM-DD" (inclusive).
    public var from: String?
    /// Last local day, "YYYY-MM-DD" (inclusive).
    public var to: String?
    public var assetID: String?
    public var status: SaleStatus?
    public var cashier: String?
    /// A lane of a shared ledger ("front-1").
    public var lane: String?

    public init(from: String? = nil, to: String? = nil, assetID: String? = nil, status: SaleStatus? = nil,
                cashier: String? = nil, lane: String? = nil) {
        self.lane = lane
        self.from = from
        self.to = to
        self.assetID = assetID
        self.status = status
        self.cashier = cashier
    }

    public var isEmpty: Bool { self == SalesFilter() }

    /// The filter line: what is active, or that every sale is shown.
    public var summary: String {
        var parts: [String] = []
        switch (from, to) {
        case let (from?, to?): parts.append(from == to ? "day \(from)" : "\(from) … \(to)")
        case let (from?, nil): parts.append("from \(from)")
        case let (nil, to?): parts.append("until \(to)")
        case (nil, nil): break
        }
        if let assetID { parts.append("coin \(assetID)") }
        if let status { parts.append("status \(SalesText.status(status))") }
        if let cashier { parts.append("cashier \(cashier)") }
        if let lane { parts.append("lane \(lane)") }
        return parts.isEmpty ? "all sales" : parts.joined(separator: " · ")
    }

    /// The next coin in the cycle none → each configured asset → none.
    static func nextAsset(after current: String?, in assets: [Asset]) -> String? {
        let ids = assets.map(\.id)
        guard let current, let index = ids.firstIndex(of: current) else { return ids.first }
        return index + 1 < ids.count ? ids[index + 1] : nil
    }

    /// The next status in the cycle none → each status → none.
    static func nextStatus(after current: SaleStatus?) -> SaleStatus? {
        let all = SaleStatus.allCases
        guard let current, let index = all.firstIndex(of: current) else { return all.first }
        return index + 1 < all.count ? all[index + 1] : nil
    }
}

/// Local days typed as "YYYY-MM-DD".
enum SalesDay {
    /// True when `text` is a real day of the Gregorian calendar ("2026-02-30" is not).
    static func isValid(_ text: String) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]),
              (1...12).contains(month), day >= 1 else { return false }
        let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
        let lengths = [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        return day <= lengths[month - 1]
    }

    /// The first and last day of the month `date` falls in, in `timeZone`.
    static func month(of date: Date, _ timeZone: TimeZone) -> (first: String, last: String) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.year, .month], from: date)
        let year = parts.year ?? 1970, month = parts.month ?? 1
        let start = calendar.date(from: DateComponents(year: year, month: month, day: 1)) ?? date
        let days = calendar.range(of: .day, in: .month, for: start)?.count ?? 28
        return (String(format: "%04d-%02d-01", year, month), String(format: "%04d-%02d-%02d", year, month, days))
    }
}

/// Short texts the list and the details share.
enum SalesText {
    static func status(_ status: SaleStatus) -> String {
        switch status {
        case .building: "building"
        case .awaitingPayment: "awaiting"
        case .underpaid: "underpaid"
        case .confirming: "confirming"
        case .paid: "paid"
        case .expired: "expired"
        case .cancelled: "cancelled"
        case .voided: "voided"
        }
    }

    static func flag(_ flag: SaleFlag) -> String {
        switch flag {
        case .underpaid: "under"
        case .overpaid: "over"
        case .paidLate: "late"
        case .reorged: "reorg"
        case .doubleSpent: "dblspend"
        case .expiredWithFunds: "exp+funds"
        case .acceptedByManager: "accepted"
        case .wrongAsset: "wrongcoin"
        }
    }

    /// The flags of a row, in a fixed order, and "refund" when one was recorded.
    static func flags(_ flags: Set<SaleFlag>, refunded: Bool) -> String {
        (flags.sorted().map(flag) + (refunded ? ["refund"] : [])).joined(separator: " ")
    }

    /// "2026-11-25 13:05:12" (seconds: true) or "2026-11-25 13:05" in `timeZone`.
    static func time(_ date: Date, _ timeZone: TimeZone, seconds: Bool = false) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let p = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        let day = String(format: "%04d-%02d-%02d %02d:%02d", p.year ?? 0, p.month ?? 0, p.day ?? 0, p.hour ?? 0, p.minute ?? 0)
        return seconds ? day + String(format: ":%02d", p.second ?? 0) : day
    }

    /// A coin amount without trailing zeros ("0.0002 BTC").
    static func coin(_ amount: CoinAmount) -> String { amount.plainDecimal + " " + amount.asset.symbol }
}
