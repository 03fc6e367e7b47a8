import Foundation

/// Local days as "YYYY-MM-DD" texts for the report tab (the service turns them into TillManager's `LocalDay`).
public enum ReportDay {
    /// The day `date` falls on in `zone`.
    public static func containing(_ date: Date, _ zone: TimeZone) -> String {
        let parts = calendar(zone).dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
    }

    /// The day `offset` days from `day` (calendar days, so daylight-saving changes do not skip one); nil when
    /// `day` is not a valid "YYYY-MM-DD".
    public static func shifted(_ day: String, by offset: Int, _ zone: TimeZone) -> String? {
        let parts = day.split(separator: "-", omittingEmptySubsequences: false).compactMap { Int($0) }
        guard parts.count == 3 else { return nil }
        let calendar = calendar(zone)
        // Noon is never skipped by a daylight-saving change.
        guard let noon = calendar.date(from: DateComponents(year: parts[0], month: parts[1], day: parts[2], hour: 12)),
              let moved = calendar.date(byAdding: .day, value: offset, to: noon) else { return nil }
        return containing(moved, zone)
    }

    static func calendar(_ zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }
}
