import Foundation
import TillCore

/// The exceptions tab's state.
public struct ExceptionsTab: Hashable, Sendable {
    public init() {}

    /// The tab came to the front: load what it shows.
    mutating func opened(_ context: ManagerContext) -> [ExceptionsTabEffect] { [] }

    /// A key while the tab is in front; nil when the tab does not use it (the screen then handles Tab and Esc).
    mutating func key(_ key: Key, _ context: ManagerContext) -> [ExceptionsTabEffect]? { nil }

    /// A result from the manager service.
    mutating func handle(_ event: ExceptionsTabEvent, _ context: ManagerContext) -> [ExceptionsTabEffect] {
        switch event {
        case .failed: return []
        }
    }

    /// Once a second while in front.
    mutating func tick(_ context: ManagerContext) -> [ExceptionsTabEffect] { [] }
}

/// Results for the exceptions tab.
public enum ExceptionsTabEvent: Sendable {
    /// The service could not do what the tab asked (the message is for the screen).
    case failed(String)
}

/// What the exceptions tab asks the manager service to do.
public enum ExceptionsTabEffect: Hashable, Sendable {
    /// Load (again) what the tab shows.
    case refresh
}

/// Draws the exceptions tab.
enum ExceptionsTabView {
    static func draw(_ tab: ExceptionsTab, _ context: ManagerContext, on canvas: inout Canvas, in rect: Rect) {
        _ = canvas.write("Exceptions", x: rect.x + 1, y: rect.y, style: CellStyle(role: .muted), maxWidth: rect.width - 2)
    }
}
