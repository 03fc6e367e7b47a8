/// Per-coin rules for accepting a payment.
public struct PaymentPolicy: Hashable, Sendable, Codable {
    /// Confirmations before a sale is paid (BTC default 6, as in the seed example).
    public var requiredConfirmations: Int
    /// Payments worth at most this much are accepted at zero confirmations, unless they signal replace-by-fee.
    public var zeroConfLimit: FiatAmount?
    /// Seconds a quote stays valid (default 15 minutes).
    public var expirySeconds: Int
    /// Shortfall tolerated as paid, in basis points of the amount due (default 0).
    public var underpaymentToleranceBasisPoints: Int
    /// Seconds after expiry that the address is still watched so late payments are recorded (default 24 h).
    public var lateWindowSeconds: Int

    public init(requiredConfirmations: Int = 6, zeroConfLimit: FiatAmount? = nil, expirySeconds: Int = 900,
                underpaymentToleranceBasisPoints: Int = 0, lateWindowSeconds: Int = 86_400) {
        self.requiredConfirmations = requiredConfirmations
        self.zeroConfLimit = zeroConfLimit
        self.expirySeconds = expirySeconds
        self.underpaymentToleranceBasisPoints = underpaymentToleranceBasisPoints
        self.lateWindowSeconds = lateWindowSeconds
    }

    /// The default policy for an asset: BTC/LTC 6 confirmations, EVM 12.
    public static func defaults(for asset: Asset) -> PaymentPolicy {
        switch asset.kind {
        case .utxo: return PaymentPolicy(requiredConfirmations: 6)
        case .evmNative, .erc20: return PaymentPolicy(requiredConfirmations: 12)
        }
    }
}
