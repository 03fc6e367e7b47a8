import Foundation
import TillCore

/// The sales tab's state.
public struct SalesTab: Hashable, Sendable {
    public init() {}

    /// The tab came to the front: load what it shows.
    mutating func opened(_ context: ManagerContext) -> [SalesTabEffect] { [] }

    /// A key while the tab is in front; nil when the tab does not use it (the screen then handles Tab and Esc).
    mutating func key(_ key: Key, _ context: ManagerContext) -> [SalesTabEffect]? { nil }

    /// A result from the manager service.
    mutating func handle(_ event: SalesTabEvent, _ context: ManagerContext) -> [SalesTabEffect] {
        switch event {
        case .failed: return []
        }
    }

    /// Once a second while in front.
    mutating func tick(_ context: ManagerContext) -> [SalesTabEffect] { [] }
}

/// Results for the sales tab.
public enum SalesTabEvent: Sendable {
    /// The service could not do what the tab asked (the message is for the screen).
    case failed(String)
}

/// What the sales tab asks the manager service to do.
public enum SalesTabEffect: Hashable, Sendable {
    /// Load (again) what the tab shows.
    case refresh
}

/// Draws the sales tab.
enum SalesTabView {
    static func draw(_ tab: SalesTab, _ context: ManagerContext, on canvas: inout Canvas, in rect: Rect) {
        _ = canvas.write("Sales", x: rect.x + 1, y: rect.y, style: CellStyle(role: .muted), maxWidth: rect.width - 2)
    }
}
