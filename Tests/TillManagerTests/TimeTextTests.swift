import Foundation
import Testing
@testable import TillManager

/// The export's hand-made ISO 8601 texts agree with Foundation's formatter, in zones east and west, with half
/// hours, across daylight-saving changes, before 1970 and on leap days.
@Suite struct TimeTextTests {
    static func formatted(_ date: Date, _ zone: TimeZone) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = zone
        return formatter.string(from: date)
    }

    @Test(arguments: ["UTC", "Europe/Berlin", "America/New_York", "Asia/Kolkata", "Australia/Adelaide",
                      "Pacific/Kiritimati", "America/St_Johns"])
    func agreesWithISO8601DateFormatter(zone name: String) throws {
        let zone = try #require(TimeZone(identifier: name))
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -86_400 * 400 + 0.25),
                     Date(timeIntervalSince1970: 1_709_208_000.5),  // 2024-02-29 12:00:00.500 UTC
                     Date(timeIntervalSince1970: 1_774_746_000),  // 2026-03-29 01:00 UTC, Berlin's switch
                     Date(timeIntervalSince1970: 1_795_608_000.123)]
        var seed: UInt64 = 42
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Between 1990 and 2060, in milliseconds and (as `Date()` gives) in microseconds.
            dates.append(Date(timeIntervalSince1970: 631_152_000 + Double(seed % 2_208_988_800_000) / 1000))
            dates.append(Date(timeIntervalSince1970: 631_152_000 + Double(seed % 2_208_988_800_000_000) / 1_000_000))
        }
        for date in dates {
            #expect(TimeText.utc(date) == Self.formatted(date, TimeZone(identifier: "UTC")!),
                    "\(date.timeIntervalSince1970)")
            #expect(TimeText.local(date, zone) == Self.formatted(date, zone), "\(date.timeIntervalSince1970) in \(name)")
        }
    }

    /// The log's whole-second text is the formatter's default one, fractions dropped, before 1970 too.
    @Test func logSecondsAgreeWithTheDefaultFormatter() {
        let formatter = ISO8601DateFormatter()
        var dates = [Date(timeIntervalSince1970: 0), Date(timeIntervalSince1970: -0.5), Date(timeIntervalSince1970: -86_400 * 400 + 0.75),
                     Date(timeIntervalSince1970: 1_709_208_000.999), Date(timeIntervalSince1970: 4_102_444_799.5)]
        var seed: UInt64 = 7
        for _ in 0..<2_000 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            dates.append(Date(timeIntervalSince1970: Double(seed % 4_000_000_000_000_000) / 1_000_000 - 500_000_000))
        }
        for date in dates {
            #expect(TimeText.utcSeconds(date) == formatter.string(from: date), "\(date.timeIntervalSince1970)")
        }
    }
}
