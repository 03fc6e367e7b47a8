import Foundation
import TillCore

/// The Z report tab: one local day's report (today by default), closing the day, writing and printing it.
public struct ReportTab: Hashable, Sendable {
    /// The day shown ("YYYY-MM-DD"); nil until the tab is first opened.
    public var day: String?
    /// The report as the service rendered it (`ZReportText` lines), for `day`.
    public var lines: [String] = []
    /// Set when the shown day is closed.
    public var closed: ReportClosure?
    /// The first line shown (the report flows over columns; ↑/↓ scroll it).
    public var scroll = 0
    /// Waiting for y/n before closing the day.
    public var confirmingClose = false
    public var status: Notice?
    /// When the shown report was last loaded or asked for (today's open report reloads every few seconds).
    public var requestedAt: Date?

    /// Seconds between reloads of today's open report.
    static let refreshInterval: TimeInterval = 10

    public init() {}

    /// The tab came to the front: today's report the first time, the day shown afterwards.
    mutating func opened(_ context: ManagerContext) -> [ReportTabEffect] {
        let shown = day ?? ReportDay.containing(context.now, context.timeZone)
        return show(shown)
    }

    /// A key while the tab is in front; nil for keys it does not use. ←/→ and [ ] move days, so Tab switches tabs.
    mutating func key(_ key: Key, _ context: ManagerContext) -> [ReportTabEffect]? {
        guard let day else { return nil }
        if confirmingClose {
            confirmingClose = false
            if key == .character("y") || key == .character("Y") { return [.close(day: day)] }
            status = Notice("day \(day) left open")
            return []
        }
        let today = ReportDay.containing(context.now, context.timeZone)
        switch key {
        case .left, .character("["):
            guard let previous = ReportDay.shifted(day, by: -1, context.timeZone) else { return [] }
            return show(previous)
        case .right, .character("]"):
            guard day < today, let next = ReportDay.shifted(day, by: 1, context.timeZone) else {
                status = Notice("\(day) is today: there is no later report yet", .warning)
                return []
            }
            return show(next)
        case .character("t"):
            return show(today)
        case .up, .character("k"):
            scroll = max(0, scroll - 1)
            return []
        case .down, .character("j"):
            scroll = min(max(0, lines.count - 1), scroll + 1)
            return []
        case .pageUp:
            scroll = max(0, scroll - 10)
            return []
        case .pageDown:
            scroll = min(max(0, lines.count - 1), scroll + 10)
            return []
        case .character("c"):
            if let closed {
                status = Notice("day \(day) was closed by \(closed.closedBy); press p to reprint it", .warning)
                return []
            }
            confirmingClose = true
            status = nil
            return []
        case .character("w"):
            return [.write(day: day)]
        case .character("p"):
            return [.print(day: day)]
        case .function(5):
            return [.load(day: day)]
        default:
            return nil
        }
    }

    private mutating func show(_ shown: String) -> [ReportTabEffect] {
        if shown != day {
            lines = []
            closed = nil
            scroll = 0
            status = nil
        }
        day = shown
        return [.load(day: shown)]
    }

    /// A result from the manager service.
    mutating func handle(_ event: ReportTabEvent, _ context: ManagerContext) -> [ReportTabEffect] {
        switch event {
        case .loaded(let loadedDay, let loadedLines, let closure):
            // A slow answer for a day the manager has moved away from is dropped.
            guard loadedDay == day else { return [] }
            lines = loadedLines
            closed = closure
            requestedAt = context.now
            scroll = min(scroll, max(0, lines.count - 1))
            return []
        case .done(let message):
            status = Notice(message, .success)
            return day.map { [.load(day: $0)] } ?? []
        case .failed(let message):
            status = Notice(message, .error)
            return []
        }
    }

    /// Once a second while in front: today's open report follows new sales every few seconds.
    mutating func tick(_ context: ManagerContext) -> [ReportTabEffect] {
        guard let day, closed == nil, !confirmingClose, day == ReportDay.containing(context.now, context.timeZone) else { return [] }
        if let requestedAt, context.now.timeIntervalSince(requestedAt) < Self.refreshInterval { return [] }
        requestedAt = context.now
        return [.load(day: day)]
    }
}

/// Who closed a day, and when.
public struct ReportClosure: Hashable, Sendable {
    public var closedBy: String
    public var closedAt: Date

    public init(closedBy: String, closedAt: Date) {
        self.closedBy = closedBy
        self.closedAt = closedAt
    }
}

/// Results for the report tab.
public enum ReportTabEvent: Sendable {
    /// The report of `day` as lines, and its close if it is closed.
    case loaded(day: String, lines: [String], closed: ReportClosure?)
    /// An action was done (closed, written, sent to the printer).
    case done(String)
    /// The service could not do what the tab asked (the message is for the screen).
    case failed(String)
}

/// What the report tab asks the manager service to do.
public enum ReportTabEffect: Hashable, Sendable {
    /// The report of a day (as it stands now, or as recorded when closed).
    case load(day: String)
    /// Close the day (once): record the report and its hash, write the file, print it.
    case close(day: String)
    /// Write the report to `<data>/reports/z-<day>.txt`.
    case write(day: String)
    /// Print the report on the receipt printers (a closed day is reprinted as recorded).
    case print(day: String)
}
