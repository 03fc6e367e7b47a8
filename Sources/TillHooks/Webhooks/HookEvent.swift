import Foundation
import TillCore

/// The sale events hooks subscribe to; the raw values are the names used in till.toml.
public enum HookEventType: String, Sendable, Hashable, CaseIterable, Codable {
    case created, paid, expired, underpaid, overpaid
    case paidLate = "paid_late"
    case reorged
    case doubleSpent = "double_spent"
    case refunded, voided

    /// The `type` in the payload ("sale.paid").
    public var payloadType: String { "sale." + rawValue }

    /// The hook event a sale notice raises, if any. `sale` is the sale after the event was handled.
    /// A cashier's cancel is reported as `voided` (the payload's status says "cancelled"); a manager's
    /// acceptance raises no event of its own because it also raises `paid`. `refunded` has no notice:
    /// the app raises it when a refund is recorded.
    public static func type(for notice: SaleNotice, sale: Sale) -> HookEventType? {
        switch notice {
        case .quoted: return sale.quotes.count == 1 ? .created : nil
        case .paid: return .paid
        case .overpaid: return .overpaid
        case .underpaid: return .underpaid
        case .expired: return .expired
        case .paidLate: return .paidLate
        case .reorged: return .reorged
        case .doubleSpent: return .doubleSpent
        case .voided, .cancelled: return .voided
        case .paymentSeen, .confirmations, .acceptedByManager, .rejected, .wrongAsset: return nil
        }
    }

    /// Every hook event raised by the effects of one `Sale.handle(_:)`, in order.
    public static func types(for effects: [SaleEffect], sale: Sale) -> [HookEventType] {
        effects.compactMap { effect in
            if case .notify(let notice) = effect { return type(for: notice, sale: sale) }
            return nil
        }
    }
}

/// One event for the hooks: its id (the `webhook-id` on every delivery and retry), type, time and JSON body.
public struct HookEvent: Sendable, Hashable {
    public let id: String
    public let type: HookEventType
    public let time: Date
    /// The exact bytes sent (and signed); fixed when the event is made so every retry is identical.
    public let body: Data

    public init(id: String, type: HookEventType, time: Date, body: Data) {
        self.id = id
        self.type = type
        self.time = time
        self.body = body
    }

    /// The event for `sale` (as it is after the change), with the payload built by `HookPayload`.
    public init(id: String = HookEvent.newID(), type: HookEventType, sale: Sale, at time: Date) {
        self.init(id: id, type: type, time: time,
                  body: Data(HookPayload.json(eventID: id, type: type, time: time, sale: sale).text.utf8))
    }

    /// A fresh event id: "evt_" and 32 hex digits.
    public static func newID() -> String {
        "evt_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").lowercased()
    }
}
