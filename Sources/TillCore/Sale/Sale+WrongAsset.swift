import Foundation

extension Sale {
    /// Deposits in another asset than the sale's, oldest first: on record for the manager, never counted.
    public var wrongAssetDeposits: [Payment] { otherAssetDeposits ?? [] }

    /// Records a deposit in another asset than the sale's at one of its addresses and flags the sale; the status
    /// and what was received are unchanged. A deposit already recorded only has its confirmations updated.
    mutating func recordWrongAsset(_ observation: PaymentObservation, at: Date) -> [SaleEffect] {
        guard status != .building, let asset else { return Sale.rejected("no quote has been shown for this sale") }
        guard observation.amount.asset != asset else {
            return Sale.rejected("a \(asset.id) payment is not a wrong-asset deposit on a \(asset.id) sale")
        }
        guard quotes.contains(where: { $0.address == observation.address }) else {
            return Sale.rejected("\(observation.address) is not an address of this sale")
        }
        var deposits = wrongAssetDeposits
        defer { otherAssetDeposits = deposits }
        if let index = deposits.firstIndex(where: { $0.ref == observation.ref }) {
            deposits[index].state = observation.confirmations > 0 ? .confirmed : .unconfirmed
            deposits[index].confirmations = observation.confirmations
            deposits[index].blockHeight = observation.blockHeight
            deposits[index].blockHash = observation.blockHash
            return []
        }
        let late = status.isClosed || status == .expired || (currentQuote.map { at >= $0.expiresAt } ?? false)
        deposits.append(Payment(ref: observation.ref, address: observation.address, amount: observation.amount,
                                replaceable: observation.replaceable, firstSeen: at, late: late,
                                state: observation.confirmations > 0 ? .confirmed : .unconfirmed,
                                confirmations: observation.confirmations, blockHeight: observation.blockHeight,
                                blockHash: observation.blockHash))
        flags.insert(.wrongAsset)
        return [.notify(.wrongAsset(observation.amount))]
    }

    /// What the cashier is told about each wrong-asset deposit:
    /// "received 0.02 ETH on a USDC sale: not counted, the manager can refund".
    public var wrongAssetLines: [String] {
        wrongAssetDeposits.map { Sale.wrongAssetLine($0.amount, saleAsset: asset) }
    }

    /// One deposit in words (the amount with its trailing zeros dropped).
    public static func wrongAssetLine(_ amount: CoinAmount, saleAsset: Asset?) -> String {
        let symbol = saleAsset?.symbol ?? "?"
        // "an ETH sale", "a USDC sale": by the first letter as tickers are read (U as in "you").
        let article = symbol.first.map { "AEIOaeio".contains($0) } == true ? "an" : "a"
        return "received \(amount.plainDecimal) \(amount.asset.symbol) on \(article) \(symbol) sale: not counted, the manager can refund"
    }
}
