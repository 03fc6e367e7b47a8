import TillCore

extension TillModel {
    /// Catalog screen: move, add, change quantities, search, scan, check out.
    mutating func catalogKey(_ key: Key) -> [TillEffect] {
        switch key {
        case .up, .character("k"): moveCursor(-1)
        case .down, .character("j"): moveCursor(1)
        case .pageUp: moveCursor(-10)
        case .pageDown: moveCursor(10)
        case .tab: focus = focus == .products ? .cart : .products
        case .left: browser.selectCategory(browser.categoryIndex - 1); productCursor = 0
        case .right: browser.selectCategory(browser.categoryIndex + 1); productCursor = 0
        case .character("/"): searching = ""; scanBuffer = ""
        case .character(let digit) where digit.isASCII && digit.isNumber:
            scanBuffer.append(digit)
        case .backspace where !scanBuffer.isEmpty:
            scanBuffer.removeLast()
        case .escape:
            if !scanBuffer.isEmpty { scanBuffer = "" } else if focus == .cart { focus = .products }
        case .enter:
            if !scanBuffer.isEmpty { return addScanned() }
            if focus == .products, let product = highlightedProduct { return addToCart(product, 1) }
        case .character("+"):
            if focus == .cart { return changeCartLine(by: 1) }
            if let product = highlightedProduct { return addToCart(product, 1) }
        case .character("-"):
            return focus == .cart ? changeCartLine(by: -1) : removeOne(of: highlightedProduct)
        case .character("x"), .delete:
            if focus == .cart, let current = sale, current.cart.lines.indices.contains(cartCursor) {
                let effects = applyToSale(.removeLine(cartCursor))
                cartCursor = max(0, min(cartCursor, cart.lines.count - 1))
                return effects
            }
        case .character("c"):
            guard !cart.isEmpty else { notice = Notice("the cart is empty", .warning); return [] }
            screen = .coinPicker
            coinCursor = 0
            notice = nil
            return checkoutIfOneCoin()
        case .character("i"):
            return openInFlight()
        case .character("m"):
            return requestManagerScreen()
        case .character("o"):
            return logOut()
        default:
            break
        }
        return []
    }

    var highlightedProduct: Product? {
        let listed = browser.visible
        guard listed.indices.contains(productCursor) else { return nil }
        return browser.catalog.products[listed[productCursor]]
    }

    private mutating func moveCursor(_ delta: Int) {
        if focus == .products {
            productCursor = max(0, min(productCursor + delta, browser.visible.count - 1))
        } else {
            cartCursor = max(0, min(cartCursor + delta, cart.lines.count - 1))
        }
    }

    private mutating func addScanned() -> [TillEffect] {
        let code = scanBuffer
        scanBuffer = ""
        guard let product = browser.catalog.product(scanned: code) else {
            notice = Notice("no product with barcode or SKU \(code)", .warning)
            return []
        }
        guard !product.disabled else { notice = Notice("\(product.name) is not for sale", .warning); return [] }
        return addToCart(product, 1)
    }

    /// Adds to the open sale, opening one first when needed.
    mutating func addToCart(_ product: Product, _ quantity: Int) -> [TillEffect] {
        var effects: [TillEffect] = []
        if sale == nil {
            guard let id = nextSaleID else {
                pendingAdd = product
                return [.reserveSaleID]
            }
            nextSaleID = nil
            sale = Sale(id: id, cashier: cashier, openedAt: now,
                        cart: Cart(currency: shop.currency, taxMode: shop.taxMode, defaultTaxRate: shop.defaultTaxRate))
        }
        let inCart = cart.lines.first { $0.product.id == product.id }?.quantity ?? 0
        if let stock = browser.stock(of: product), inCart + quantity > stock {
            notice = Notice("only \(max(0, stock)) \(product.name) in stock", .warning)
        } else {
            notice = Notice("added \(product.name)", .info)
        }
        effects += applyToSale(.addProduct(product, quantity: quantity))
        return effects
    }

    private mutating func removeOne(of product: Product?) -> [TillEffect] {
        guard let product, let index = cart.lines.firstIndex(where: { $0.product.id == product.id }) else { return [] }
        return applyToSale(.setQuantity(line: index, quantity: cart.lines[index].quantity - 1))
    }

    private mutating func changeCartLine(by delta: Int) -> [TillEffect] {
        guard cart.lines.indices.contains(cartCursor) else { return [] }
        let effects = applyToSale(.setQuantity(line: cartCursor, quantity: cart.lines[cartCursor].quantity + delta))
        cartCursor = max(0, min(cartCursor, cart.lines.count - 1))
        return effects
    }
}
