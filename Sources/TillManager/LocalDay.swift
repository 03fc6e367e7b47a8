import Foundation

/// A day of the shop's calendar ("2026-11-25" in the shop's time zone) and the instants it spans.
public struct LocalDay: Hashable, Sendable, CustomStringConvertible {
    /// "YYYY-MM-DD".
    public let text: String
    public let start: Date
    /// The next day's start (days are 23 or 25 hours long across daylight-saving changes).
    public let end: Date
    public let timeZone: TimeZone

    /// Parses "YYYY-MM-DD" in `timeZone`.
    public init(parsing text: String, timeZone: TimeZone) throws {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), let day = Int(parts[2]) else {
            throw ManagerError.invalidDay(text)
        }
        let calendar = Self.calendar(timeZone)
        guard let start = calendar.date(from: DateComponents(year: year, month: month, day: day)),
              calendar.component(.day, from: start) == day, calendar.component(.month, from: start) == month,
              let end = calendar.date(byAdding: .day, value: 1, to: start) else {
            throw ManagerError.invalidDay(text)
        }
        self.text = text
        self.start = start
        self.end = end
        self.timeZone = timeZone
    }

    /// The day `date` falls on in `timeZone`.
    public init(containing date: Date, timeZone: TimeZone) {
        let parts = Self.calendar(timeZone).dateComponents([.year, .month, .day], from: date)
        let text = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
        // A date's own day always parses.
        self = (try? LocalDay(parsing: text, timeZone: timeZone))
            ?? LocalDay(text: text, start: date, end: date.addingTimeInterval(86_400), timeZone: timeZone)
    }

    private init(text: String, start: Date, end: Date, timeZone: TimeZone) {
        self.text = text; self.start = start; self.end = end; self.timeZone = timeZone
    }

    /// The day after.
    public var next: LocalDay { LocalDay(containing: end, timeZone: timeZone) }

    public var description: String { text }

    static func calendar(_ timeZone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }
}
