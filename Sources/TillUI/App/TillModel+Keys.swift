import Foundation
import TillCore

extension TillModel {
    /// Keys go to the open question first, then the help overlay, then the search line, then the screen.
    mutating func handleKey(_ key: Key) -> [TillEffect] {
        if key == .resize { return [] }
        // The terminal went away (ssh dropped, window closed): nobody can answer a question any more.
        if key == .hangup { return [.quit] }
        if let question = confirmation { return answer(question, key) }
        if showHelp { showHelp = false; return [] }
        if login.override != nil { return overrideKey(key) }
        // The PIN and manager screens have text fields: `q`, `?` and `/` are letters there.
        if screen == .login { return loginKey(key) }
        if screen == .manager { return managerKey(key) }
        if searching != nil { return searchKey(key) }
        if key == .character("?") { showHelp = true; return [] }
        if key == .character("q") {
            if paymentPending { confirmation = .quit; return [] }
            return [.quit]
        }
        switch screen {
        case .catalog: return catalogKey(key)
        case .coinPicker: return coinPickerKey(key)
        case .payment: return paymentKey(key)
        case .receipt: return receiptKey(key)
        case .login, .manager: return []
        }
    }

    private mutating func answer(_ question: Confirmation, _ key: Key) -> [TillEffect] {
        let yes = key == .character("y") || key == .character("Y")
        confirmation = nil
        guard yes else { notice = Notice("kept going", .info); return [] }
        switch question {
        case .quit:
            return [.quit]
        case .cancelSale:
            // A cashier cancels only their own sale; someone else's needs a manager's PIN.
            if let current = sale, let user = session, !user.isManager, current.cashier != user.name {
                login.override = OverrideDialog(purpose: .cancelSale(saleID: current.id, owner: current.cashier))
                return []
            }
            let effects = applyToSale(.cancel(at: now))
            if sale?.status == .cancelled {
                let next = startNewSale(keepCart: false)
                notice = Notice("sale cancelled", .info)
                return effects + next
            }
            return effects
        }
    }

    private mutating func searchKey(_ key: Key) -> [TillEffect] {
        guard var text = searching else { return [] }
        switch key {
        case .escape:
            searching = nil
            browser.search("")
        case .enter:
            searching = nil
            focus = .products
        case .backspace:
            if !text.isEmpty { text.removeLast() }
            searching = text
            browser.search(text)
        case .character(let character) where !character.isNewline:
            text.append(character)
            searching = text
            browser.search(text)
        case .up, .down:
            _ = catalogKey(key)
        default:
            break
        }
        productCursor = min(productCursor, max(0, browser.visible.count - 1))
        return []
    }

    /// Opens a new sale; an expired sale's cart can be carried over for a fresh quote. A sale still being paid goes
    /// to the strip of sales in flight. Search, notices and the full-screen QR of the last customer go too.
    mutating func startNewSale(keepCart: Bool) -> [TillEffect] {
        let carried = keepCart ? sale?.cart : nil
        if let leaving = sale, Self.belongsInFlight(leaving) {
            sale = nil
            trackInFlight(leaving)
        }
        sale = nil
        screen = .catalog
        focus = .products
        fullScreenQR = false
        receiptStatus = nil
        notice = nil
        searching = nil
        browser.search("")
        productCursor = 0
        cartCursor = 0
        guard let carried else { return [] }
        pendingCarry = Cart(currency: carried.currency, taxMode: carried.taxMode, defaultTaxRate: carried.defaultTaxRate)
        for line in carried.lines { pendingCarry?.add(line.product, quantity: line.quantity) }
        return useReservedID()
    }

    /// A sale number arrived (or was already there): open the sale that waited for it. Numbers are reserved only
    /// when a sale really starts, so restarts and idle counters use none up.
    mutating func useReservedID() -> [TillEffect] {
        guard pendingAdd != nil || pendingCarry != nil else { return [] }
        guard let id = nextSaleID else { return [.reserveSaleID] }
        if let product = pendingAdd {
            pendingAdd = nil
            return addToCart(product, 1)
        }
        guard let carried = pendingCarry else { return [] }
        pendingCarry = nil
        nextSaleID = nil
        var fresh = Sale(id: id, cashier: cashier, openedAt: now, cart: Cart(currency: carried.currency,
                         taxMode: carried.taxMode, defaultTaxRate: carried.defaultTaxRate))
        for line in carried.lines { _ = fresh.handle(.addProduct(line.product, quantity: line.quantity)) }
        sale = fresh
        screen = .coinPicker
        return [.persist(fresh, [])] + checkoutIfOneCoin()
    }
}
