import Foundation
import TillChain
import TillConfig
import TillCore
import TillManager
import TillStore
import TillUI
import TillWallet

/// The live till: its ledger (SQLite, or a lane of the shop's PostgreSQL), the merchant's watch-only wallets, chain watchers and rate sources.
enum LiveAssembly {
    static func runner(configuration: TillConfiguration, shop: ShopInfo, catalog: Catalog, cashier: String, inbox: Inbox,
                       log: FileLog, receipts: ReceiptWriter, now: Date, catalogFingerprint: String? = nil) throws -> TillRunner {
        let dataDirectory = URL(fileURLWithPath: configuration.dataDirectory)
        let store = try LedgerOpening.open(configuration)
        // A changed configuration (coins, wallets, backends, printers, hooks; never credentials) is audited at start.
        do {
            let found = ConfigReport.describe(configuration, environment: ProcessInfo.processInfo.environment, loaded: catalog).found
            if let entry = try ConfigAudit(database: store).recordIfChanged(found: found, actor: cashier, at: now) {
                log.info("configuration change recorded in the audit log (entry \(entry.id))")
            }
        } catch { log.error("could not audit the configuration: \(error)") }
        // Only a changed catalog is written (the fingerprint is its file's hash); a start with 100,000 unchanged ones writes nothing.
        if let catalogFingerprint { _ = try store.syncProducts(catalog.products, fingerprint: catalogFingerprint, at: now) }
        else { try store.upsertProducts(Array(catalog.products), at: now) }
        let directory = SaleIndex()
        let rates = rateBook(configuration)
        var quotable: [String: QuotableCoin] = [:]
        var feeds: [String: ChainFeed] = [:]
        var usedChecks: [String: any UnusedAddressCheck] = [:]
        var options: [CoinOption] = []
        for coin in configuration.coins {
            let wallet = try WalletBridge.wallet(for: coin)
            quotable[coin.asset.id] = QuotableCoin(wallet: wallet, gapLimit: coin.gapLimit)
            var option = CoinOption(asset: coin.asset, network: coin.network.description, policy: coin.policy)
            switch (coin.asset.kind, coin.backend.kind) {
            case (.utxo, .bitcoinRPC):
                let feed = BitcoinFeed(asset: coin.asset, network: wallet.network, backendName: "\(coin.asset.id) \(coin.backend.host)",
                                       store: store, directory: directory, inbox: inbox, log: log)
                let watcher = BitcoinNodeWatcher(
                    backend: try bitcoinBackend(coin.backend, coin.network), fallback: try coin.fallback.flatMap { $0.kind == .bitcoinRPC ? $0 : nil }.map { try bitcoinBackend($0, coin.network) }, sink: feed,
                    store: feed.stateInDatabase(store, coinID: coin.asset.id, dataDirectory: dataDirectory),
                    configuration: BitcoinNodeWatcher.Configuration(pollInterval: .milliseconds(coin.backend.pollIntervalMilliseconds)),
                    notifications: coin.backend.zmq.flatMap(ZMQSubscriber.init(endpoint:)))
                feed.start(watcher, deferPolling: true)
                feeds[coin.asset.id] = feed
                usedChecks[coin.asset.id] = NodeUnusedAddressCheck(backend: try bitcoinBackend(coin.backend, coin.network))
            case (.utxo, .esplora):
                usedChecks[coin.asset.id] = EsploraUnusedAddressCheck(client: try esploraClient(coin.backend, coin.network))
                feeds[coin.asset.id] = try esploraFeed(coin, network: wallet.network, dataDirectory: dataDirectory, store: store,
                                                       directory: directory, inbox: inbox, log: log)
            case (.evmNative, .ethereumRPC), (.erc20, .ethereumRPC):
                feeds[coin.asset.id] = try EthereumFeed.started(coin: coin, dataDirectory: dataDirectory, store: store,
                                                                directory: directory, inbox: inbox, log: log, now: now,
                                                                configured: configuration.coins.map(\.asset))
            default:
                option.backend = .offline(reason: "\(coin.backend.kind.rawValue) backends are not wired into the till yet", since: now)
            }
            options.append(option)
        }
        var model = TillModel(shop: shop, cashier: cashier, training: false, catalog: catalog, coins: options, now: now,
                              size: TextSize(columns: 80, rows: 24))
        model.timeZone = .current
        model.screen = .login
        let hooks = HookAttachment.live(configuration: configuration, store: store, shop: shop, inbox: inbox, log: log)
        var receipts = receipts
        receipts.printers = hooks.printers
        let runner = TillRunner(model: model, sales: OutboxLedgerSales(store: store, hooks: hooks),
                                quotes: LiveQuoteMaker(store: store, coins: quotable, rates: rates, shopName: shop.name,
                                                       reuse: .live(store: store, checks: usedChecks, log: log)),
                                feeds: feeds, inbox: inbox, log: log, receipts: receipts, directory: directory)
        runner.replayObservations = { [store, log] sale in
            do {
                return ObservationReplay.events(for: sale, observations: try store.observations(forAddresses: sale.quotes.map(\.address)),
                                                now: Date())
            } catch {
                log.error("cannot replay the observations of \(sale.id): \(error)")
                return []
            }
        }
        runner.lane = LanePublisher(store: store, log: log)
        let stock = StockWatch(store: store, log: log, inbox: inbox)
        runner.observers += [hooks, stock]
        stock.postAll(from: store)
        AccountsAttachment.attach(to: runner, store: store, iterations: PINHasher.recommendedIterations, inbox: inbox, log: log,
                                  dataDirectory: dataDirectory)
        runner.manager?.hooks = hooks
        runner.manager?.printers = hooks.printers
        if configuration.store != nil {
            // A lane of a shared ledger: its own sales taken back and stopped lanes' sales adopted before `restore`.
            let lease = LaneLease(store: store, inbox: inbox, log: log)
            // Polling has not begun: the feeds read the chain again once `restore` watched the adopted addresses.
            runner.rescanAtStart = try lease.takeOverAtStart(at: now)
            lease.start()
        }
        hooks.start()
        RateRefresher(rates: rates, assets: options.map(\.asset), currency: shop.currency, inbox: inbox).start()
        return runner
    }

