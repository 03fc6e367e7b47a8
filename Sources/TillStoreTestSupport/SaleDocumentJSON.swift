import BigInt
import Foundation
import TillCore

/// The sale JSON of `SaleCodec` (JSONEncoder, sorted keys, default strategies) written by hand from the parts:
/// building the `Sale` and encoding it costs ~100× more, which matters at a million sales. The generated-sales
/// test checks the bytes against `SaleCodec.encode` of the same sale.
struct SaleDocumentJSON {
    private var out = ""

    static func document(_ parts: SyntheticSales.Parts, cart: Cart) -> String {
        var json = SaleDocumentJSON()
        json.out.reserveCapacity(4_096)
        json.sale(parts, cart: cart)
        return json.out
    }

    private mutating func sale(_ parts: SyntheticSales.Parts, cart: Cart) {
        out += "{"
        if let asset = parts.asset { key("asset"); self.asset(asset); out += "," }
        key("cart"); self.cart(cart)
        out += ","; key("cashier"); string(parts.cashier)
        out += ","; key("flags"); list(parts.flags.sorted()) { this, flag in this.string(flag.rawValue) }
        out += ","; key("history"); list(parts.history) { this, change in this.transition(change) }
        out += ","; key("id"); string(parts.id)
        if let note = parts.note { out += ","; key("note"); string(note) }
        out += ","; key("openedAt"); date(parts.openedAt)
        out += ","; key("payments"); list(parts.payments) { this, payment in this.payment(payment) }
        if let policy = parts.policy { out += ","; key("policy"); self.policy(policy) }
        out += ","; key("quotes"); list(parts.quotes) { this, quote in this.quote(quote) }
        out += ","; key("status"); string(parts.status.rawValue)
        out += ","; key("stockTaken"); out += parts.stockTaken ? "true" : "false"
        out += ","; key("watching"); out += "false"
        out += "}"
    }

    private mutating func cart(_ cart: Cart) {
        out += "{"; key("currency"); currency(cart.currency)
        if let rate = cart.defaultTaxRate { out += ","; key("defaultTaxRate"); decimal(rate) }
        out += ","; key("lines")
        list(cart.lines) { this, line in
            this.out += "{"; this.key("product"); this.product(line.product)
            this.out += ","; this.key("quantity"); this.out += String(line.quantity); this.out += "}"
        }
        out += ","; key("taxMode"); string(cart.taxMode.rawValue); out += "}"
    }

    private mutating func product(_ product: Product) {
        out += "{"
        if let barcode = product.barcode { key("barcode"); string(barcode); out += "," }
        key("category"); string(product.category)
        if let description = product.description { out += ","; key("description"); string(description) }
        out += ","; key("disabled"); out += product.disabled ? "true" : "false"
        out += ","; key("id"); string(product.id)
        out += ","; key("name"); string(product.name)
        out += ","; key("price"); fiat(product.price)
        if let stock = product.stock { out += ","; key("stock"); out += String(stock) }
        if let rate = product.taxRate { out += ","; key("taxRate"); decimal(rate) }
        out += "}"
    }

    private mutating func quote(_ quote: Quote) {
        out += "{"; key("address"); string(quote.address)
        out += ","; key("amount"); coin(quote.amount)
        out += ","; key("createdAt"); date(quote.createdAt)
        if let path = quote.derivationPath { out += ","; key("derivationPath"); string(path) }
        out += ","; key("expiresAt"); date(quote.expiresAt)
        out += ","; key("fiat"); fiat(quote.fiat)
        out += ","; key("rate"); out += "{"; key("asset"); asset(quote.rate.asset)
        out += ","; key("currency"); currency(quote.rate.currency)
        out += ","; key("price"); decimal(quote.rate.price)
        out += ","; key("source"); string(quote.rate.source)
        out += ","; key("time"); date(quote.rate.time); out += "}"
        out += ","; key("uri"); string(quote.uri); out += "}"
    }

    private mutating func payment(_ payment: Payment) {
        out += "{"; key("address"); string(payment.address)
        out += ","; key("amount"); coin(payment.amount)
        if let hash = payment.blockHash { out += ","; key("blockHash"); string(hash) }
        if let height = payment.blockHeight { out += ","; key("blockHeight"); out += String(height) }
        out += ","; key("confirmations"); out += String(payment.confirmations)
        out += ","; key("firstSeen"); date(payment.firstSeen)
        out += ","; key("late"); out += payment.late ? "true" : "false"
        out += ","; key("ref"); out += "{"; key("output"); out += String(payment.ref.output)
        out += ","; key("txid"); string(payment.ref.txid); out += "}"
        out += ","; key("replaceable"); out += payment.replaceable ? "true" : "false"
        out += ","; key("state"); string(payment.state.rawValue)
        out += ","; key("wasReorged"); out += payment.wasReorged ? "true" : "false"; out += "}"
    }

