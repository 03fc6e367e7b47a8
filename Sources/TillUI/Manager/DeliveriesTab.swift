import Foundation
import TillCore

/// The Webhooks tab: each configured endpoint's delivery log, and re-sending one delivery (manager-approved,
/// audited by the service). `[` and `]` (or 1–9) choose the endpoint; the log reloads every few seconds.
public struct DeliveriesTab: Hashable, Sendable {
    /// Seconds between automatic reloads while the tab is in front.
    public static let reloadSeconds: TimeInterval = 5

    public var endpoints: [WebhookEndpointRow] = []
    public var endpointIndex = 0
    /// The chosen endpoint's deliveries, newest first.
    public var rows: [DeliveryRow] = []
    public var cursor = 0
    /// The delivery a re-send waits on y/n for.
    public var confirming: Int64?
    /// The outcome of the last action, or why loading failed.
    public var message: Notice?
    /// When the log was last loaded (nil: never, or a load is under way).
    public var loadedAt: Date?

    public init() {}

    /// The endpoint on screen.
    public var endpoint: WebhookEndpointRow? { endpoints.indices.contains(endpointIndex) ? endpoints[endpointIndex] : nil }

    /// The delivery under the cursor.
    public var selected: DeliveryRow? { rows.indices.contains(cursor) ? rows[cursor] : nil }

    /// The tab came to the front: load what it shows.
    mutating func opened(_ context: ManagerContext) -> [DeliveriesTabEffect] {
        confirming = nil
        return [load()]
    }

    /// A key while the tab is in front; nil when the tab does not use it (the screen then handles Tab and Esc).
    mutating func key(_ key: Key, _ context: ManagerContext) -> [DeliveriesTabEffect]? {
        if let id = confirming { return answer(key, id: id, context) }
        switch key {
        case .up, .character("k"): move(to: cursor - 1)
        case .down, .character("j"): move(to: cursor + 1)
        case .pageUp: move(to: cursor - 10)
        case .pageDown: move(to: cursor + 10)
        case .home: move(to: 0)
        case .end: move(to: rows.count - 1)
        case .character("]"): return choose(endpointIndex + 1)
        case .character("["): return choose(endpointIndex - 1)
        case .character(let digit) where digit.wholeNumberValue.map({ (1...9).contains($0) }) == true:
            return choose(digit.wholeNumberValue! - 1)
        case .character("u"): return [load()]
        case .character("r"):
            guard let row = selected else {
                message = Notice("no delivery selected to re-send", .warning)
                return []
            }
            if context.training {
                message = Notice("training mode sends no webhooks", .warning)
                return []
            }
            confirming = row.id
            message = nil
        default: return nil
        }
        return []
    }

    /// A result from the manager service.
    mutating func handle(_ event: DeliveriesTabEvent, _ context: ManagerContext) -> [DeliveriesTabEffect] {
        switch event {
        case .loaded(let list, let endpoint, let deliveries):
            let keep = selected?.id
            endpoints = list
            endpointIndex = list.firstIndex { $0.name == endpoint } ?? 0
            rows = endpoint == self.endpoint?.name ? deliveries : []
            cursor = keep.flatMap { id in rows.firstIndex { $0.id == id } } ?? min(cursor, max(0, rows.count - 1))
            loadedAt = context.now
            return []
        case .resent(let row):
            message = Notice("delivery \(row.id) (\(row.eventType) of \(row.saleID)) queued again to \"\(endpoint?.name ?? "?")\""
                             + " with webhook-id \(row.eventID)", .success)
            return [load()]
        case .failed(let why):
            message = Notice(why, .error)
            loadedAt = context.now
            return []
        }
    }

    /// Once a second while in front: reload now and then so attempts, errors and countdowns stay current.
    mutating func tick(_ context: ManagerContext) -> [DeliveriesTabEffect] {
        guard confirming == nil, let loadedAt, context.now.timeIntervalSince(loadedAt) >= Self.reloadSeconds else { return [] }
        return [load()]
    }

    private mutating func load() -> DeliveriesTabEffect {
        loadedAt = nil
        return .load(endpoint: endpoint?.name)
    }

    private mutating func move(to index: Int) {
        cursor = max(0, min(index, rows.count - 1))
    }

    private mutating func choose(_ index: Int) -> [DeliveriesTabEffect] {
        guard !endpoints.isEmpty else { return [] }
        let chosen = (index % endpoints.count + endpoints.count) % endpoints.count
        guard chosen != endpointIndex || rows.isEmpty else { return [] }
        endpointIndex = chosen
        rows = []
        cursor = 0
        message = nil
        return [load()]
    }

    /// While "re-send?" is open every key is consumed: y or Enter sends, n or Esc cancels.
    private mutating func answer(_ key: Key, id: Int64, _ context: ManagerContext) -> [DeliveriesTabEffect] {
        switch key {
        case .character("y"), .character("Y"), .enter:
            confirming = nil
            guard let endpoint else { return [] }
            return [.resend(deliveryID: id, endpoint: endpoint.name, at: context.now)]
        case .character("n"), .character("N"), .escape:
            confirming = nil
            message = Notice("re-send cancelled", .info)
            return []
        default:
            return []
        }
    }
}

/// Results for the deliveries tab.
public enum DeliveriesTabEvent: Sendable {
    /// The configured endpoints and the log of `endpoint` (nil when none is configured), newest first.
    case loaded(endpoints: [WebhookEndpointRow], endpoint: String?, rows: [DeliveryRow])
    /// A delivery was queued again (approved and audited); it goes out on the next dispatcher pass.
    case resent(DeliveryRow)
    /// The service could not do what the tab asked (the message is for the screen).
    case failed(String)
}

/// What the deliveries tab asks the manager service to do.
public enum DeliveriesTabEffect: Hashable, Sendable {
    /// Load the endpoint list and the log of `endpoint` (nil: the first configured one).
    case load(endpoint: String?)
    /// Re-send one delivery: needs a manager approval and writes an audit entry.
    case resend(deliveryID: Int64, endpoint: String, at: Date)
}
