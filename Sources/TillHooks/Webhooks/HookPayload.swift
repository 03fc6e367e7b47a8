import Foundation
import TillCore
import TillHTTP

/// The JSON body of a hook event. Amounts are decimal strings (never floating point); keys are sorted.
///
///     {"data": {"sale_id": "S-1", "status": "paid", "flags": [], "cashier": "alice", "currency": "USD",
///               "lines": [{"product_id", "name", "quantity", "unit_price", "total"}], "subtotal", "tax", "total",
///               "coin": {"id", "symbol", "decimals"}, "amount_due", "amount_received", "rate": {"price", "source"},
///               "address", "payment_uri", "txids": [...], "payments": [...], "confirmations",
///               "required_confirmations", "note"},
///      "id": "evt_…", "timestamp": "2026-09-21T12:13:20Z", "type": "sale.paid"}
public enum HookPayload {
    public static func json(eventID: String, type: HookEventType, time: Date, sale: Sale) -> JSONValue {
        .object([
            "id": .string(eventID),
            "type": .string(type.payloadType),
            "timestamp": .string(iso8601(time)),
            "data": saleJSON(sale),
        ])
    }

    /// The sale as the hooks see it.
    public static func saleJSON(_ sale: Sale) -> JSONValue {
        let cart = sale.cart
        var data: [String: JSONValue] = [
            "sale_id": .string(sale.id),
            "status": .string(sale.status.rawValue),
            "flags": .array(sale.flags.sorted().map { .string($0.rawValue) }),
            "cashier": .string(sale.cashier),
            "opened_at": .string(iso8601(sale.openedAt)),
            "currency": .string(cart.currency.code),
            "lines": .array(cart.lines.map(lineJSON)),
            "subtotal": .string(cart.subtotal.decimalString),
            "tax": .string(cart.tax.decimalString),
            "total": .string(cart.total.decimalString),
            "confirmations": .number(String(sale.confirmations)),
            "note": sale.note.map(JSONValue.string) ?? .null,
        ]
        data["coin"] = sale.asset.map { .object(["id": .string($0.id), "symbol": .string($0.symbol),
                                                 "decimals": .number(String($0.decimals))]) } ?? .null
        data["amount_due"] = sale.totalDue.map { .string($0.fixedDecimal) } ?? .null
        data["amount_received"] = sale.received.map { .string($0.fixedDecimal) } ?? .null
        data["required_confirmations"] = sale.policy.map { .number(String($0.requiredConfirmations)) } ?? .null
        if let quote = sale.quotes.first {
            data["rate"] = .object(["price": .string(quote.rate.price.description), "source": .string(quote.rate.source),
                                    "time": .string(iso8601(quote.rate.time))])
        } else {
            data["rate"] = .null
        }
        data["address"] = sale.currentQuote.map { .string($0.address) } ?? .null
        data["payment_uri"] = sale.currentQuote.map { .string($0.uri) } ?? .null
        var seen = Set<String>()
        data["txids"] = .array(sale.payments.filter(\.counts).map(\.ref.txid).filter { seen.insert($0).inserted }.map(JSONValue.string))
        data["payments"] = .array(sale.payments.map(paymentJSON))
        return .object(data)
    }

    private static func lineJSON(_ line: CartLine) -> JSONValue {
        .object(["product_id": .string(line.product.id), "name": .string(line.product.name),
                 "quantity": .number(String(line.quantity)), "unit_price": .string(line.product.price.decimalString),
                 "total": .string(line.net.decimalString)])
    }

    private static func paymentJSON(_ payment: Payment) -> JSONValue {
        .object(["txid": .string(payment.ref.txid), "output": .number(String(payment.ref.output)),
                 "address": .string(payment.address), "amount": .string(payment.amount.fixedDecimal),
                 "state": .string(payment.state.rawValue), "confirmations": .number(String(payment.confirmations)),
                 "late": .bool(payment.late), "reorged": .bool(payment.wasReorged)])
    }

    /// UTC, whole seconds: "2026-09-21T12:13:20Z".
    public static func iso8601(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: date)
    }
}
