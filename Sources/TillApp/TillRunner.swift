import Foundation
import TillCore
import TillStore
import TillUI

/// The Elm runner: feeds keys, ticks and background results to the model, performs the effects it
/// returns, and draws. A sale change is saved before the next frame is drawn.
public final class TillRunner {
    public private(set) var model: TillModel
    let sales: RunnerSales
    let quotes: QuoteMaker
    let feeds: [String: ChainFeed]
    let inbox: Inbox
    let log: FileLog
    let receipts: ReceiptWriter
    let simulator: SimulatedChain?
    /// Told about every saved sale, so chain events find their sale.
    let directory: SaleIndex?
    /// Told about every saved sale change (hooks, printers).
    public var observers: [SaleObserver] = []
    /// PIN checks and sessions (nil: no accounts, e.g. training tests without a store).
    public var login: LoginService?
    /// The manager screen's queries and actions (nil: no store to query).
    public var manager: ManagerService?
    /// After a restart: the recorded chain events a sale has not applied yet (`ObservationReplay`).
    public var replayObservations: ((Sale) -> [SaleEvent])?
    /// Publishes the cart and the sale on screen for `till display` (nil: no store, e.g. in-memory training tests).
    public var lane: LanePublisher?
    /// Open sales not on screen: they still expire, get paid late, and are re-watched after a restart.
    var background: [String: Sale] = [:]
    var quitting = false
    /// Heights (by coin id) to read the chain again from once `restore` watched the sales adopted at start.
    public var rescanAtStart: [String: Int] = [:]

    public init(model: TillModel, sales: RunnerSales, quotes: QuoteMaker, feeds: [String: ChainFeed], inbox: Inbox,
                log: FileLog, receipts: ReceiptWriter, simulator: SimulatedChain? = nil, directory: SaleIndex? = nil) {
        self.model = model
        self.sales = sales
        self.quotes = quotes
        self.feeds = feeds
        self.inbox = inbox
        self.log = log
        self.receipts = receipts
        self.simulator = simulator
        self.directory = directory
    }

    /// Restores open sales (the newest pending one on screen, the rest watched in the background) and paid sales
    /// still inside their reorg window (in the background, so a reorg or double spend after a restart is seen).
    public func restore() {
        do {
            let open = try sales.openSales()
            let paid = try sales.reorgWatchedSales()
            let onScreen = open.last { [.building, .awaitingPayment, .underpaid, .confirming].contains($0.status) && !$0.cart.isEmpty }
            watchInBackground(open + paid, except: onScreen)
            log.info("restored \(open.count) open sale(s) and \(paid.count) paid sale(s) in their reorg window")
        } catch {
            log.error("could not restore open sales: \(error)")
            model.notice = Notice("could not restore open sales: \(error)", .error)
        }
        // Only now may the chain be scanned: every restored address is watched before the first block is read.
        rescan(from: rescanAtStart)
        for feed in feeds.values { feed.beginPolling() }
        if model.screen == .login { perform(.login(.loadUsers)) }
    }

    /// Watches sales this till did not just make (restored after a restart, or adopted from a stopped lane): their
    /// addresses, their recorded but unapplied observations, and the strip; `onScreen` goes back on the screen.
    func watchInBackground(_ restored: [Sale], except onScreen: Sale? = nil) {
        for sale in restored { directory?.update(sale) }
        for sale in restored where sale.watching {
            for quote in sale.quotes { feeds[quote.asset.id]?.watch(address: quote.address, asset: quote.asset, saleID: sale.id) }
        }
        for sale in restored where sale.id != onScreen?.id { background[sale.id] = sale }
        if let onScreen { dispatch(.restored(onScreen)) }
        // What was recorded but not applied before a crash is applied and saved now, before polling begins: the
        // directory then knows those payments when the first confirmation event is looked up.
        for sale in restored { for event in replayObservations?(sale) ?? [] { dispatch(.sale(id: sale.id, event)) } }
        for sale in restored where sale.id != onScreen?.id && sale.status != .paid {
            dispatch(.backgroundSale(background[sale.id] ?? sale, effects: []))
        }
    }

    /// Has each coin's feed read the chain again from a height (by coin id), after the addresses it was just asked
    /// to watch: sales adopted from a stopped lane may have been paid in blocks read here before they were watched.
    func rescan(from heights: [String: Int]) {
        for (coin, height) in heights.sorted(by: { $0.key < $1.key }) { feeds[coin]?.rescan(from: height) }
    }

    /// Stops watching sales that went back to the lane that made them (it started again and took them back).
    func stopWatching(_ ids: [String]) {
        for id in ids {
            guard let sale = background.removeValue(forKey: id) else { continue }
            for quote in sale.quotes { feeds[quote.asset.id]?.unwatch(address: quote.address, asset: quote.asset) }
        }
    }

    /// Logs a user in without the PIN screen (training's own manager).
    func signIn(_ user: SignedInUser) {
        dispatch(.login(.loggedIn(user)))
    }

    /// Runs until the cashier quits; returns the exit status.
    public func run(on terminal: some TerminalPort, clock: () -> Date = Date.init) -> Int32 {
        restore()
        model.size = terminal.size
        var lastTick = clock()
        var dirty = true, drawn = false
        while !quitting {
            if dirty {
                terminal.draw(TillScreen.render(model))
                // After the first frame: the search index is built in the background from now on.
                if !drawn { model.browser.prepareSearch(); drawn = true }
                dirty = false
            }
            if let key = terminal.readKey(timeoutMilliseconds: 100) {
                dispatch(key == .resize ? .resized(terminal.size) : .key(key))
                if key == .resize { terminal.invalidate() }
                dirty = true
            }
            for event in inbox.drain() { dispatch(event); dirty = true }
            let now = clock()
            if now.timeIntervalSince(lastTick) >= 1 {
                lastTick = now
                dispatch(.tick(now))
                tickBackground(now)
                dirty = true
            }
        }
        return 0
    }

