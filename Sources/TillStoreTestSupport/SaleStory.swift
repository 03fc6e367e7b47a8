import BigInt
import Foundation
import TillCore
import TillTestSupport

/// What happens to one generated sale after the cart: which coin, which quote(s), which payments, which end.
enum SaleStory {
    struct Context {
        let number: Int
        let dayIndex: Int
        let openedAt: Date
        /// Left open at the end of the data (awaiting payment or confirming).
        let open: Bool
    }

    /// Fills asset, policy, quotes, payments, history, flags, status and note of `parts`.
    static func tell(_ parts: inout SyntheticSales.Parts, context: Context, random: inout SplitMix64) {
        var cart = Cart(currency: parts.currency)
        for line in parts.lines { cart.add(line.product, quantity: line.quantity) }
        let fate = random.below(1000)
        let opened = context.openedAt
        if fate < 10, !context.open {
            parts.status = .cancelled
            parts.history = [SaleTransition(from: .building, to: .cancelled, at: opened.addingTimeInterval(45),
                                            reason: "cancelled by \(parts.cashier)")]
            return
        }
        let coin = pickCoin(&random)
        let chain = ChainFacts(coin: coin, context: context)
        let quoteAt = opened.addingTimeInterval(TimeInterval(20 + random.below(70)))
        let quote = makeQuote(coin, fiat: cart.total, at: quoteAt, number: context.number, random: &random)
        parts.asset = coin.asset
        parts.policy = .defaults(for: coin.asset)
        parts.quotes = [quote]
        let required = parts.policy?.requiredConfirmations ?? 6
        var history = [SaleTransition(from: .building, to: .awaitingPayment, at: quoteAt,
                                      reason: "quoted \(quote.amount.formatted) at \(coin.source)")]
        func move(_ to: SaleStatus, _ at: Date, _ reason: String) {
            history.append(SaleTransition(from: history.last?.to ?? .building, to: to, at: at, reason: reason))
            parts.status = to
        }
        parts.status = .awaitingPayment
        let seen = quoteAt.addingTimeInterval(TimeInterval(30 + random.below(270)))
        let confirmedAt = seen.addingTimeInterval(TimeInterval(required * coin.secondsPerBlock))
        let due = quote.amount.units
        let short = due * BigUInt(80 + random.below(18)) / 100

        if context.open {
            if fate % 2 == 1 {
                parts.payments = [chain.payment(due, to: quote.address, at: seen, confirmations: 0, random: &random)]
                move(.confirming, seen, "payment seen")
            }
            parts.history = history
            return
        }
        switch fate {
        case 10..<22:  // overpaid
            let extra = due * BigUInt(1 + random.below(5)) / 100 + 1
            parts.payments = [chain.payment(due + extra, to: quote.address, at: seen, confirmations: required,
                                            random: &random)]
            parts.flags = [.overpaid]
            move(.confirming, seen, "payment seen")
            move(.paid, confirmedAt, "\(required) confirmations")
        case 22..<30:  // paid after the quote expired
            let late = quote.expiresAt.addingTimeInterval(TimeInterval(300 + random.below(3_300)))
            move(.expired, quote.expiresAt, "quote expired")
            parts.payments = [chain.payment(due, to: quote.address, at: late, confirmations: required, late: true,
                                            random: &random)]
            parts.flags = [.paidLate]
            move(.confirming, late, "late payment seen")
            move(.paid, late.addingTimeInterval(TimeInterval(required * coin.secondsPerBlock)),
                 "\(required) confirmations")
        case 30..<36:  // a reorg took the payment out of its block once
            parts.payments = [chain.payment(due, to: quote.address, at: seen, confirmations: required, reorged: true,
                                            random: &random)]
            parts.flags = [.reorged]
            move(.confirming, seen, "payment seen")
            move(.paid, confirmedAt, "\(required) confirmations")
            move(.confirming, confirmedAt.addingTimeInterval(600), "reorg: payment left its block")
            move(.paid, confirmedAt.addingTimeInterval(4_200), "\(required) confirmations")
        case 36..<41:  // double-spent: the payment vanished
            parts.payments = [chain.payment(due, to: quote.address, at: seen, confirmations: 0, vanished: true,
                                            random: &random)]
            parts.flags = [.doubleSpent]
            move(.confirming, seen, "payment seen")
            move(.awaitingPayment, seen.addingTimeInterval(240), "payment vanished")
            move(.expired, quote.expiresAt, "quote expired")
        case 41..<60:  // underpaid: accepted, voided, or expired with the funds
            parts.payments = [chain.payment(short, to: quote.address, at: seen, confirmations: required,
                                            random: &random)]
            parts.quotes.append(requote(quote, missing: due - short, at: seen))
            parts.flags = [.underpaid]
            move(.underpaid, seen, "underpaid")
            let decided = seen.addingTimeInterval(1_800)
            if fate < 47 {
                parts.flags.insert(.acceptedByManager)
                parts.note = "customer paid the network fee"
                move(.paid, decided, "accepted by manager: customer paid the network fee")
            } else if fate < 52 {
                parts.note = "refunded from the shop wallet"
                move(.voided, decided, "voided by manager: refunded from the shop wallet")
            } else {
                parts.flags.insert(.expiredWithFunds)
                move(.expired, parts.quotes[1].expiresAt, "quote expired")
            }
        case 60..<120:
            move(.expired, quote.expiresAt, "quote expired")
        case 120..<150:
            move(.cancelled, quoteAt.addingTimeInterval(TimeInterval(30 + random.below(170))),
                 "cancelled by \(parts.cashier)")
        default:
            parts.payments = [chain.payment(due, to: quote.address, at: seen, confirmations: required,
                                            random: &random)]
            move(.confirming, seen, "payment seen")
            move(.paid, confirmedAt, "\(required) confirmations")
        }
        parts.stockTaken = parts.status == .paid
        parts.history = history
    }

