import TillCore

extension TillModel {
    /// Coin picker: 1–9 or arrows and Enter choose a coin; Esc goes back to the cart.
    mutating func coinPickerKey(_ key: Key) -> [TillEffect] {
        switch key {
        case .up, .character("k"): coinCursor = max(0, coinCursor - 1)
        case .down, .character("j"): coinCursor = min(coins.count - 1, coinCursor + 1)
        case .enter: return pickCoin(coinCursor)
        case .character(let digit) where digit.isASCII && digit.isNumber && digit != "0":
            return pickCoin(Int(String(digit))! - 1)
        case .escape:
            screen = .catalog
            // Abandons a quote being prepared (its answer, if any, is then refused): the cart is editable again.
            if sale?.state == .quotePending { return applyToSale(.quoteFailed(reason: "cancelled by the cashier")) }
        default: break
        }
        return []
    }

    /// With one coin configured there is nothing to pick: checkout goes straight to its quote.
    mutating func checkoutIfOneCoin() -> [TillEffect] {
        guard coins.count == 1, screen == .coinPicker else { return [] }
        return pickCoin(0)
    }

    private mutating func pickCoin(_ index: Int) -> [TillEffect] {
        guard coins.indices.contains(index) else { notice = Notice("no coin number \(index + 1)", .warning); return [] }
        let coin = coins[index]
        // A quote takes an address from the ledger: with the ledger offline (or full) two tills could hand out the
        // same one, or the quote would be shown without being saved. The sale stays as it is until it works again.
        if let alert = storageAlert {
            notice = Notice("no new quote while \(alert.label): \(alert.message)", .error)
            return []
        }
        if case .offline(let reason, _) = coin.backend {
            notice = Notice("\(coin.asset.symbol) is unavailable: \(reason)", .error)
            return []
        }
        coinCursor = index
        notice = Notice("preparing a \(coin.asset.symbol) quote…", .info)
        return applyToSale(.checkout(coin.asset, policy: coin.policy, at: now))
    }

    /// Payment screen: full-screen QR, cancel with confirmation, training payments, next sale, manager screen.
    mutating func paymentKey(_ key: Key) -> [TillEffect] {
        guard let current = sale else { screen = .catalog; return [] }
        switch key {
        case .character("f"):
            fullScreenQR.toggle()
        case .escape:
            if fullScreenQR { fullScreenQR = false; return [] }
            if paymentPending {
                // A vanished payment no longer counts: the cashier may cancel (the record stays, flagged).
                if !current.payments.contains(where: \.counts) { confirmation = .cancelSale } else if current.canHandOff {
                    notice = Notice("a payment was seen: n serves the next customer while it confirms", .info)
                } else {
                    notice = Notice("part of the amount was paid: wait for the rest, or m for a manager", .warning)
                }
                return []
            }
            return startNewSale(keepCart: false)
        case .character("p") where training:
            guard let quote = current.currentQuote, let due = current.stillDue, due.units > 0 else { return [] }
            return [.simulatePayment(address: quote.address, amount: due)]
        case .character("b") where training:
            return [.simulateBlock]
        case .character("n") where current.status == .paid:
            return startNewSale(keepCart: false)
        case .character("n") where current.canHandOff:
            return handOff()
        case .character("i"):
            return openInFlight()
        case .enter, .character("n"):
            switch current.status {
            case .paid: screen = .receipt
            case .expired where current.payments.isEmpty: return startNewSale(keepCart: true)
            case .cancelled, .voided: return startNewSale(keepCart: false)
            default: break
            }
        case .character("r"):
            if current.status == .paid { screen = .receipt }
        case .character("m"):
            // An underpaid customer at the counter: the manager settles it without leaving the sale.
            fullScreenQR = false
            return requestManagerScreen()
        default:
            break
        }
        return []
    }

    /// Receipt: write it out, then a new sale.
    mutating func receiptKey(_ key: Key) -> [TillEffect] {
        guard let current = sale else { screen = .catalog; return [] }
        switch key {
        case .character("w"), .character("p"): return [.writeReceipt(current)]
        case .enter, .character("n"), .escape: return startNewSale(keepCart: false)
        case .character("m"): return requestManagerScreen()
        default: return []
        }
    }
}
