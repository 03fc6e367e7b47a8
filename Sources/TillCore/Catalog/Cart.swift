import BigInt

/// One line of a cart: a product and how many.
public struct CartLine: Hashable, Sendable, Codable {
    public let product: Product
    public var quantity: Int

    public init(product: Product, quantity: Int) {
        self.product = product
        self.quantity = quantity
    }

    /// Unit price × quantity, before tax.
    public var net: FiatAmount { product.price.times(quantity) }
}

/// How tax is applied to catalog prices.
public enum TaxMode: String, Hashable, Sendable, Codable {
    /// Prices include tax; the tax part is shown but not added.
    case included
    /// Tax is added on top of the prices.
    case excluded
}

/// The goods being sold, with totals in the shop currency.
public struct Cart: Hashable, Sendable, Codable {
    public let currency: FiatCurrency
    public private(set) var lines: [CartLine] = []
    public var taxMode: TaxMode
    /// Applied when a product has no rate of its own (percent).
    public var defaultTaxRate: DecimalNumber?

    public init(currency: FiatCurrency, taxMode: TaxMode = .included, defaultTaxRate: DecimalNumber? = nil) {
        self.currency = currency
        self.taxMode = taxMode
        self.defaultTaxRate = defaultTaxRate
    }

    public var isEmpty: Bool { lines.isEmpty }
    public var itemCount: Int { lines.reduce(0) { $0 + $1.quantity } }

    /// Adds `quantity` of `product`, merging with an existing line.
    public mutating func add(_ product: Product, quantity: Int = 1) {
        guard quantity > 0 else { return }
        if let index = lines.firstIndex(where: { $0.product.id == product.id }) {
            lines[index].quantity += quantity
        } else {
            lines.append(CartLine(product: product, quantity: quantity))
        }
    }

    /// Sets a line's quantity; zero or less removes it.
    public mutating func setQuantity(_ quantity: Int, forLine index: Int) {
        guard lines.indices.contains(index) else { return }
        if quantity <= 0 { lines.remove(at: index) } else { lines[index].quantity = quantity }
    }

    public mutating func removeLine(_ index: Int) {
        guard lines.indices.contains(index) else { return }
        lines.remove(at: index)
    }

    /// Sum of line prices as listed.
    public var subtotal: FiatAmount { lines.reduce(.zero(currency)) { $0 + $1.net } }

    /// Tax of all lines, each rounded up to the minor unit.
    public var tax: FiatAmount { lines.reduce(.zero(currency)) { $0 + tax(of: $1) } }

    /// What the customer pays.
    public var total: FiatAmount { taxMode == .included ? subtotal : subtotal + tax }

    /// Tax in one line: on top of the net price (excluded) or the part inside it (included).
    public func tax(of line: CartLine) -> FiatAmount {
        guard let rate = line.product.taxRate ?? defaultTaxRate, !rate.isZero, line.net.minor > 0 else { return .zero(currency) }
        let net = BigUInt(line.net.minor)
        let hundred = BigUInt(100) * BigUInt(10).power(rate.scale)
        let (numerator, denominator): (BigUInt, BigUInt) = taxMode == .excluded
            ? (net * rate.digits, hundred)                     // net × r / 100
            : (net * rate.digits, hundred + rate.digits)       // gross × r / (100 + r)
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return FiatAmount(minor: Int64(remainder == 0 ? quotient : quotient + 1), currency: currency)
    }
}
