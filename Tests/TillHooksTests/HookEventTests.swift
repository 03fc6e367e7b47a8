import Foundation
import Testing
import TillCore
import TillHTTP
import TillHooks

@Suite struct HookEventTests {
    @Test func saleNoticesMapToHookEvents() {
        let (quoted, quoteEffects) = HookFixture.quoted()
        #expect(HookEventType.types(for: quoteEffects, sale: quoted) == [.created])
        let (paid, payEffects) = HookFixture.paid()
        #expect(HookEventType.types(for: payEffects, sale: paid) == [.paid])

        var reorged = paid
        let reorgEffects = reorged.handle(.reorged(PaymentRef(txid: HookFixture.txid, output: 1), at: HookFixture.at(120)))
        #expect(HookEventType.types(for: reorgEffects, sale: reorged) == [.reorged])
        var vanished = paid
        let vanishEffects = vanished.handle(.vanished(PaymentRef(txid: HookFixture.txid, output: 1), at: HookFixture.at(120)))
        #expect(HookEventType.types(for: vanishEffects, sale: vanished).first == .doubleSpent)

        var expiring = HookFixture.quoted().0
        #expect(HookEventType.types(for: expiring.handle(.tick(HookFixture.at(901))), sale: expiring) == [.expired])
        var cancelled = HookFixture.quoted().0
        #expect(HookEventType.types(for: cancelled.handle(.cancel(at: HookFixture.at(5))), sale: cancelled) == [.voided])

        var partly = HookFixture.quoted().0
        let half = CoinAmount(units: partly.totalDue!.units / 2, asset: .btc)
        let partial = PaymentObservation(ref: PaymentRef(txid: String(repeating: "a", count: 64), output: 0),
                                         address: partly.currentQuote!.address, amount: half, replaceable: false)
        #expect(HookEventType.types(for: partly.handle(.observed(partial, at: HookFixture.at(30))), sale: partly) == [.underpaid])
        #expect(HookEventType.type(for: .overpaid(by: half), sale: partly) == .overpaid)
        #expect(HookEventType.type(for: .paidLate, sale: partly) == .paidLate)
        #expect(HookEventType.type(for: .confirmations(1, of: 6), sale: partly) == nil)
        #expect(HookEventType.allCases.map(\.rawValue) == ["created", "paid", "expired", "underpaid", "overpaid", "paid_late",
                                                           "reorged", "double_spent", "refunded", "voided"])
    }

    @Test func payloadHasTheSaleWithExactDecimalStrings() throws {
        let (sale, _) = HookFixture.paid()
        let event = HookEvent(id: "evt_test", type: .paid, sale: sale, at: HookFixture.at(60))
        let json = try JSONParser.parse(Array(event.body))
        #expect(json["id"]?.stringValue == "evt_test")
        #expect(json["type"]?.stringValue == "sale.paid")
        #expect(json["timestamp"]?.stringValue == "2026-09-21T14:14:20Z")
        let data = try #require(json["data"])
        #expect(data["sale_id"]?.stringValue == "S-1")
        #expect(data["status"]?.stringValue == "paid")
        #expect(data["currency"]?.stringValue == "USD")
        #expect(data["subtotal"]?.stringValue == "1349.00")
        #expect(data["tax"]?.stringValue == "111.30")
        #expect(data["total"]?.stringValue == "1460.30")
        #expect(data["amount_due"]?.stringValue == "0.02277327")
        #expect(data["amount_received"]?.stringValue == "0.02277327")
        #expect(data["coin"]?["id"]?.stringValue == "BTC")
        #expect(data["txids"] == .array([.string(HookFixture.txid)]))
        #expect(data["confirmations"]?.intValue == 6)
        #expect(data["required_confirmations"]?.intValue == 6)
        #expect(data["rate"]?["price"]?.stringValue == "64123.45")
        let lines = try #require(data["lines"]?.arrayValue)
        #expect(lines.count == 2)
        #expect(lines[1]["name"]?.stringValue == "Mouse")
        #expect(lines[1]["quantity"]?.intValue == 2)
        #expect(lines[1]["unit_price"]?.stringValue == "25.00")
        #expect(lines[1]["total"]?.stringValue == "50.00")
        #expect(data["flags"] == .array([]))
    }

    @Test func deliveriesGoOnlyToSubscribedEndpoints() throws {
        let event = HookEvent(type: .expired, sale: HookFixture.quoted().0, at: HookFixture.t0)
        let url = URL(string: "https://example.com/hook")!
        let all = WebhookEndpoint(name: "all", url: url, secret: try WebhookSecret("a"))
        let paidOnly = WebhookEndpoint(name: "paid", url: url, secret: try WebhookSecret("a"), events: [.paid])
        let deliveries = NewDelivery.forEvent(event, endpoints: [all, paidOnly])
        #expect(deliveries.map(\.endpoint) == ["all"])
        #expect(deliveries.first?.eventID == event.id)
        #expect(event.id.hasPrefix("evt_") && event.id.count == 36)
    }
}
