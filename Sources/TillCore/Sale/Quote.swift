import Foundation

/// What the customer is asked to pay: a coin amount to an address, locked at a rate until it expires.
public struct Quote: Hashable, Sendable, Codable {
    /// Receiving address (shown and encoded in the URI).
    public let address: String
    /// Where the address sits in the merchant's wallet ("m/84'/0'/0'/0/17"); nil for fixed addresses.
    public let derivationPath: String?
    /// The exact amount asked for by this quote.
    public let amount: CoinAmount
    /// The fiat value this quote covers.
    public let fiat: FiatAmount
    /// The rate the amount was computed with (its source and time are kept for the manager).
    public let rate: ExchangeRate
    /// The payment URI that goes into the QR code.
    public let uri: String
    public let createdAt: Date
    public let expiresAt: Date

    public init(address: String, derivationPath: String?, amount: CoinAmount, fiat: FiatAmount, rate: ExchangeRate,
                uri: String, createdAt: Date, expiresAt: Date) {
        self.address = address
        self.derivationPath = derivationPath
        self.amount = amount
        self.fiat = fiat
        self.rate = rate
        self.uri = uri
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }

    public var asset: Asset { amount.asset }
}
