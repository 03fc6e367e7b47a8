import Foundation
import TillCore
import TillHooks
import TillManager
import TillStore
import TillUI

extension ManagerService {
    /// How many deliveries of one endpoint the Webhooks tab shows (newest first).
    static let deliveryLogLimit = 200

    /// Performs the deliveries tab's effects.
    func performDeliveries(_ effect: DeliveriesTabEffect) -> [DeliveriesTabEvent] {
        switch effect {
        case .load(let endpoint):
            return [loadDeliveries(endpoint)]
        case .resend(let id, let endpoint, let at):
            do {
                let row = try resend(id, at: at)
                return [.resent(row), loadDeliveries(endpoint)]
            } catch {
                log.error("re-sending webhook delivery \(id) failed: \(error)")
                return [.failed("could not re-send delivery \(id): \(ErrorText.message(error))")]
            }
        }
    }

    /// The configured endpoints and the log of `endpoint` (or of the first one).
    func loadDeliveries(_ endpoint: String?) -> DeliveriesTabEvent {
        let endpoints = (hooks?.endpoints ?? []).map { WebhookEndpointRow(name: $0.name, url: $0.url.absoluteString) }
        guard let chosen = endpoints.first(where: { $0.name == endpoint }) ?? endpoints.first else {
            return .loaded(endpoints: [], endpoint: nil, rows: [])
        }
        do {
            let rows = try store.webhookOutbox().log(endpoint: chosen.name, limit: Self.deliveryLogLimit).map(Self.row)
            return .loaded(endpoints: endpoints, endpoint: chosen.name, rows: rows)
        } catch {
            log.error("reading the webhook log of \(chosen.name) failed: \(error)")
            return .failed("could not read the deliveries of \"\(chosen.name)\": \(ErrorText.message(error))")
        }
    }

    /// Makes the delivery due now with a fresh retry window (same webhook-id), after a manager approval;
    /// writes an audit entry, and nudges the dispatcher so it goes out at once.
    func resend(_ id: Int64, at date: Date) throws -> DeliveryRow {
        let approval = try approval(for: .resendWebhook, at: date)
        let outbox = store.webhookOutbox()
        guard let delivery = try outbox.delivery(id) else { throw OutboxError("no webhook delivery with id \(id) in \(store.ledgerDescription)") }
        try outbox.requeue(id, at: date)
        let row = Self.row(delivery)
        var details = "delivery=\(id) endpoint=\(delivery.endpoint) event=\(delivery.eventID) type=\(delivery.eventType) sale=\(row.saleID)"
        if approval.isOverride { details += " override-for=\(approval.requestedBy)" }
        try accounts.audit.append(.webhookResent, actor: approval.manager, details: details, at: date)
        log.info("webhook \(delivery.eventID) to \"\(delivery.endpoint)\" queued again by \(approval.manager)")
        hooks?.deliverSoon()
        return row
    }

    /// An outbox row as the tab shows it; the sale id comes from the event body (`data.sale_id`).
    static func row(_ delivery: OutboxDelivery) -> DeliveryRow {
        let object = try? JSONSerialization.jsonObject(with: delivery.body) as? [String: Any]
        let saleID = (object?["data"] as? [String: Any])?["sale_id"] as? String ?? "?"
        let status: DeliveryRow.Status = switch delivery.status {
        case .pending: .pending
        case .delivered: .delivered
        case .failed: .failed
        }
        return DeliveryRow(id: delivery.id, eventID: delivery.eventID, eventType: delivery.eventType, saleID: saleID, status: status,
                           attempts: delivery.attempts, createdAt: delivery.createdAt, lastAttemptAt: delivery.lastAttemptAt,
                           lastStatusCode: delivery.lastStatusCode, lastError: delivery.lastError, nextAttemptAt: delivery.nextAttemptAt)
    }
}
