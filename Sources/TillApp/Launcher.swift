import Foundation
import Logging
import TillStore
import TillConfig
import TillCore
import TillTerminal
import TillUI

/// What `till` was asked to start with.
public struct LaunchOptions: Sendable {
    public var configPath: String?
    public var training: Bool
    public var environment: [String: String]
    /// `--log-level`: overrides `log_level` in till.toml for this run.
    public var logLevel: String?

    public init(configPath: String?, training: Bool, environment: [String: String] = ProcessInfo.processInfo.environment,
                logLevel: String? = nil) {
        self.configPath = configPath
        self.training = training
        self.environment = environment
        self.logLevel = logLevel
    }
}

/// Builds the till from its configuration and runs it in the terminal.
public enum TillLauncher {
    /// Starts the till; returns the process exit status. Errors are printed before the screen opens.
    public static func run(_ options: LaunchOptions) -> Int32 {
        // A terminal that cannot show the till is said at once, before the catalog and database are loaded.
        do {
            try Terminal.requireUTF8Locale(environment: options.environment)
            try Terminal.requireCapableTerminal(environment: options.environment)
        } catch {
            printError("till: \(error.message)")
            return 1
        }
        let assembled: Assembly
        do { assembled = try assemble(options, lockDataDirectory: true) } catch {
            printError(error)
            return 2
        }
        let terminal: Terminal
        do { terminal = try Terminal(theme: assembled.theme, environment: options.environment) } catch {
            printError("till: \(error.message)")
            return 1
        }
        defer { terminal.shutdown() }
        assembled.log.info("till started (\(assembled.runner.model.training ? "training" : "live"))")
        let status = assembled.runner.run(on: terminal)
        assembled.log.info("till stopped")
        return status
    }

    /// A runner, its theme and its log, ready to run.
    public struct Assembly {
        public let runner: TillRunner
        public let theme: Theme
        public let log: FileLog
    }

    /// Loads configuration, catalog and theme and builds the runner (training when asked or when no coin is configured).
    /// With `lockDataDirectory` (the till process), a second till on the same data directory is refused before
    /// anything in it is touched (`DataDirectoryLock`).
    public static func assemble(_ options: LaunchOptions, now: Date = Date(), lockDataDirectory: Bool = false) throws -> Assembly {
        let configuration = try ConfigLoader.load(commandLine: options.configPath, environment: options.environment)
        let dataDirectory = URL(fileURLWithPath: configuration.dataDirectory)
        try PrivateFiles.directory(dataDirectory.path, tightening: true)
        if lockDataDirectory { try DataDirectoryLock.acquire(dataDirectory) }
        let isTraining = options.training || configuration.isTrainingMode
        // Training's scratch database does not need the catalog: it is made on another thread while the catalog loads.
        let scratch = isTraining ? TrainingScratch(at: dataDirectory.appendingPathComponent("training.sqlite"), now: now) : nil
        let loaded = try CatalogFile.loadForTill(configuration.catalog, dataDirectory: configuration.dataDirectory,
                                                 progress: StartProgress.show)
        let catalog = loaded.catalog
        let theme = try ThemeFile.resolve(configuration.theme, environment: options.environment)
        let log = FileLog(path: configuration.logFile,
                          level: Logger.Level(rawValue: options.logLevel ?? configuration.logLevel) ?? .info)
        let shop = ShopInfo(name: configuration.shop.name, currency: configuration.shop.currency,
                            taxMode: configuration.shop.taxMode, defaultTaxRate: configuration.shop.defaultTaxRate)
        let inbox = Inbox()
        let receipts = ReceiptWriter(directory: dataDirectory.appendingPathComponent("receipts"))
        let cashier = options.environment["USER"] ?? "cashier"
        if let scratch {
            let trainingReceipts = dataDirectory.appendingPathComponent("training-receipts")
            let hooks = HookAttachment.training(directory: trainingReceipts, configuration: configuration, shop: shop,
                                                inbox: inbox, log: log)
            var writer = ReceiptWriter(directory: trainingReceipts)
            writer.printers = hooks.printers
            let runner = try training(shop: shop, catalog: catalog, cashier: cashier, inbox: inbox, log: log, receipts: writer, now: now,
                                      scratch: scratch)
            runner.observers.append(hooks)
            runner.manager?.hooks = hooks
            runner.manager?.printers = hooks.printers
            return Assembly(runner: runner, theme: theme, log: log)
        }
        return Assembly(runner: try LiveAssembly.runner(configuration: configuration, shop: shop, catalog: catalog, cashier: cashier,
                                                        inbox: inbox, log: log, receipts: receipts, now: now,
                                                        catalogFingerprint: loaded.fingerprint),
                        theme: theme, log: log)
    }

    /// Training: the full flow on a simulated chain, TRAINING on every screen. Sales are kept in `database`, a scratch
    /// SQLite file (recreated at each start) that also backs the manager screen.
    public static func training(shop: ShopInfo, catalog: Catalog, cashier: String, inbox: Inbox, log: FileLog,
                                receipts: ReceiptWriter, now: Date, database: URL) throws -> TillRunner {
        try training(shop: shop, catalog: catalog, cashier: cashier, inbox: inbox, log: log, receipts: receipts, now: now,
                     scratch: TrainingScratch(at: database, now: now))
    }

    /// `training` with its scratch database already under way (`assemble` starts it before loading the catalog).
    static func training(shop: ShopInfo, catalog: Catalog, cashier: String, inbox: Inbox, log: FileLog,
                         receipts: ReceiptWriter, now: Date, scratch: TrainingScratch) throws -> TillRunner {
        let simulator = SimulatedChain(inbox: inbox)
        let coins = TrainingCoins.options(currency: shop.currency, now: now)
        let model = TillModel(shop: shop, cashier: cashier, training: true, catalog: catalog, coins: coins, now: now,
                              size: TextSize(columns: 80, rows: 24))
        let ready = try scratch.ready()
        let store = ready.store
        // The scratch store gets a product when a sale first counts it, not all of them at every start.
        let runner = TillRunner(model: model, sales: TrainingLedgerSales(store: store),
                                quotes: try TrainingQuoteMaker(shopName: shop.name), feeds: Dictionary(uniqueKeysWithValues: coins.map { ($0.asset.id, simulator) }), inbox: inbox,
                                log: log, receipts: receipts, simulator: simulator)
        runner.lane = LanePublisher(store: store, log: log)
        // Exports and Z reports of training go to <data>/training/, never next to the real ones.
        let login = AccountsAttachment.attach(to: runner, store: store, iterations: TrainingScratch.iterations, inbox: inbox,
                                              log: log, dataDirectory: scratch.directory.appendingPathComponent("training"))
        runner.signIn(login.beginSession(ready.manager))
        return runner
    }

    /// Prints a message as given, or an error as `till: <its text>`, neutralised, on standard error.
    static func printError(_ error: Any) {
        let text: String
        if let message = error as? String { text = message }
        else if let error = error as? any Error { text = "till: \(ErrorText.message(error))" }
        else { text = "till: \(error)" }
        FileHandle.standardError.write(Data((UntrustedText.escaped(text, keepingNewlines: true) + "\n").utf8))
    }
}

extension Terminal: TerminalPort {}