    /// The chain a UTXO coin's backend must serve, by the coin's network.
    static func identity(_ network: CoinNetwork?) -> BitcoinChainIdentity? {
        network.flatMap { if case .utxo(let name) = $0 { return BitcoinChainIdentity.named(name.rawValue) }; return nil }
    }

    /// With `network`, the node must serve that chain (checked at start and after every failure).
    static func bitcoinBackend(_ settings: BackendSettings, _ network: CoinNetwork? = nil,
                               timeoutSeconds: Int = 10) throws -> BitcoinRPCBackend {
        guard let url = URL(string: settings.url) else { throw TillAppError("backend URL \(settings.url) is not a URL") }
        let identity = identity(network)
        if let cookie = settings.cookieFile {
            return BitcoinRPCBackend(url: url, credentials: .cookieFile(URL(fileURLWithPath: cookie)),
                                     timeoutSeconds: timeoutSeconds, identity: identity)
        }
        return BitcoinRPCBackend(url: url, credentials: .userPassword(user: settings.rpcUser ?? "",
                                                                      password: settings.rpcPassword?.revealed ?? ""),
                                 timeoutSeconds: timeoutSeconds, identity: identity)
    }

    /// An Esplora watcher for a UTXO coin. Only an Esplora fallback is used here; a bitcoin-rpc fallback (and an
    /// Esplora fallback for a bitcoin-rpc primary) is not supported because each watcher takes one backend kind.
    static func esploraFeed(_ coin: CoinSettings, network: Network, dataDirectory: URL, store: any LedgerStore, directory: SaleIndex,
                            inbox: Inbox, log: FileLog) throws -> BitcoinFeed {
        let feed = BitcoinFeed(asset: coin.asset, network: network, backendName: "\(coin.asset.id) \(coin.backend.host)",
                               store: store, directory: directory, inbox: inbox, log: log)
        if let fallback = coin.fallback, fallback.kind != .esplora {
            log.error("\(coin.asset.id): a \(fallback.kind.rawValue) fallback for an esplora backend is not supported; ignored")
        }
        let watcher = EsploraWatcher(
            client: try esploraClient(coin.backend, coin.network),
            fallback: try coin.fallback.flatMap { $0.kind == .esplora ? $0 : nil }.map { try esploraClient($0, coin.network) },
            sink: feed,
            store: feed.stateInDatabase(store, coinID: coin.asset.id, dataDirectory: dataDirectory),
            configuration: EsploraWatcher.Configuration(pollInterval: .milliseconds(coin.backend.pollIntervalMilliseconds)))
        feed.start(watcher, deferPolling: true)
        return feed
    }

    /// With `network`, the server's genesis block must be that chain's (checked at start and after every failure).
    static func esploraClient(_ settings: BackendSettings, _ network: CoinNetwork? = nil,
                              timeoutSeconds: Int = 10) throws -> EsploraClient {
        guard let url = URL(string: settings.url) else { throw TillAppError("backend URL \(settings.url) is not a URL") }
        return EsploraClient(baseURL: url, name: settings.host, timeoutSeconds: timeoutSeconds, identity: identity(network))
    }

    static func rateBook(_ configuration: TillConfiguration) -> RateBook {
        var sources: [any RateSource] = []
        for source in configuration.rates.sources {
            switch source {
            case .kraken: sources.append(KrakenRateSource())
            case .coinbase: sources.append(CoinbaseRateSource())
            case .coingecko: sources.append(CoinGeckoRateSource())
            case .fixed: break
            }
        }
        var fixed: [RatePair: DecimalNumber] = [:]
        for (coinID, price) in configuration.rates.fixed {
            guard let coin = configuration.coin(coinID) else { continue }
            fixed[RatePair(coin.asset, configuration.shop.currency)] = price
        }
        return RateBook(sources: sources, fixed: fixed.isEmpty ? nil : FixedRateSource(rates: fixed),
                        policy: RatePolicy(maxAgeSeconds: configuration.rates.maxAgeSeconds,
                                           maxDeviationPercent: configuration.rates.maxDeviationPercent))
    }
}

/// Refreshes every coin's rate in the background so the coin picker shows live amounts and ages.
struct RateRefresher: Sendable {
    let rates: RateBook
    let assets: [Asset]
    let currency: FiatCurrency
    let inbox: Inbox

    func start() {
        let rates = rates, assets = assets, currency = currency, inbox = inbox
        Task.detached {
            while !Task.isCancelled {
                for asset in assets {
                    let refresh = await rates.refresh(RatePair(asset, currency), now: Date())
                    let problem = refresh.rate == nil ? (refresh.reasons.first ?? "no source answered") : nil
                    inbox.post(.coinRate(assetID: asset.id, refresh.rate, problem: problem))
                }
                try? await Task.sleep(for: .seconds(20))
            }
        }
    }
}
