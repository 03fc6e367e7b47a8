import Foundation

/// Date texts for reports and exports. The ISO 8601 texts are computed from the milliseconds (proleptic
/// Gregorian calendar) rather than with `ISO8601DateFormatter`: making one per call cost ~0.2 ms on Linux, which
/// dominated a month's export, and it loads ICU's calendar and locale data (megabytes of resident memory) into a till
/// that otherwise never needs them.
public enum TimeText {
    /// "2026-11-25T12:00:00.000Z".
    static func utc(_ date: Date) -> String { iso(date, offsetSeconds: 0) }

    /// "2026-11-25T12:00:00Z": whole seconds, for log lines. Like `ISO8601DateFormatter`: the time is rounded to the
    /// millisecond first, then the fraction dropped (toward the past).
    public static func utcSeconds(_ date: Date) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded())
        let (days, daySeconds) = floorDivision(floorDivision(millis, 1000).0, 86_400)
        let (year, month, day) = civil(fromDays: days)
        let time = Int(daySeconds)
        return padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + "T" + padded(time / 3600, 2) + ":"
            + padded(time / 60 % 60, 2) + ":" + padded(time % 60, 2) + "Z"
    }

    /// "2026-11-25T13:00:00.000+01:00" in `timeZone` ("Z" when the offset is zero).
    static func local(_ date: Date, _ timeZone: TimeZone) -> String {
        iso(date, offsetSeconds: timeZone.secondsFromGMT(for: date))
    }

    /// "2026-11-25 13:00" in `timeZone`, for printed reports.
    static func short(_ date: Date, _ timeZone: TimeZone) -> String {
        let parts = LocalDay.calendar(timeZone).dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02d %02d:%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0,
                      parts.hour ?? 0, parts.minute ?? 0)
    }

    private static func iso(_ date: Date, offsetSeconds: Int) -> String {
        let millis = Int64((date.timeIntervalSince1970 * 1000).rounded()) + Int64(offsetSeconds) * 1000
        let (days, dayMillis) = floorDivision(millis, 86_400_000)
        let (year, month, day) = civil(fromDays: days)
        let seconds = Int(dayMillis / 1000)
        var text = padded(year, 4) + "-" + padded(month, 2) + "-" + padded(day, 2) + "T"
        text += padded(seconds / 3600, 2) + ":" + padded(seconds / 60 % 60, 2) + ":" + padded(seconds % 60, 2)
        text += "." + padded(Int(dayMillis % 1000), 3)
        if offsetSeconds == 0 { return text + "Z" }
        let minutes = abs(offsetSeconds) / 60
        return text + (offsetSeconds < 0 ? "-" : "+") + padded(minutes / 60, 2) + ":" + padded(minutes % 60, 2)
    }

    private static func floorDivision(_ value: Int64, _ divisor: Int64) -> (Int64, Int64) {
        let quotient = value >= 0 ? value / divisor : -((-value + divisor - 1) / divisor)
        return (quotient, value - quotient * divisor)
    }

    /// Year, month, day of a day count since 1970-01-01 (H. Hinnant's `civil_from_days`).
    private static func civil(fromDays days: Int64) -> (Int, Int, Int) {
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1_460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        return (Int(yearOfEra + era * 400 + (month <= 2 ? 1 : 0)), Int(month), Int(day))
    }

    private static func padded(_ value: Int, _ width: Int) -> String {
        let text = String(value)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