    private mutating func policy(_ policy: PaymentPolicy) {
        out += "{"; key("expirySeconds"); out += String(policy.expirySeconds)
        out += ","; key("lateWindowSeconds"); out += String(policy.lateWindowSeconds)
        out += ","; key("reorgWindowSeconds"); out += String(policy.reorgWindowSeconds)
        out += ","; key("requiredConfirmations"); out += String(policy.requiredConfirmations)
        out += ","; key("underpaymentToleranceBasisPoints"); out += String(policy.underpaymentToleranceBasisPoints)
        if let limit = policy.zeroConfLimit { out += ","; key("zeroConfLimit"); fiat(limit) }
        out += "}"
    }

    private mutating func transition(_ change: SaleTransition) {
        out += "{"; key("at"); date(change.at)
        out += ","; key("from"); string(change.from.rawValue)
        out += ","; key("reason"); string(change.reason)
        out += ","; key("to"); string(change.to.rawValue); out += "}"
    }

    private mutating func asset(_ asset: Asset) {
        out += "{"; key("decimals"); out += String(asset.decimals)
        out += ","; key("id"); string(asset.id)
        out += ","; key("kind")
        switch asset.kind {
        case .utxo: out += "{\"utxo\":{}}"
        case .evmNative(let chainID): out += "{\"evmNative\":{\"chainID\":\(chainID)}}"
        case .erc20(let contract, let chainID):
            out += "{\"erc20\":{\"chainID\":\(chainID),\"contract\":"; string(contract); out += "}}"
        }
        out += ","; key("symbol"); string(asset.symbol); out += "}"
    }

    private mutating func coin(_ amount: CoinAmount) {
        out += "{"; key("asset"); asset(amount.asset); out += ","; key("units"); big(amount.units); out += "}"
    }

    private mutating func fiat(_ amount: FiatAmount) {
        out += "{"; key("currency"); currency(amount.currency); out += ","; key("minor"); out += String(amount.minor)
        out += "}"
    }

    private mutating func currency(_ currency: FiatCurrency) {
        out += "{"; key("code"); string(currency.code); out += ","; key("minorUnits"); out += String(currency.minorUnits)
        out += ","; key("symbol"); string(currency.symbol); out += "}"
    }

    private mutating func decimal(_ number: DecimalNumber) {
        out += "{"; key("digits"); big(number.digits); out += ","; key("scale"); out += String(number.scale); out += "}"
    }

    /// BigInt's Codable form: a sign, then the magnitude in 64-bit words, most significant first.
    private mutating func big(_ value: BigUInt) {
        out += "[\"+\""
        let words = value.words.map { UInt64($0) }
        if words.isEmpty || value == 0 { out += ",0" }
        for word in words.reversed() { out += ","; out += String(word) }
        out += "]"
    }

    /// JSONEncoder's default date: seconds since 2001 as a number (generated dates are whole seconds).
    private mutating func date(_ date: Date) {
        out += String(Int64(date.timeIntervalSinceReferenceDate.rounded()))
    }

    private mutating func list<T>(_ items: [T], _ each: (inout SaleDocumentJSON, T) -> Void) {
        out += "["
        for (index, item) in items.enumerated() {
            if index > 0 { out += "," }
            each(&self, item)
        }
        out += "]"
    }

    private mutating func key(_ name: String) { out += "\""; out += name; out += "\":" }

    /// JSONEncoder's escaping: quote, backslash, slash, and control characters.
    private mutating func string(_ text: String) {
        out += "\""
        if !text.utf8.contains(where: { $0 == 0x22 || $0 == 0x5C || $0 == 0x2F || $0 < 0x20 }) {
            out += text
        } else {
            for scalar in text.unicodeScalars {
                switch scalar {
                case "\"": out += "\\\""
                case "\\": out += "\\\\"
                case "/": out += "\\/"
                case "\n": out += "\\n"
                case "\r": out += "\\r"
                case "\t": out += "\\t"
                case _ where scalar.value < 0x20:
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                default: out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }
}
