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
    /// Seconds after a sale became paid that its addresses stay watched (also across restarts), so a reorg or a
    /// double spend of its payment still takes it out of `paid` and gives the stock back (default 24 h).
    public var reorgWindowSeconds: Int
    /// When the cashier may hand over the goods, before the sale is final (nil: only once PAID).
    public var releaseAt: ReleaseRule?

    /// The default reorg window: a day, far deeper than any reorg seen on Bitcoin or Ethereum mainnet.
    public static let defaultReorgWindowSeconds = 86_400

    public init(requiredConfirmations: Int = 6, zeroConfLimit: FiatAmount? = nil, expirySeconds: Int = 900,
                underpaymentToleranceBasisPoints: Int = 0, lateWindowSeconds: Int = 86_400,
                reorgWindowSeconds: Int = PaymentPolicy.defaultReorgWindowSeconds, releaseAt: ReleaseRule? = nil) {
        self.requiredConfirmations = requiredConfirmations
        self.zeroConfLimit = zeroConfLimit
        self.expirySeconds = expirySeconds
        self.underpaymentToleranceBasisPoints = underpaymentToleranceBasisPoints
        self.lateWindowSeconds = lateWindowSeconds
        self.reorgWindowSeconds = reorgWindowSeconds
        self.releaseAt = releaseAt
    }

    private enum CodingKeys: String, CodingKey {
        case requiredConfirmations, zeroConfLimit, expirySeconds, underpaymentToleranceBasisPoints, lateWindowSeconds
        case reorgWindowSeconds, releaseAt
    }

    /// Sales saved before the reorg window existed decode with the default one.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        requiredConfirmations = try container.decode(Int.self, forKey: .requiredConfirmations)
        zeroConfLimit = try container.decodeIfPresent(FiatAmount.self, forKey: .zeroConfLimit)
        expirySeconds = try container.decode(Int.self, forKey: .expirySeconds)
        underpaymentToleranceBasisPoints = try container.decode(Int.self, forKey: .underpaymentToleranceBasisPoints)
        lateWindowSeconds = try container.decode(Int.self, forKey: .lateWindowSeconds)
        reorgWindowSeconds = try container.decodeIfPresent(Int.self, forKey: .reorgWindowSeconds)
            ?? PaymentPolicy.defaultReorgWindowSeconds
        releaseAt = try container.decodeIfPresent(ReleaseRule.self, forKey: .releaseAt)
    }

    /// The default policy for an asset: BTC/LTC 6 confirmations, EVM 12.
    public static func defaults(for asset: Asset) -> PaymentPolicy {
        switch asset.kind {
        case .utxo: return PaymentPolicy(requiredConfirmations: 6)
        case .evmNative, .erc20: return PaymentPolicy(requiredConfirmations: 12)
        }
    }
}
