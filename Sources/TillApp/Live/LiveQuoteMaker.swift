import Foundation
import TillChain
import TillCore
import TillStore
import TillWallet

/// A coin the live till can quote: its wallet and how many unused addresses the merchant's wallet scans.
public struct QuotableCoin: Sendable {
    public let wallet: WatchOnlyWallet
    public let gapLimit: Int

    public init(wallet: WatchOnlyWallet, gapLimit: Int) {
        self.wallet = wallet
        self.gapLimit = gapLimit
    }
}

/// Quotes for real: the next address of the merchant's wallet (persisted before it is shown), a rate from the
/// rate book locked for the quote's life, and the payment URI for the QR code.
public struct LiveQuoteMaker: QuoteMaker {
    let store: any SaleStore
    let coins: [String: QuotableCoin]
    let rates: RateBook
    let shopName: String

    public init(store: any SaleStore, coins: [String: QuotableCoin], rates: RateBook, shopName: String) {
        self.store = store
        self.coins = coins
        self.rates = rates
        self.shopName = shopName
    }

    public func makeQuote(_ request: QuoteRequest) async throws -> Quote {
        guard let coin = coins[request.asset.id] else { throw TillAppError("\(request.asset.id) is not configured") }
        let rate: ExchangeRate
        if let previous = request.previous?.rate {
            rate = previous
        } else {
            let pair = RatePair(request.asset, request.fiat.currency)
            let refresh = await rates.refresh(pair, now: request.now)
            do { rate = try await rates.rate(for: pair, now: request.now) } catch {
                throw TillAppError(([error.message] + refresh.reasons).joined(separator: "; "))
            }
        }
        let amount = try request.remainder ?? rate.coinDue(for: request.fiat)
        let address: String, path: String?
        if let reuse = request.reuseAddress {
            (address, path) = (reuse, request.previous?.derivationPath)
        } else {
            let wallet = coin.wallet
            let allocated = try store.allocateAddress(
                AddressRequest(walletID: wallet.walletID, gapLimit: coin.gapLimit, saleID: request.saleID, at: request.now),
                derive: { index in
                    let derived = try wallet.derive(index: index)
                    return TillStore.DerivedAddress(address: derived.address, path: derived.path)
                },
                // Reusing an address needs proof from the chain that it never received anything; until a
                // backend answers that, never reuse: past the gap limit the quote fails and says why.
                isUnusedOnChain: { _ in false })
            (address, path) = (allocated.address, allocated.path)
        }
        return Quote(address: address, derivationPath: path, amount: amount,
                     fiat: request.remainder.map { rate.fiatValue(of: $0) } ?? request.fiat, rate: rate,
                     uri: try PaymentURIs.uri(address: address, network: coin.wallet.network, amount: amount,
                                              label: shopName, message: request.saleID),
                     createdAt: request.now, expiresAt: request.now.addingTimeInterval(TimeInterval(request.policy.expirySeconds)))
    }
}

/// The URI that goes into the QR: BIP21/321 for Bitcoin-family coins, EIP-681 for ETH and tokens.
public enum PaymentURIs {
    public static func uri(address: String, network: Network, amount: CoinAmount, label: String, message: String) throws -> String {
        switch amount.asset.kind {
        case .utxo:
            return try BitcoinPaymentURI(address: address, network: network, amount: amount, label: label, message: message).uri
        case .evmNative, .erc20:
            return try EthereumPaymentURI(recipient: address, amount: amount).uri
        }
    }
}
