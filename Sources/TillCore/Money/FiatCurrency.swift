/// A fiat currency with its ISO 4217 minor units (USD 2, JPY 0, KWD 3).
public struct FiatCurrency: Hashable, Sendable, Codable, CustomStringConvertible {
    /// ISO 4217 alphabetic code, upper case ("USD").
    public let code: String
    /// Digits after the decimal point in the minor unit (cents: 2).
    public let minorUnits: Int
    /// Symbol shown before the amount ("$"); the code is used when there is none.
    public let symbol: String

    public init(code: String, minorUnits: Int, symbol: String) {
        self.code = code
        self.minorUnits = minorUnits
        self.symbol = symbol
    }

    public var description: String { code }

    /// Looks a currency up by its ISO 4217 code (case-insensitive); nil when unknown.
    public static func named(_ code: String) -> FiatCurrency? {
        known[code.uppercased()]
    }

    /// Every currency Till knows, by code.
    public static let known: [String: FiatCurrency] = {
        let table: [(String, Int, String)] = [
            ("USD", 2, "$"), ("EUR", 2, "€"), ("GBP", 2, "£"), ("JPY", 0, "¥"), ("CHF", 2, "CHF "),
            ("CAD", 2, "CA$"), ("AUD", 2, "A$"), ("NZD", 2, "NZ$"), ("SEK", 2, "SEK "), ("NOK", 2, "NOK "),
            ("DKK", 2, "DKK "), ("PLN", 2, "zł "), ("CZK", 2, "Kč "), ("HUF", 2, "Ft "), ("CNY", 2, "CN¥"),
            ("HKD", 2, "HK$"), ("SGD", 2, "S$"), ("KRW", 0, "₩"), ("INR", 2, "₹"), ("BRL", 2, "R$"),
            ("MXN", 2, "MX$"), ("ZAR", 2, "R "), ("TRY", 2, "₺"), ("ILS", 2, "₪"), ("THB", 2, "฿"),
            ("ARS", 2, "AR$"), ("CLP", 0, "CLP "), ("ISK", 0, "ISK "), ("VND", 0, "₫"), ("KWD", 3, "KWD "),
            ("BHD", 3, "BHD "), ("OMR", 3, "OMR "), ("JOD", 3, "JOD "), ("TND", 3, "TND "), ("SAR", 2, "SAR "),
            ("AED", 2, "AED "), ("NGN", 2, "₦"), ("KES", 2, "KSh "), ("SVC", 2, "₡"), ("UAH", 2, "₴"),
        ]
        var result: [String: FiatCurrency] = [:]
        for (code, minor, symbol) in table { result[code] = FiatCurrency(code: code, minorUnits: minor, symbol: symbol) }
        return result
    }()

    public static let usd = known["USD"]!
    public static let eur = known["EUR"]!
    public static let jpy = known["JPY"]!
}
