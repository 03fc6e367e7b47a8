import Foundation
import TillCore

/// The deliveries tab's state.
public struct DeliveriesTab: Hashable, Sendable {
    public init() {}

    /// The tab came to the front: load what it shows.
    mutating func opened(_ context: ManagerContext) -> [DeliveriesTabEffect] { [] }

    /// A key while the tab is in front; nil when the tab does not use it (the screen then handles Tab and Esc).
    mutating func key(_ key: Key, _ context: ManagerContext) -> [DeliveriesTabEffect]? { nil }

    /// A result from the manager service.
    mutating func handle(_ event: DeliveriesTabEvent, _ context: ManagerContext) -> [DeliveriesTabEffect] {
        switch event {
        case .failed: return []
        }
    }

    /// Once a second while in front.
    mutating func tick(_ context: ManagerContext) -> [DeliveriesTabEffect] { [] }
}

/// Results for the deliveries tab.
public enum DeliveriesTabEvent: Sendable {
    /// The service could not do what the tab asked (the message is for the screen).
    case failed(String)
}

/// What the deliveries tab asks the manager service to do.
public enum DeliveriesTabEffect: Hashable, Sendable {
    /// Load (again) what the tab shows.
    case refresh
}

/// Draws the deliveries tab.
enum DeliveriesTabView {
    static func draw(_ tab: DeliveriesTab, _ context: ManagerContext, on canvas: inout Canvas, in rect: Rect) {
        _ = canvas.write("Deliveries", x: rect.x + 1, y: rect.y, style: CellStyle(role: .muted), maxWidth: rect.width - 2)
    }
}
