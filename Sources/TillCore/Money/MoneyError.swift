/// Why a piece of money text or arithmetic was refused; `message` is for people.
public enum MoneyError: Error, Equatable, Sendable, CustomStringConvertible {
    case notANumber(String)
    case tooManyDecimals(String, allowed: Int)
    case negative(String)
    case outOfRange(String)
    case zeroRate
    case unknownCurrency(String)
    case wrongUnit(String, expected: String)

    public var message: String {
        switch self {
        case .notANumber(let text): return "\"\(text)\" is not a decimal number (expected digits with an optional \".\", e.g. 1299.00)"
        case .tooManyDecimals(let text, let allowed): return "\"\(text)\" has more than \(allowed) decimal places"
        case .negative(let text): return "\"\(text)\" is negative; amounts must be zero or more"
        case .outOfRange(let text): return "\"\(text)\" is too large"
        case .zeroRate: return "the exchange rate is zero"
        case .unknownCurrency(let code): return "\"\(code)\" is not an ISO 4217 currency code Till knows (e.g. USD, EUR, JPY)"
        case .wrongUnit(let text, let expected): return "\"\(text)\" is not in \(expected)"
        }
    }

    public var description: String { message }
}