    private static func pickCoin(_ random: inout SplitMix64) -> GeneratedCatalog.Coin {
        var pick = random.below(1000)
        for coin in GeneratedCatalog.coins {
            if pick < coin.perMille { return coin }
            pick -= coin.perMille
        }
        return GeneratedCatalog.coins[0]
    }

    private static func makeQuote(_ coin: GeneratedCatalog.Coin, fiat: FiatAmount, at: Date, number: Int,
                                  random: inout SplitMix64) -> Quote {
        // The price wanders ±15% over the year and a little within the day.
        let drift = Int64(150 * sin(Double(number) / 90_000)) + Int64(random.below(21)) - 10
        let price = coin.asset.id == GeneratedCatalog.usdc.id
            ? DecimalNumber(digits: BigUInt(9_997 + random.below(7)), scale: 4)
            : DecimalNumber(digits: BigUInt(coin.baseCents * (1_000 + drift) / 1_000), scale: 2)
        let rate = ExchangeRate(asset: coin.asset, currency: fiat.currency, price: price, source: coin.source,
                                time: at.addingTimeInterval(-TimeInterval(5 + random.below(55))))
        let amount = (try? rate.coinDue(for: fiat)) ?? .zero(coin.asset)
        let address: String, path: String, uri: String
        switch coin.asset.kind {
        case .utxo:
            let (prefix, scheme) = coin.asset.id == "LTC" ? ("ltc1q", "litecoin") : ("bc1q", "bitcoin")
            address = prefix + random.hex(38)
            path = "m/84'/\(coin.coinType)'/0'/0/\(number)"
            uri = "\(scheme):\(address)?amount=\(amount.plainDecimal)"
        case .evmNative(let chainID):
            address = "0x" + random.hex(40)
            path = "m/44'/60'/0'/0/\(number)"
            uri = "ethereum:\(address)@\(chainID)?value=\(amount.units)"
        case .erc20(let contract, let chainID):
            address = "0x" + random.hex(40)
            path = "m/44'/60'/0'/0/\(number)"
            uri = "ethereum:\(contract)@\(chainID)/transfer?address=\(address)&uint256=\(amount.units)"
        }
        return Quote(address: address, derivationPath: path, amount: amount, fiat: fiat, rate: rate, uri: uri,
                     createdAt: at, expiresAt: at.addingTimeInterval(900))
    }

    /// The quote for what is still missing after an underpayment, at the same rate and address.
    private static func requote(_ first: Quote, missing: BigUInt, at: Date) -> Quote {
        let amount = CoinAmount(units: missing, asset: first.asset)
        return Quote(address: first.address, derivationPath: first.derivationPath, amount: amount,
                     fiat: first.rate.fiatValue(of: amount), rate: first.rate,
                     uri: first.uri.replacingOccurrences(of: first.amount.plainDecimal, with: amount.plainDecimal),
                     createdAt: at, expiresAt: at.addingTimeInterval(900))
    }
}

/// Heights, hashes and txids that look like the coin's chain on that day.
private struct ChainFacts {
    let coin: GeneratedCatalog.Coin
    let context: SaleStory.Context

    func payment(_ units: BigUInt, to address: String, at: Date, confirmations: Int, late: Bool = false,
                 reorged: Bool = false, vanished: Bool = false, random: inout SplitMix64) -> Payment {
        let secondsIntoDay = Int(at.timeIntervalSince(context.openedAt)) + 36_000
        let height = coin.firstHeight + context.dayIndex * coin.blocksPerDay + secondsIntoDay / coin.secondsPerBlock
        let evm: Bool
        let output: Int
        switch coin.asset.kind {
        case .utxo: evm = false; output = random.below(3)
        case .evmNative: evm = true; output = 0
        case .erc20: evm = true; output = random.below(300)
        }
        let txid = (evm ? "0x" : "") + random.hex(64)
        let hash = evm ? "0x" + random.hex(64) : "00000000000000000002" + random.hex(44)
        let inBlock = confirmations > 0 && !vanished
        return Payment(ref: PaymentRef(txid: txid, output: output), address: address,
                       amount: CoinAmount(units: units, asset: coin.asset), replaceable: !evm && random.below(10) == 0,
                       firstSeen: at, late: late, state: vanished ? .vanished : inBlock ? .confirmed : .unconfirmed,
                       confirmations: inBlock ? confirmations : 0, blockHeight: inBlock ? height : nil,
                       blockHash: inBlock ? hash : nil, wasReorged: reorged)
    }
}
