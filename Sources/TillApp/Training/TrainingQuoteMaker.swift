import Foundation
import TillCore
import TillWallet

/// Quotes for training mode: regtest addresses (nobody can send real coins to them) and fixed rates.
public struct TrainingQuoteMaker: QuoteMaker {
    /// BIP84's published test account (abandon … about), re-encoded for test networks.
    static let accountKey = "zpub6rFR7y4Q2AijBEqTUquhVz398htDFrtymD9xYYfG1m4wAcvPhXNfE3EfH1r1ADqtfSdVCToUG868RvUUkgDKf31mGDtKsAYz2oz2AGutZYs"
    private let wallet: WatchOnlyWallet
    /// The same published account as Ethereum addresses, for the simulated ETH and token (chain `TrainingCoins.chainID`).
    private let evmWallet: WatchOnlyWallet
    private let counter = Counter()
    private let evmCounter = Counter()
    private let shopName: String

    public init(shopName: String) throws {
        let key = try ExtendedPublicKey(parsing: Self.accountKey)
        wallet = try WatchOnlyWallet(parsing: key.serialized(as: "vpub"), network: .regtest)
        evmWallet = try WatchOnlyWallet(parsing: key.serialized(as: "xpub"), network: .ethereum)
        self.shopName = shopName
    }

    /// Training prices per whole coin, in any shop currency's units.
    public static func price(of asset: Asset) -> DecimalNumber {
        let text = switch asset.symbol {
        case "BTC": "60000"
        case "LTC": "80"
        case "ETH": "3000"
        default: "1"
        }
        return try! DecimalNumber(parsing: text)
    }

    public func makeQuote(_ request: QuoteRequest) async throws -> Quote {
        let rate = request.previous?.rate ?? ExchangeRate(asset: request.asset, currency: request.fiat.currency,
                                                          price: Self.price(of: request.asset), source: "TRAINING fixed", time: request.now)
        let amount = try request.remainder ?? rate.coinDue(for: request.fiat)
        let address: String, path: String?
        let isEVM = request.asset.kind != .utxo
        if let reuse = request.reuseAddress, let previous = request.previous {
            (address, path) = (reuse, previous.derivationPath)
        } else {
            let derived = isEVM ? try evmWallet.derive(index: evmCounter.next()) : try wallet.derive(index: counter.next())
            (address, path) = (derived.address, derived.path)
        }
        let uri = try PaymentURIs.uri(address: address, network: isEVM ? .ethereum : .regtest, amount: amount, label: shopName,
                                      message: request.saleID)
        return Quote(address: address, derivationPath: path, amount: amount,
                     fiat: request.remainder.map { rate.fiatValue(of: $0) } ?? request.fiat, rate: rate, uri: uri,
                     createdAt: request.now, expiresAt: request.now.addingTimeInterval(TimeInterval(request.policy.expirySeconds)))
    }
}

/// A thread-safe counter for training address indexes.
final class Counter: @unchecked Sendable {
    private let lock = NSLock()
    private var value = 0
    func next() -> Int { lock.lock(); defer { lock.unlock() }; value += 1; return value - 1 }
}
