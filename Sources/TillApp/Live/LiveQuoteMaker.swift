import Foundation
import TillChain
import TillCore
import TillStore
import TillUI
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
    /// Past the gap limit: which closed sales' addresses the chain proves unused (nil: never reuse).
    let reuse: AddressReuse?

    public init(store: any SaleStore, coins: [String: QuotableCoin], rates: RateBook, shopName: String,
                reuse: AddressReuse? = nil) {
        self.store = store
        self.coins = coins
        self.rates = rates
        self.shopName = shopName
        self.reuse = reuse
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
            let allocated = try await allocate(coin, assetID: request.asset.id, saleID: request.saleID, at: request.now)
            (address, path) = (allocated.address, allocated.path)
        }
        return Quote(address: address, derivationPath: path, amount: amount,
                     fiat: request.remainder.map { rate.fiatValue(of: $0) } ?? request.fiat, rate: rate,
                     uri: try PaymentURIs.uri(address: address, network: coin.wallet.network, amount: amount,
                                              label: shopName, message: request.saleID),
                     createdAt: request.now, expiresAt: request.now.addingTimeInterval(TimeInterval(request.policy.expirySeconds)))
    }

    /// The next address, or past the gap limit a closed sale's address the chain proves unused. The chain is
    /// asked between two store attempts, never inside a write transaction.
    private func allocate(_ coin: QuotableCoin, assetID: String, saleID: String, at now: Date) async throws -> AllocatedAddress {
        let wallet = coin.wallet
        let request = AddressRequest(walletID: wallet.walletID, gapLimit: coin.gapLimit, saleID: saleID, at: now)
        let notProven = StoreError.gapLimitReached(walletID: request.walletID, chain: request.chain, gapLimit: request.gapLimit)
        func allocate(answers: [String: Bool]) throws -> AllocatedAddress {
            try store.allocateAddress(request, derive: { index in
                let derived = try wallet.derive(index: index)
                return IndexedAddress(address: derived.address, path: derived.path)
            }, isUnusedOnChain: { address in
                // No answer is not "funded": throwing rolls back, so an address is never marked funded on a guess
                // (that would move the gap window past addresses the merchant's wallet still counts as unused).
                guard let unused = answers[address] else { throw notProven }
                return unused
            })
        }
        do {
            return try allocate(answers: [:])
        } catch StoreError.gapLimitReached(_, _, _) {
            guard let reuse else { throw notProven }
            let answers = try await reuse.answers(assetID: assetID, request: request)
            guard !answers.isEmpty else { throw notProven }
            // Funded ones are marked in their own write, so they stay marked even if the retry finds no address.
            for (address, unused) in answers where !unused { try store.markFunded(address: address, at: now) }
            let allocated = try allocate(answers: answers)
            if allocated.reused {
                reuse.log.info("\(assetID) sale \(saleID): past the gap limit of \(coin.gapLimit), reusing address index \(allocated.index) (\(allocated.address)), unused on chain")
            }
            return allocated
        }
    }
}

/// The URI that goes into the QR: BIP21/321 for Bitcoin-family coins, EIP-681 for ETH and tokens.
public enum PaymentURIs {
    /// The richest URI whose QR fits the payment screen at 80×24: with `label` and `message`, else without
    /// `message`, else address and amount only (see `fitting`).
    public static func uri(address: String, network: Network, amount: CoinAmount, label: String, message: String) throws -> String {
        switch amount.asset.kind {
        case .utxo:
            return fitting([
                try BitcoinPaymentURI(address: address, network: network, amount: amount, label: label, message: message).uri,
                try BitcoinPaymentURI(address: address, network: network, amount: amount, label: label).uri,
                try BitcoinPaymentURI(address: address, network: network, amount: amount).uri,
            ])
        case .evmNative, .erc20:
            return try EthereumPaymentURI(recipient: address, amount: amount).uri
        }
    }

    /// The first of `candidates` (richest first) whose QR fits at the till's minimum size at level M, else the first
    /// that fits at all (level L), else the last (shortest): a shorter URI at M beats label and message at L.
    public static func fitting(_ candidates: [String]) -> String {
        candidates.first { PaymentGeometry.fitsAtMinimumSize($0, level: .medium) }
            ?? candidates.first { PaymentGeometry.fitsAtMinimumSize($0) } ?? candidates.last ?? ""
    }
}