    /// One event through the model, then its effects.
    public func dispatch(_ event: TillEvent) {
        if case .sale(let id, let saleEvent) = event, model.sale?.id != id {
            routeToBackground(id, saleEvent)
            return
        }
        if case .saleChangedByManager(let sale, let effects) = event { adoptManagerChange(sale, effects: effects) }
        if case .adoptedSales(let adopted, let heights) = event {
            watchInBackground(adopted)
            rescan(from: heights)
        }
        if case .releasedSales(let ids) = event { stopWatching(ids) }
        let shown = model.sale
        for effect in model.handle(event) { perform(effect) }
        // A sale leaving the screen (the cashier moved on) while still watched keeps getting its chain events.
        if let shown, shown.watching, model.sale?.id != shown.id, background[shown.id] == nil { background[shown.id] = shown }
        // A sale in flight opened again (`i`) is the screen's now: the background copy must not be ticked twice.
        if let opened = model.sale, let copy = background.removeValue(forKey: opened.id), copy != opened { model.sale = copy }
        lane?.publish(model)
    }

    func perform(_ effect: TillEffect) {
        switch effect {
        case .persist(let sale, let saleEffects):
            do {
                try sales.save(sale, effects: saleEffects)
                if model.storageAlert != nil { dispatch(.storage(nil)) }
            } catch {
                let failure = StorageFailure(error)
                log.error("could not save sale \(sale.id): \(failure)")
                dispatch(.storage(StorageAlert(failure)))
                model.notice = Notice("could not save sale \(sale.id): \(failure) — do not hand over goods", .error)
                return
            }
            directory?.update(sale)
            for observer in observers { observer.saleSaved(sale, effects: saleEffects) }
            if sale.status.isClosed && !sale.watching { background[sale.id] = nil }
            perform(saleEffects, of: sale)
        case .reserveSaleID:
            do { dispatch(.saleIDReserved(try sales.reserveSaleID(at: model.now))) } catch {
                let failure = StorageFailure(error)
                log.error("could not reserve a sale id: \(failure)")
                dispatch(.storage(StorageAlert(failure)))
                model.notice = Notice("no new sale can start: \(failure)", .error)
            }
        case .writeReceipt(let sale):
            let result = receipts.write(sale, shop: model.shop, timeZone: model.timeZone)
            dispatch(.receiptWritten(result))
        case .simulatePayment(let address, let amount):
            simulator?.pay(address: address, amount: amount)
        case .simulateBlock:
            simulator?.mineBlock()
        case .login(let effect):
            guard let login else { model.notice = Notice("there are no user accounts in this till", .error); return }
            for event in login.perform(effect) { dispatch(event) }
        case .manager(let effect):
            guard let manager else {
                if case .closed = effect { return }
                model.notice = Notice("the manager screen needs the sales database", .error)
                return
            }
            for event in manager.perform(effect) { dispatch(event) }
        case .quit:
            if let sale = model.sale, sale.watching { background[sale.id] = sale }
            quitting = true
        }
    }

    /// Performs a saved sale's effects: quotes, watches, stock, notices.
    func perform(_ saleEffects: [SaleEffect], of sale: Sale) {
        for effect in saleEffects {
            switch effect {
            case .requestQuote(let asset, let amount, let remainder, let reuse):
                let request = QuoteRequest(saleID: sale.id, asset: asset, fiat: amount, remainder: remainder, reuseAddress: reuse,
                                           previous: sale.currentQuote, policy: sale.policy ?? .defaults(for: asset), now: model.now)
                let quotes = self.quotes, inbox = self.inbox, log = self.log
                Task.detached {
                    do {
                        inbox.post(.sale(id: sale.id, .quoteReady(try await quotes.makeQuote(request))))
                    } catch {
                        log.error("quote for \(sale.id) failed: \(error)")
                        inbox.post(.sale(id: sale.id, .quoteFailed(reason: String(describing: error))))
                    }
                }
            case .watch(let address, let asset):
                feeds[asset.id]?.watch(address: address, asset: asset, saleID: sale.id)
            case .unwatch(let address, let asset):
                feeds[asset.id]?.unwatch(address: address, asset: asset)
            case .adjustStock:
                // Already applied: the store moved the stock in the sale's save transaction (DECISIONS 10), and
                // StockWatch reads the saved effects for its low-stock notices.
                break
            case .notify(let notice):
                log.info("sale \(sale.id): \(notice)")
            }
        }
    }

    private func routeToBackground(_ id: String, _ event: SaleEvent) {
        guard var sale = background[id] else {
            log.info("event for unknown sale \(id) ignored: \(event)")
            return
        }
        let before = sale
        let effects = sale.handle(event)
        // Most ticks change nothing: no write then (paid sales sit here for their whole reorg window).
        guard sale != before || !effects.isEmpty else { return }
        background[id] = sale
        perform(.persist(sale, effects))
        // The cashier hears of it wherever they are: the strip, a notice naming the sale, the receipt once PAID.
        dispatch(.backgroundSale(sale, effects: effects))
    }

    private func tickBackground(_ now: Date) {
        for id in background.keys.sorted() { routeToBackground(id, .tick(now)) }
    }
}
