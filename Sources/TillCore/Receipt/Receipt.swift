import Foundation

/// One sold line as printed: "2 x Mouse ... $50.00".
public struct ReceiptLine: Hashable, Sendable {
    public let quantity: Int
    public let name: String
    public let total: FiatAmount

    public init(quantity: Int, name: String, total: FiatAmount) {
        self.quantity = quantity
        self.name = name
        self.total = total
    }
}

/// The crypto side of a receipt: what arrived, at which rate, where, and how deep.
public struct ReceiptPayment: Hashable, Sendable {
    /// What the customer paid (or was asked to pay when nothing arrived yet).
    public let amount: CoinAmount
    /// "1 BTC = 64123.45 USD"; nil when unknown.
    public let rate: String?
    public let address: String
    public let txids: [String]
    public let confirmations: Int
    /// Confirmations the shop requires; nil when not relevant (zero-conf, manager acceptance).
    public let requiredConfirmations: Int?
    /// The payment URI (for the printed QR).
    public let uri: String?

    public init(amount: CoinAmount, rate: String?, address: String, txids: [String], confirmations: Int,
                requiredConfirmations: Int?, uri: String?) {
        self.amount = amount
        self.rate = rate
        self.address = address
        self.txids = txids
        self.confirmations = confirmations
        self.requiredConfirmations = requiredConfirmations
        self.uri = uri
    }
}

/// Everything a receipt shows, as plain values; `ReceiptText` lays it out for a width.
public struct Receipt: Hashable, Sendable {
    /// The shop's name and header text, one entry per paragraph (centred, wrapped).
    public var header: [String]
    public var saleID: String
    /// Already formatted for the shop's time zone (see `Receipt.formatTime`).
    public var time: String
    public var cashier: String
    public var lines: [ReceiptLine]
    public var subtotal: FiatAmount
    /// Nil when the shop charges no tax.
    public var tax: FiatAmount?
    /// True when prices include the tax (shown as "incl. tax" rather than added).
    public var taxIncluded: Bool
    public var total: FiatAmount
    public var payment: ReceiptPayment?
    /// "PAID", or the status with its flags ("PAID - OVERPAID").
    public var status: String
    /// Footer paragraphs (centred, wrapped).
    public var footer: [String]

    public init(header: [String], saleID: String, time: String, cashier: String, lines: [ReceiptLine],
                subtotal: FiatAmount, tax: FiatAmount?, taxIncluded: Bool, total: FiatAmount,
                payment: ReceiptPayment?, status: String, footer: [String]) {
        self.header = header
        self.saleID = saleID
        self.time = time
        self.cashier = cashier
        self.lines = lines
        self.subtotal = subtotal
        self.tax = tax
        self.taxIncluded = taxIncluded
        self.total = total
        self.payment = payment
        self.status = status
        self.footer = footer
    }

    /// "2026-09-21 14:13:20" in `timeZone` (Gregorian, 24 h), independent of the machine's locale.
    public static func formatTime(_ date: Date, timeZone: TimeZone) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String { let v = value ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        return "\(c.year ?? 0)-\(two(c.month))-\(two(c.day)) \(two(c.hour)):\(two(c.minute)):\(two(c.second))"
    }
}

extension Receipt {
    /// The receipt of `sale`: lines and totals from its cart, the payment from its quotes and payments.
    public init(sale: Sale, shopName: String, headerText: String? = nil, footerText: String? = nil, time: String) {
        let cart = sale.cart
        let taxed = cart.tax.minor != 0 || cart.defaultTaxRate != nil || cart.lines.contains { $0.product.taxRate != nil }
        self.init(header: [shopName] + ReceiptText.paragraphs(headerText), saleID: sale.id, time: time,
                  cashier: sale.cashier,
                  lines: cart.lines.map { ReceiptLine(quantity: $0.quantity, name: $0.product.name, total: $0.net) },
                  subtotal: cart.subtotal, tax: taxed ? cart.tax : nil, taxIncluded: cart.taxMode == .included,
                  total: cart.total, payment: Receipt.payment(of: sale), status: Receipt.statusText(sale),
                  footer: ReceiptText.paragraphs(footerText))
    }

    private static func payment(of sale: Sale) -> ReceiptPayment? {
        guard let first = sale.quotes.first, let shown = sale.currentQuote else { return nil }
        let counted = sale.payments.filter(\.counts)
        let received = sale.received ?? .zero(first.asset)
        let rate = first.rate
        return ReceiptPayment(amount: counted.isEmpty ? first.amount : received,
                              rate: "1 \(rate.asset.symbol) = \(rate.price) \(rate.currency.code)",
                              address: shown.address, txids: uniqueTxids(counted.map(\.ref.txid)),
                              confirmations: sale.confirmations,
                              requiredConfirmations: sale.policy?.requiredConfirmations, uri: shown.uri)
    }

    private static func uniqueTxids(_ txids: [String]) -> [String] {
        var seen = Set<String>()
        return txids.filter { seen.insert($0).inserted }
    }

    /// "PAID", "PAID - OVERPAID - LATE", "EXPIRED", ...: the status and the flags a customer may ask about.
    public static func statusText(_ sale: Sale) -> String {
        let status: String
        switch sale.status {
        case .building: status = "NOT CHECKED OUT"
        case .awaitingPayment: status = "AWAITING PAYMENT"
        case .underpaid: status = "UNDERPAID"
        case .confirming: status = "CONFIRMING"
        case .paid: status = "PAID"
        case .expired: status = "EXPIRED"
        case .cancelled: status = "CANCELLED"
        case .voided: status = "VOIDED"
        }
        let flagNames: [(SaleFlag, String)] = [
            (.overpaid, "OVERPAID"), (.paidLate, "LATE"), (.reorged, "REORGED"), (.doubleSpent, "DOUBLE-SPENT"),
            (.expiredWithFunds, "FUNDS RECEIVED"), (.acceptedByManager, "ACCEPTED BY MANAGER"),
        ]
        let flags = flagNames.filter { sale.flags.contains($0.0) }.map(\.1)
        return ([status] + flags).joined(separator: " - ")
    }
}
