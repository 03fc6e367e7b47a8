import Foundation
import TillCore

/// The report tab's state.
public struct ReportTab: Hashable, Sendable {
    public init() {}

    /// The tab came to the front: load what it shows.
    mutating func opened(_ context: ManagerContext) -> [ReportTabEffect] { [] }

    /// A key while the tab is in front; nil when the tab does not use it (the screen then handles Tab and Esc).
    mutating func key(_ key: Key, _ context: ManagerContext) -> [ReportTabEffect]? { nil }

    /// A result from the manager service.
    mutating func handle(_ event: ReportTabEvent, _ context: ManagerContext) -> [ReportTabEffect] {
        switch event {
        case .failed: return []
        }
    }

    /// Once a second while in front.
    mutating func tick(_ context: ManagerContext) -> [ReportTabEffect] { [] }
}

/// Results for the report tab.
public enum ReportTabEvent: Sendable {
    /// The service could not do what the tab asked (the message is for the screen).
    case failed(String)
}

/// What the report tab asks the manager service to do.
public enum ReportTabEffect: Hashable, Sendable {
    /// Load (again) what the tab shows.
    case refresh
}

/// Draws the report tab.
enum ReportTabView {
    static func draw(_ tab: ReportTab, _ context: ManagerContext, on canvas: inout Canvas, in rect: Rect) {
        _ = canvas.write("Report", x: rect.x + 1, y: rect.y, style: CellStyle(role: .muted), maxWidth: rect.width - 2)
    }
}
